/**
 * The logs a witness vouches for (c2sp.org/tlog-witness: "Each witness is configured with a list of
 * supported log public keys … each log, uniquely identified by its origin line"), read from a JSON file:
 *
 *     [{ "origin": "example.org/log", "vkey": "example.org/log+1a2b3c4d+AW…" }, …]
 *
 * An origin may appear several times, once per trusted key (a log rotating its key). The key name need
 * not equal the origin (sum.golang.org signs "go.sum database tree").
 *
 * Parser of untrusted text (an operator's file, but a typo must not widen trust). Limits:
 * MAX_LOGS_FILE_SIZE bytes, MAX_WITNESSED_KEYS entries; every origin a valid checkpoint origin line,
 * every key an Ed25519 (type 0x01) verifier key. Anything else throws LogError("malformed").
 */
import { LogError } from "../../log/errors.js";
import { type NoteVerifier, parseVerifierKey, verifierFromKey } from "../../log/note/index.js";
import { assertNoControlCharacters } from "../../log/note/utf8.js";

/** Largest logs file read, in bytes. */
export const MAX_LOGS_FILE_SIZE = 1024 * 1024;

/** Most (origin, key) pairs a witness is configured with. */
export const MAX_WITNESSED_KEYS = 10_000;

/** One log the witness cosigns: its origin line and the keys trusted to sign its checkpoints. */
export interface WitnessedLog {
  readonly origin: string;
  readonly verifiers: readonly NoteVerifier[];
}

/** The witnessed logs by origin. */
export type WitnessedLogs = ReadonlyMap<string, WitnessedLog>;

/**
 * Parses the logs file.
 *
 * @example parseWitnessedLogs('[{"origin":"example.org/log","vkey":"example.org/log+1a2b3c4d+AW…"}]')
 */
export function parseWitnessedLogs(text: string): WitnessedLogs {
  if (text.length > MAX_LOGS_FILE_SIZE) {
    throw new LogError("too-large", `the logs file exceeds ${MAX_LOGS_FILE_SIZE} bytes`);
  }
  const entries = parseJsonArray(text);
  const logs = new Map<string, { origin: string; verifiers: NoteVerifier[] }>();
  entries.forEach((entry, i) => {
    const { origin, vkey } = requireEntry(entry, i);
    const log = logs.get(origin) ?? { origin, verifiers: [] };
    log.verifiers.push(requireLogKey(vkey, i));
    logs.set(origin, log);
  });
  return logs;
}

function parseJsonArray(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new LogError("malformed", "the logs file is not JSON", { cause });
  }
  if (!Array.isArray(value)) {
    throw new LogError("malformed", "the logs file is not a JSON array of {origin, vkey}");
  }
  if (value.length > MAX_WITNESSED_KEYS) {
    throw new LogError("too-large", `the logs file lists more than ${MAX_WITNESSED_KEYS} keys`);
  }
  return value;
}

function requireEntry(entry: unknown, i: number): { origin: string; vkey: string } {
  if (typeof entry !== "object" || entry === null) {
    throw new LogError("malformed", `logs file entry ${i} is not an object`);
  }
  const { origin, vkey } = entry as Record<string, unknown>;
  if (typeof origin !== "string" || typeof vkey !== "string") {
    throw new LogError("malformed", `logs file entry ${i} needs string fields origin and vkey`);
  }
  // tlog-checkpoint: the origin is the first line of the note, so non-empty and without newlines.
  if (origin.length === 0) throw new LogError("malformed", `logs file entry ${i}: empty origin`);
  assertNoControlCharacters(origin, `logs file entry ${i} origin`);
  if (origin.includes("\n")) {
    throw new LogError("malformed", `logs file entry ${i}: the origin holds a newline`);
  }
  return { origin, vkey };
}

function requireLogKey(vkey: string, i: number): NoteVerifier {
  const key = parseVerifierKey(vkey.trim());
  if (key.kind !== "ed25519") {
    throw new LogError(
      "malformed",
      `logs file entry ${i}: a log key must be an Ed25519 (0x01) verifier key, not ${key.kind}`,
    );
  }
  return verifierFromKey(key);
}
