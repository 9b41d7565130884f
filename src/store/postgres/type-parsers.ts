/**
 * Result parsing for the store's PostgreSQL pool. pg returns int8 (bigint) as a string, since it may exceed
 * 2^53; the store's bigints are log indices and sizes (and count(*)), which stay below 2^53, so they are
 * parsed to numbers and a value beyond that is reported as corrupt rather than silently rounded. The
 * setting is per pool: other users of pg in the process keep pg's defaults.
 */
import pg from "pg";
import { StoreError } from "../errors.js";

/** PostgreSQL's type OID of int8 (pg_type.oid for bigint). */
const INT8_OID = 20;

/** Parser of untrusted text (a database value): a decimal integer within ±(2^53 − 1). */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!/^-?\d{1,16}$/.test(text) || !Number.isSafeInteger(n)) {
    throw new StoreError("corrupt", `bigint ${text.slice(0, 32)} is beyond the safe integer range`);
  }
  return n;
}

/**
 * The pool's type parsers: pg's, except int8 (text format) as a checked number.
 *
 * @example new pg.Pool({ connectionString, types: storeTypeParsers })
 */
export const storeTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};
