/**
 * Reading a record back from its row's `data`. The text is the store's own canonical JSON (columns.ts),
 * not input from outside; still, a row that does not parse to an object of its space and id is reported
 * as corrupt rather than handed to the domain.
 */
import type { RecordKind, RecordOf } from "../../domain/records.js";
import { StoreError } from "../errors.js";

/**
 * The record stored as `data`. Throws StoreError("corrupt") when it is not a JSON object with a string
 * `space` and `id`.
 *
 * @example const review = parseRecord("review", row.data)
 */
export function parseRecord<K extends RecordKind>(kind: K, data: string): RecordOf<K> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new StoreError("corrupt", `a stored ${kind} record is not JSON`, { cause });
  }
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    typeof (value as { space?: unknown }).space !== "string" ||
    typeof (value as { id?: unknown }).id !== "string"
  ) {
    throw new StoreError("corrupt", `a stored ${kind} record is not a record`);
  }
  return value as RecordOf<K>;
}

/**
 * The records of rows, in row order.
 *
 * @example parseRecords("vouch", rows)
 */
export function parseRecords<K extends RecordKind>(
  kind: K,
  rows: readonly { readonly data: string }[],
): RecordOf<K>[] {
  return rows.map((row) => parseRecord(kind, row.data));
}
