/**
 * Splits `log append` input into entries: one entry per line, the line's bytes without its "\n" (a "\r"
 * before it is kept: entries are bytes, not text). A final line without "\n" is an entry too; a final
 * "\n" does not start an empty one. Parser of untrusted input: every entry must fit an entry bundle
 * (C2SP tlog-tiles: at most 65,535 bytes), else nothing is appended.
 */
import { LogError } from "../../log/errors.js";
import { MAX_ENTRY_SIZE } from "../../log/tiles/index.js";

/**
 * @example splitLines(Buffer.from("a\nb\n")) // [a, b]
 */
export function splitLines(input: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let start = 0;
  let line = 1;
  while (start < input.length) {
    let end = input.indexOf(0x0a, start);
    if (end === -1) end = input.length;
    if (end - start > MAX_ENTRY_SIZE) {
      throw new LogError(
        "too-large",
        `line ${line} is ${end - start} bytes; an entry holds at most ${MAX_ENTRY_SIZE}`,
      );
    }
    entries.push(input.subarray(start, end));
    start = end + 1;
    line += 1;
  }
  return entries;
}
