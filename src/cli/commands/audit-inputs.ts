/**
 * Inputs of the `audit` commands: where the log is read from (a directory or a URL, bounded in time),
 * durations, and small files named on the command line (keys, receipts), each bounded in size.
 */
import { readFile } from "node:fs/promises";
import { directoryFetcher, urlFetcher } from "../../audit/fetch/fetchers.js";
import { withTimeout } from "../../audit/follow/fetchers.js";
import type { TileFetcher } from "../../log/tiles/index.js";
import { CliError } from "../cli-error.js";

/** Where a command reads the log. */
export interface SourceOptions {
  readonly url?: string;
  readonly dir?: string;
  readonly timeout: string;
}

/**
 * The log source of a command: exactly one of --dir and --url, bounded by --timeout.
 *
 * @example const source = sourceOf({ url, timeout: "30" })
 */
export function sourceOf(opts: SourceOptions): TileFetcher {
  if ((opts.dir === undefined) === (opts.url === undefined)) {
    throw new CliError("usage", "give exactly one of --dir and --url");
  }
  const timeout = positiveSeconds(opts.timeout, "--timeout");
  const fetcher = opts.url !== undefined ? urlFetcher(opts.url) : directoryFetcher(opts.dir ?? "");
  return withTimeout(fetcher, timeout * 1000);
}

/** A number of seconds > 0, or a usage error naming `option`. */
export function positiveSeconds(text: string, option: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError("usage", `${option} must be a positive number of seconds, not ${text}`);
  }
  return seconds;
}

/** The text of a file of at most `limit` bytes, or a CLI error naming `option`. */
export async function readText(path: string, option: string, limit: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError("io", `cannot read ${option} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (bytes.length > limit) throw new CliError("input", `${option} ${path} is too large`);
  return bytes.toString("utf8");
}
