import { describe, expect, it } from "vitest";
import { randomBytes } from "../../src/log/crypto.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("randomBytes", () => {
  it("returns the length asked, pooled or not", () => {
    for (const n of [0, 1, 10, 32, 64, 65, 1000, 5000]) expect(randomBytes(n)).toHaveLength(n);
  });

  it("never hands out the same bytes twice, across many pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) seen.add(hex(randomBytes(32))); // 64,000 bytes: ~16 refills
    expect(seen.size).toBe(2_000);
  });

  it("returns copies: writing to one does not change the next", () => {
    const a = randomBytes(32);
    const before = hex(a);
    const b = randomBytes(32);
    b.fill(0);
    expect(hex(a)).toBe(before);
    expect(a.buffer).not.toBe(b.buffer);
  });

  it("looks uniform: every byte value appears, no value far more often than others", () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4_000; i++)
      for (const byte of randomBytes(32)) counts[byte] = (counts[byte] ?? 0) + 1;
    // 128,000 bytes: 500 expected per value; a pool that repeated or zeroed would skew this badly.
    expect(Math.min(...counts)).toBeGreaterThan(350);
    expect(Math.max(...counts)).toBeLessThan(650);
  });
});
