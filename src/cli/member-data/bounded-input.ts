/**
 * Reading what a credential command is given: a file, standard input ("-") or an http(s) URL, each
 * bounded (a hostile server or file cannot make the command hold more than `limit` bytes) and decoded
 * as UTF-8. Plain http is refused unless allowed: an issuer's keys fetched in the clear could be
 * replaced on the way.
 */
import { open } from "node:fs/promises";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

/** How long a fetch may take. */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * The text at `source` (a path, "-" or a URL), at most `limit` bytes.
 *
 * @example const text = await readInput("presentation.txt", io, 64 * 1024, "the presentation")
 */
export async function readInput(
  source: string,
  io: Io,
  limit: number,
  what: string,
  options: { readonly allowHttp?: boolean } = {},
): Promise<string> {
  if (/^https?:\/\//.test(source))
    return fetchText(source, limit, what, options.allowHttp === true);
  if (source === "-") return readStream(io.stdin, limit, what);
  const file = await open(source, "r").catch((cause: unknown) => {
    throw new CliError("io", `cannot read ${what} from ${source}`, { cause });
  });
  try {
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await file.read(buffer, 0, limit + 1, 0);
    if (bytesRead > limit) throw new CliError("input", `${what} is longer than ${limit} bytes`);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await file.close();
  }
}

/**
 * GETs `url` and returns its body as text, at most `limit` bytes.
 *
 * @example await fetchText("https://trust.example/.well-known/jwt-vc-issuer/v1/spaces/s", 65536, "metadata", false)
 */
export async function fetchText(
  url: string,
  limit: number,
  what: string,
  allowHttp: boolean,
): Promise<string> {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && !(allowHttp && parsed.protocol === "http:")) {
    throw new CliError("usage", `${what}: ${url} is not https (--allow-http to accept http)`);
  }
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (cause) {
    throw new CliError("io", `${what}: ${url} did not answer`, { cause });
  }
  if (!response.ok) throw new CliError("io", `${what}: ${url} answered ${response.status}`);
  if (response.body === null) return "";
  return readStream(response.body as unknown as AsyncIterable<Uint8Array>, limit, what);
}

async function readStream(
  stream: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream,
  limit: number,
  what: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    size += bytes.length;
    if (size > limit) throw new CliError("input", `${what} is longer than ${limit} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
