/**
 * The checkpoints a monitor has verified, as it keeps them: size, root and the signed note itself (the
 * note is the evidence; size and root are there to be read without parsing it). The history file holds
 * one JSON object per line, one line per distinct checkpoint, oldest first:
 *
 *     {"size":300,"root":"<base64>","seen":"2026-11-29T12:00:00.000Z","note":"<signed checkpoint>"}
 *
 * Parser of untrusted text (a state file could be damaged or belong to another log). Limits:
 * MAX_HISTORY_SIZE bytes in all, MAX_NOTE_SIZE per note; each line's size and root must be those of its
 * note, whose origin must be the log's.
 */
import { parseCheckpoint } from "../../log/checkpoint/index.js";
import { decodeBase64Strict, encodeBase64 } from "../../log/encoding/base64.js";
import { LogError } from "../../log/errors.js";
import { sameBytes } from "../../log/merkle/index.js";
import { MAX_NOTE_SIZE, splitNote } from "../../log/note/index.js";

/** Largest history file read, in bytes (some 200,000 checkpoints of an Ed25519-signed log). */
export const MAX_HISTORY_SIZE = 64 * 1024 * 1024;

/** A checkpoint the monitor verified (signature, and consistency with every one before it). */
export interface SeenCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed checkpoint note, exactly as the log served it. */
  readonly note: string;
  /** When the monitor first saw it (ISO 8601). */
  readonly seen: string;
}

/**
 * One history line, without its newline.
 *
 * @example formatSeenLine({ size: 3, rootHash, note, seen: new Date().toISOString() })
 */
export function formatSeenLine(seen: SeenCheckpoint): string {
  return JSON.stringify({
    size: seen.size,
    root: encodeBase64(seen.rootHash),
    seen: seen.seen,
    note: seen.note,
  });
}

/**
 * Parses a history file of the log `origin`, oldest first.
 *
 * @example parseHistory(text, "example.org/log").at(-1)?.size
 */
export function parseHistory(text: string, origin: string): SeenCheckpoint[] {
  if (text.length > MAX_HISTORY_SIZE) {
    throw new LogError("too-large", `history exceeds ${MAX_HISTORY_SIZE} bytes`);
  }
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line, i) => parseSeenLine(line, origin, `history line ${i + 1}`));
}

/**
 * Parses one history line and checks it against its own note.
 *
 * @example parseSeenLine(line, "example.org/log", "history line 3")
 */
export function parseSeenLine(line: string, origin: string, where: string): SeenCheckpoint {
  if (line.length > 2 * MAX_NOTE_SIZE) throw new LogError("too-large", `${where} is too long`);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch (cause) {
    throw new LogError("malformed", `${where} is not JSON`, { cause });
  }
  const { size, root, seen, note } = value;
  if (typeof root !== "string" || typeof seen !== "string" || typeof note !== "string") {
    throw new LogError("malformed", `${where} lacks size, root, seen or note`);
  }
  const rootHash = decodeBase64Strict(root, `${where} root`);
  const checkpoint = parseCheckpoint(splitNote(note).text);
  if (checkpoint.origin !== origin) {
    throw new LogError(
      "malformed",
      `${where} is a checkpoint of "${checkpoint.origin}", not of "${origin}"`,
    );
  }
  if (checkpoint.size !== size || !sameBytes(checkpoint.rootHash, rootHash)) {
    throw new LogError("malformed", `${where}: size and root disagree with the note`);
  }
  return { size: checkpoint.size, rootHash, note, seen };
}
