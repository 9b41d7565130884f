/**
 * Ids the store mints for events and records (CommandContext.newId): 26 characters of Crockford's
 * base32, a 48-bit millisecond time then 80 random bits, like a ULID. Time first makes ids sort in the
 * order they were minted, which the SQL reader relies on to list records in the order they were put
 * (src/store/projections/sql-reader.ts), and keeps index inserts near the end of the b-tree. Within one
 * millisecond, or when the clock steps back, the previous id's random part is incremented, so ids from
 * one minter strictly increase. 80 random bits make a collision between processes negligible; should one
 * happen anyway, the put fails with StoreError("conflict") and the transaction rolls back.
 */
import { randomBytes } from "../../log/crypto.js";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const RANDOM_BITS = 80n;
const MAX_TIME = 2 ** 48 - 1;

/** The length of a minted id. */
export const MINTED_ID_LENGTH = TIME_CHARS + RANDOM_CHARS;

/**
 * A minter of strictly increasing, time-sortable ids.
 *
 * @example const newId = createIdMinter(Date.now); newId() // "01JH3Q9V0Z8M4W6E2T5R7Y1K3N"
 */
export function createIdMinter(clock: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    const now = Math.min(Math.max(Math.floor(clock()), 0), MAX_TIME);
    if (now > lastTime) {
      lastTime = now;
      lastRandom = bigintOf(randomBytes(10));
    } else {
      lastRandom += 1n;
      if (lastRandom >> RANDOM_BITS !== 0n) {
        // 2^80 ids in one millisecond: move to the next millisecond instead of wrapping.
        lastTime += 1;
        lastRandom = 0n;
      }
    }
    return encode(BigInt(lastTime), TIME_CHARS) + encode(lastRandom, RANDOM_CHARS);
  };
}

function bigintOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function encode(value: bigint, chars: number): string {
  let out = "";
  let n = value;
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}
