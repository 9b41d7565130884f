/**
 * Milliseconds since the epoch as ISO 8601 UTC, exactly as Date.prototype.toISOString writes them
 * (ECMA-262 §21.4.4.36, "YYYY-MM-DDTHH:mm:ss.sssZ"), for the tens of thousands of times an export
 * writes (every record's dates, every log entry's): the date part is formatted by toISOString once per
 * day and kept, the time of day is arithmetic. A new Date and its toISOString per time was 1.5 % of a
 * 10,000-record export's CPU (45,000 calls: 22-40 ms, this way 6-7 ms). Times outside years
 * 0000–9999 (toISOString writes ±YYYYYY) or not whole milliseconds go through toISOString.
 */

const DAY = 86_400_000;
/** 10000-01-01T00:00:00.000Z. */
const YEAR_10000 = 253_402_300_800_000;

let cachedDay = Number.NaN;
let cachedDate = "";

/**
 * `new Date(ms).toISOString()`, faster for many times of few days.
 *
 * @example isoTime(0) // "1970-01-01T00:00:00.000Z"
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDate = new Date(day * DAY).toISOString().slice(0, 11); // "YYYY-MM-DDT"
    cachedDay = day;
  }
  const t = ms - day * DAY;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  return `${cachedDate}${two(h)}:${two(m)}:${two(s)}.${three(t % 1000)}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function three(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}
