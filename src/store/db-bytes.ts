/**
 * Byte strings across the driver boundary. Both drivers return BLOB/bytea values as Node Buffers, which may
 * be views into a shared pool; the store hands out plain, private Uint8Arrays instead. On the way in, both
 * drivers bind Buffers (better-sqlite3 refuses other typed arrays), so Uint8Arrays are wrapped without a
 * copy.
 */

/**
 * A private copy of a byte value read from the database.
 *
 * @example const hash = fromDbBytes(row.hash)
 */
export function fromDbBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}

/**
 * The bytes as a Buffer for a query parameter, sharing memory with `bytes`.
 *
 * @example db.insertInto("log_nodes").values({ ..., hash: toDbBytes(hash) })
 */
export function toDbBytes(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Splits a batch into chunks of at most `size`, so that one statement stays within the bound-parameter
 * limit (SQLite builds before 3.32 allow 999 parameters per statement; PostgreSQL 65535).
 *
 * @example for (const part of chunked(rows, 150)) await insert(part)
 */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
