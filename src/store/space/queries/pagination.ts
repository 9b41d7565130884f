/**
 * Keyset pagination for the read queries: a page is the rows after the cursor in (sort column, id)
 * order, so pages stay stable while rows are added and cost one index range scan however deep the
 * client pages. The cursor is opaque to clients: base64url of `[keyset name, sort value, id]` of the
 * last row of the previous page.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import { decodeBase64Url, encodeBase64Url } from "../../../domain/base64url.js";
import { domainError, type Parsed } from "../../../domain/errors.js";
import { isId } from "../../../domain/shape.js";

/** The most items a page holds. */
export const MAX_PAGE_LIMIT = 100;
/** Items per page when the request does not say. */
export const DEFAULT_PAGE_LIMIT = 20;
/** The longest cursor accepted (a cursor this store makes is under 150 characters). */
export const MAX_CURSOR_LENGTH = 256;

/** What a client asks for: how many items, after which cursor. */
export interface PageRequest {
  readonly limit?: number | undefined;
  readonly cursor?: string | null | undefined;
}

/** A page of items and the cursor of the next page (null on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** A sort order: a numeric column, then id, both in `direction`. */
export interface Keyset {
  /** Names the order in cursors, so a cursor of one list is refused by another. */
  readonly name: string;
  readonly column: string;
  readonly direction: "asc" | "desc";
}

/** Where a page starts. */
export interface PagePosition {
  readonly limit: number;
  readonly after: { readonly value: number; readonly id: string } | null;
}

/**
 * The position `request` asks for under `keyset`. Parser of untrusted input (a query string): the
 * limit is an integer in 1..MAX_PAGE_LIMIT, the cursor at most MAX_CURSOR_LENGTH characters of
 * base64url holding one of this keyset's positions. Failures are `invalid-input` ("query.limit",
 * "query.cursor").
 *
 * @example const position = parsePageRequest(keyset, { limit: 50, cursor })
 */
export function parsePageRequest(keyset: Keyset, request: PageRequest): Parsed<PagePosition> {
  const limit = request.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    return invalid("query.limit", `limit is an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const cursor = request.cursor ?? null;
  if (cursor === null) return { ok: true, value: { limit, after: null } };
  const after = typeof cursor === "string" ? decodeCursor(keyset, cursor) : null;
  if (after === null) return invalid("query.cursor", "not a cursor of this list");
  return { ok: true, value: { limit, after } };
}

/**
 * The condition "after the cursor" in keyset order: a row-value comparison, which both backends
 * answer from an index on (space, …, column, id).
 *
 * @example query.where(afterCursor(keyset, position.after))
 */
export function afterCursor(
  keyset: Keyset,
  after: { readonly value: number; readonly id: string },
): RawBuilder<SqlBool> {
  const op = keyset.direction === "asc" ? sql`>` : sql`<`;
  return sql<SqlBool>`(${sql.ref(keyset.column)}, ${sql.ref("id")}) ${op} (${after.value}, ${after.id})`;
}

/**
 * The page of `rows` (fetched with limit + 1, in keyset order): at most `limit` items mapped by `map`
 * (which may drop a row by returning null; the cursor still moves past it) and the next cursor.
 *
 * @example return pageOf(keyset, position.limit, rows, (r) => r.joined_at, (r) => parseRecord("member", r.data))
 */
export function pageOf<Row extends { readonly id: string }, T>(
  keyset: Keyset,
  limit: number,
  rows: readonly Row[],
  sortValue: (row: Row) => number | null,
  map: (row: Row) => T | null,
): Page<T> {
  const shown = rows.slice(0, limit);
  const items: T[] = [];
  for (const row of shown) {
    const item = map(row);
    if (item !== null) items.push(item);
  }
  const last = shown[shown.length - 1];
  const lastValue = last === undefined ? null : sortValue(last);
  const next =
    rows.length > limit && last !== undefined && lastValue !== null
      ? encodeCursor(keyset, lastValue, last.id)
      : null;
  return { items, next };
}

function encodeCursor(keyset: Keyset, value: number, id: string): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify([keyset.name, value, id])));
}

function decodeCursor(
  keyset: Keyset,
  cursor: string,
): { readonly value: number; readonly id: string } | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return null;
  const bytes = decodeBase64Url(cursor);
  if (bytes === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [name, value, id] = parsed as unknown[];
  if (name !== keyset.name || !Number.isSafeInteger(value) || !isId(id)) return null;
  return { value: value as number, id };
}

function invalid(rule: string, message: string): Parsed<never> {
  return { ok: false, error: domainError("invalid-input", rule, message) };
}
