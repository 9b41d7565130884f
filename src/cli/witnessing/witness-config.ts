/**
 * The witnesses a server asks to cosign its spaces' checkpoints, from a JSON file named by
 * `fabrique serve --witnesses FILE` (or FABRIQUE_WITNESSES):
 *
 *     { "threshold": 2,
 *       "witnesses": [{ "url": "https://w1.example/", "vkey": "w1.example+1a2b3c4d+BA…" }, …] }
 *
 * `url` is the witness's submission prefix (requests go to `<url>/add-checkpoint`, c2sp.org/tlog-witness),
 * `vkey` its cosignature/v1 (type 0x04) verifier key, `threshold` the k of the k-of-n policy: a checkpoint
 * is published only once k of these witnesses cosigned it.
 *
 * Parser of untrusted text (an operator's file, but a typo must not silently weaken the policy). Limits:
 * MAX_WITNESS_CONFIG_SIZE bytes, MAX_WITNESSES witnesses; every URL http(s) without credentials, every
 * key a cosignature/v1 key, distinct keys, 1 ≤ k ≤ n. Anything else is a CliError("usage") naming it.
 */
import type { WitnessEndpoint } from "../../audit/witness/submit.js";
import { parseVerifierKey } from "../../log/note/index.js";
import { CliError } from "../cli-error.js";

/** Largest configuration file read, in bytes. */
export const MAX_WITNESS_CONFIG_SIZE = 64 * 1024;

/** Most witnesses a server submits to. */
export const MAX_WITNESSES = 32;

/** The witnesses of a server and its policy. */
export interface WitnessConfig {
  readonly threshold: number;
  readonly witnesses: readonly WitnessEndpoint[];
}

/**
 * Parses a witness configuration; `source` names the file in errors.
 *
 * @example parseWitnessConfig(await readFile(path, "utf8"), path).threshold
 */
export function parseWitnessConfig(text: string, source: string): WitnessConfig {
  if (text.length > MAX_WITNESS_CONFIG_SIZE) {
    throw bad(source, `is larger than ${MAX_WITNESS_CONFIG_SIZE} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CliError("usage", `witness configuration ${source} is not JSON`, { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw bad(source, 'is not an object { "threshold": k, "witnesses": [{ "url", "vkey" }] }');
  }
  const { threshold, witnesses } = value as Record<string, unknown>;
  if (!Array.isArray(witnesses) || witnesses.length === 0) {
    throw bad(source, "needs a non-empty list witnesses");
  }
  if (witnesses.length > MAX_WITNESSES)
    throw bad(source, `lists more than ${MAX_WITNESSES} witnesses`);
  const endpoints = witnesses.map((w, i) => endpointOf(w, i, source));
  const keys = new Set(endpoints.map((e) => e.vkey));
  if (keys.size !== endpoints.length) throw bad(source, "lists one witness key twice");
  if (
    typeof threshold !== "number" ||
    !Number.isInteger(threshold) ||
    threshold < 1 ||
    threshold > endpoints.length
  ) {
    throw bad(source, `threshold must be a whole number from 1 to ${endpoints.length}`);
  }
  return { threshold, witnesses: endpoints };
}

function endpointOf(value: unknown, i: number, source: string): WitnessEndpoint {
  if (typeof value !== "object" || value === null) {
    throw bad(source, `witness ${i} is not an object { "url", "vkey" }`);
  }
  const { url, vkey } = value as Record<string, unknown>;
  if (typeof url !== "string" || typeof vkey !== "string") {
    throw bad(source, `witness ${i} needs string fields url and vkey`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(source, `witness ${i}: ${url} is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw bad(source, `witness ${i}: ${url} is not an http(s) URL`);
  }
  if (
    parsed.username !== "" ||
    parsed.password !== "" ||
    parsed.search !== "" ||
    parsed.hash !== ""
  ) {
    throw bad(source, `witness ${i}: the URL must not hold credentials, a query or a fragment`);
  }
  let kind: string;
  try {
    kind = parseVerifierKey(vkey.trim()).kind;
  } catch (cause) {
    throw new CliError("usage", `witness configuration ${source}: witness ${i}: bad vkey`, {
      cause,
    });
  }
  if (kind !== "cosignature/v1") {
    throw bad(source, `witness ${i}: vkey is a ${kind} key, not a cosignature/v1 (0x04) key`);
  }
  return { url, vkey: vkey.trim() };
}

function bad(source: string, what: string): CliError {
  return new CliError("usage", `witness configuration ${source} ${what}`);
}
