/**
 * Minted ids: 26 characters that are valid domain ids, strictly increasing from one minter whatever
 * the clock does (same millisecond, a step back), and ordered by time across minters.
 */
import { expect, it } from "vitest";
import { isId } from "../../../src/domain/shape.js";
import { createIdMinter, MINTED_ID_LENGTH } from "../../../src/store/space/ids.js";

it("mints valid ids that strictly increase, even when the clock stands still or steps back", () => {
  let now = Date.UTC(2025, 0, 1);
  const mint = createIdMinter(() => now);
  const ids: string[] = [];
  for (let i = 0; i < 3000; i++) {
    if (i % 100 === 0) now += 1;
    if (i === 1500) now -= 60_000;
    ids.push(mint());
  }
  for (const id of ids) {
    expect(id).toHaveLength(MINTED_ID_LENGTH);
    expect(isId(id)).toBe(true);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  }
  expect(ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
});

it("orders ids of different minters by their time, and random parts differ", () => {
  const early = createIdMinter(() => Date.UTC(2025, 0, 1))();
  const late = createIdMinter(() => Date.UTC(2025, 0, 1) + 1)();
  expect(early < late).toBe(true);
  expect(early.slice(0, 10)).not.toBe(late.slice(0, 10));
  const a = createIdMinter(() => 0)();
  const b = createIdMinter(() => 0)();
  expect(a.slice(0, 10)).toBe("0000000000");
  expect(a).not.toBe(b);
});

/** The minter before it moved off BigInt (ed18f54), as the reference its output must equal. */
function referenceMinter(clock: () => number, random: (n: number) => Uint8Array): () => string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const encode = (value: bigint, chars: number) => {
    let out = "";
    let n = value;
    for (let i = 0; i < chars; i++) {
      out = alphabet[Number(n & 31n)] + out;
      n >>= 5n;
    }
    return out;
  };
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    const now = Math.min(Math.max(Math.floor(clock()), 0), 2 ** 48 - 1);
    if (now > lastTime) {
      lastTime = now;
      lastRandom = 0n;
      for (const b of random(10)) lastRandom = (lastRandom << 8n) | BigInt(b);
    } else {
      lastRandom += 1n;
      if (lastRandom >> 80n !== 0n) {
        lastTime += 1;
        lastRandom = 0n;
      }
    }
    return encode(BigInt(lastTime), 10) + encode(lastRandom, 16);
  };
}

/** A deterministic byte source (xorshift32), so both minters see the same random bytes. */
function seededBytes(seed: number, override?: (call: number) => Uint8Array | undefined) {
  let s = seed;
  let call = 0;
  return (n: number) => {
    const given = override?.(call++);
    if (given !== undefined) return given;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = s & 0xff;
    }
    return out;
  };
}

it("mints exactly the ids of the BigInt reference, clock jumps, carries and the 2^80 overflow included", () => {
  const times = [0, 1, 1, 1, 5, 4, 4, 2 ** 48 - 2, 2 ** 48 - 2, 2 ** 48 + 7, 1e12, 1e12, 1e12 + 1];
  const full = new Uint8Array(10).fill(0xff);
  const nearCarry = Uint8Array.of(0, 0, 0, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xfe);
  for (let seed = 1; seed <= 50; seed++) {
    let tick = 0;
    const clock = () => times[tick++ % times.length] as number;
    // Every 7th draw is all ones (the next same-millisecond id overflows) or one below a carry.
    const pick = (call: number) => (call % 7 === 3 ? full : call % 7 === 5 ? nearCarry : undefined);
    const mine = createIdMinter(clock, seededBytes(seed, pick));
    tick = 0;
    const ours: string[] = [];
    for (let i = 0; i < 200; i++) ours.push(mine());
    tick = 0;
    const reference = referenceMinter(clock, seededBytes(seed, pick));
    const theirs: string[] = [];
    for (let i = 0; i < 200; i++) theirs.push(reference());
    expect(ours).toEqual(theirs);
  }
});
