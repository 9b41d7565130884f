/**
 * Strict line and field reading for the evaluation data sets. These files are trusted inputs of a
 * benchmark, but a silently misread file would make every number wrong, so every parser here rejects
 * what it does not expect (a bad integer, a missing column) with the file and line number.
 */

/** Calls `visit(fields, lineNumber)` for each non-empty, non-comment line of `text`. */
export function forEachRecord(
  text: string,
  separator: RegExp,
  visit: (fields: readonly string[], line: number) => void,
  comment = "#",
): void {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    let raw = text.slice(start, end);
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    start = end + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith(comment)) continue;
    visit(trimmed.split(separator), line);
  }
}

/** A non-negative integer field, or a thrown error naming the place. */
export function natural(field: string | undefined, file: string, line: number): number {
  if (field === undefined || !/^\d{1,15}$/.test(field)) {
    throw new Error(
      `${file}:${line}: expected a non-negative integer, got ${JSON.stringify(field)}`,
    );
  }
  return Number(field);
}

/** A finite number field, or a thrown error naming the place. */
export function decimal(field: string | undefined, file: string, line: number): number {
  const value = field === undefined || field.trim() === "" ? Number.NaN : Number(field);
  if (!Number.isFinite(value)) {
    throw new Error(`${file}:${line}: expected a number, got ${JSON.stringify(field)}`);
  }
  return value;
}

/** Maps arbitrary external ids to dense indices 0..n-1 in order of first appearance. */
export interface Interner {
  readonly index: (external: number) => number;
  readonly lookup: (external: number) => number | undefined;
  readonly externals: number[];
}

/** @example const ids = interner(); ids.index(7188) // 0 */
export function interner(): Interner {
  const map = new Map<number, number>();
  const externals: number[] = [];
  return {
    index(external) {
      let at = map.get(external);
      if (at === undefined) {
        at = externals.length;
        map.set(external, at);
        externals.push(external);
      }
      return at;
    },
    lookup: (external) => map.get(external),
    externals,
  };
}
