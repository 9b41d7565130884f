/**
 * What `audit recompute` and `audit report` share: the space's API next to its log, the refresh that
 * runs a monitor's poll (`audit follow`) before every read of the mirror, and the witness policy a
 * monitor may require of checkpoints.
 */
import type { Command } from "commander";
import { type JsonFetcher, urlJsonFetcher } from "../../audit/fetch/json-fetcher.js";
import { pollOnce } from "../../audit/follow/poll.js";
import { checkWitnesses, type WitnessCheck, witnessPolicy } from "../../audit/follow/witnessed.js";
import { openMirror, type RefreshLog } from "../../audit/replay/verified-log.js";
import { LogError } from "../../log/errors.js";
import { parseVerifierKey, verifierFromKey } from "../../log/note/index.js";
import type { TileFetcher } from "../../log/tiles/index.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";

/** Options of the commands that read a space's API beside its log. */
export interface SpaceAuditOptions {
  readonly url?: string;
  readonly dir?: string;
  readonly api?: string;
  readonly vkey: string;
  readonly state: string;
  readonly timeout: string;
  readonly wait: string;
  readonly json?: boolean;
  readonly witness?: readonly string[];
  readonly witnessThreshold?: string;
}

/** Adds --api, --wait and the witness options to `command`. */
export function spaceAuditOptions(command: Command): Command {
  return command
    .requiredOption("--vkey <file>", "the log's verifier key file")
    .requiredOption("--state <dir>", "the monitor's state (as for audit follow); polled first")
    .option(
      "--api <url>",
      "the space's API, e.g. https://host/v1/spaces/stays/ (default: --url without its log/ segment)",
    )
    .option("--wait <seconds>", "wait this long for a checkpoint covering what is served", "10")
    .option("--json", "print the result as one JSON object on stdout")
    .option(
      "--witness <file>",
      "a witness's cosignature verifier key (repeat for several); the checkpoint must carry their cosignatures",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--witness-threshold <k>",
      "how many of the --witness keys must have cosigned (default all)",
    );
}

/**
 * A number of seconds ≥ 0 (for --wait), or a usage error.
 *
 * @example nonNegativeSeconds("10") // 10
 */
export function nonNegativeSeconds(text: string, option = "--wait"): number {
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds < 0) {
    throw new CliError("usage", `${option} must be a number of seconds ≥ 0, not ${text}`);
  }
  return seconds;
}

/**
 * The space's API: --api, or the log URL without its trailing `log/` (`…/v1/spaces/stays/log/`).
 *
 * @example spaceApi({ url: "http://h/v1/spaces/stays/log/" }).base // "http://h/v1/spaces/stays/"
 */
export function spaceApi(opts: SpaceAuditOptions, timeoutMs: number): JsonFetcher {
  if (opts.api !== undefined) return urlJsonFetcher(opts.api, { timeoutMs });
  const log = opts.url?.replace(/\/+$/, "");
  if (log === undefined || !log.endsWith("/log")) {
    throw new CliError("usage", "give --api (the space's API URL) unless --url ends with /log/");
  }
  return urlJsonFetcher(`${log.slice(0, -"log".length)}`, { timeoutMs });
}

/**
 * A refresh: one monitor poll (a fork throws LogError("inconsistent") naming its evidence file), then
 * the mirror opened at the latest verified checkpoint.
 *
 * @example const refresh = monitorRefresh(opts, io, source, vkey); const log = await refresh()
 */
export function monitorRefresh(
  opts: SpaceAuditOptions,
  io: Io,
  source: TileFetcher,
  vkey: string,
): RefreshLog {
  return async () => {
    const report = progress(io, "mirror");
    const result = await pollOnce({
      source,
      sourceName: opts.url ?? opts.dir ?? "",
      vkey,
      stateDir: opts.state,
      report,
    });
    if (result.kind === "fork") {
      io.out(result.evidence);
      throw new LogError(
        "inconsistent",
        `fork detected (${result.fork.reason}): evidence in ${result.evidencePath}`,
      );
    }
    if ((result.kind === "first" || result.kind === "grew") && result.mirrored.entries > 0) {
      report.finish(`${result.mirrored.entries} entries`);
    }
    return openMirror(opts.state, vkey);
  };
}

/**
 * The cosignatures of `note` against the --witness keys, or undefined when none were given.
 *
 * @example const check = await witnessCheckOf(opts, vkey, log.checkpoint.note, readText)
 */
export async function witnessCheckOf(
  opts: Pick<SpaceAuditOptions, "witness" | "witnessThreshold">,
  vkey: string,
  note: string,
  read: (path: string) => Promise<string>,
): Promise<WitnessCheck | undefined> {
  const files = opts.witness ?? [];
  if (files.length === 0) {
    if (opts.witnessThreshold !== undefined) {
      throw new CliError("usage", "--witness-threshold needs at least one --witness key");
    }
    return undefined;
  }
  const keys = await Promise.all(files.map(read));
  const threshold =
    opts.witnessThreshold === undefined ? keys.length : Number(opts.witnessThreshold);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > keys.length) {
    throw new CliError(
      "usage",
      `--witness-threshold must be a whole number from 1 to ${keys.length}, not ${opts.witnessThreshold}`,
    );
  }
  const logVerifier = verifierFromKey(parseVerifierKey(vkey.trim()));
  return checkWitnesses(note, logVerifier, witnessPolicy(keys, threshold));
}

/**
 * One line on a checkpoint's witnesses, for people.
 *
 * @example io.out(witnessLine(check))
 */
export function witnessLine(check: WitnessCheck): string {
  const seen = check.cosigned
    .map((c) => `${c.witness} at ${new Date(c.timestamp * 1000).toISOString()}`)
    .join(", ");
  const missing =
    check.missing.length === 0 ? "" : `; no cosignature from ${check.missing.join(", ")}`;
  const verdict = check.met ? "OK" : "UNWITNESSED";
  return `${verdict}: ${check.cosigned.length} of ${check.cosigned.length + check.missing.length} witnesses cosigned the checkpoint (policy: ${check.threshold})${seen === "" ? "" : `: ${seen}`}${missing}\n`;
}
