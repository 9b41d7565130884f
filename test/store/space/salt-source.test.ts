/**
 * Commitment salts cut from blocks (src/store/space/salt-source.ts): each is its own 32 bytes, never
 * shared with another salt (no overlap, writing one leaves the others as they were), and random.
 */
import { describe, expect, it } from "vitest";
import { SALT_BYTES } from "../../../src/domain/index.js";
import { createSaltSource } from "../../../src/store/space/salt-source.js";

const SALTS = 300; // past several blocks, the largest included

describe("createSaltSource", () => {
  it("gives salts of the asked size whose bytes no other salt shares", () => {
    const next = createSaltSource(SALT_BYTES);
    const salts = Array.from({ length: SALTS }, () => next());
    const copies = salts.map((s) => Uint8Array.from(s));
    for (const s of salts) expect(s.byteLength).toBe(SALT_BYTES);
    // Writing every byte of one salt must leave every other salt unchanged.
    for (const [i, s] of salts.entries()) {
      s.fill(i % 256);
      for (const [j, other] of salts.entries()) {
        if (j !== i)
          expect(other).toEqual(j < i ? new Uint8Array(SALT_BYTES).fill(j % 256) : copies[j]);
      }
    }
  });

  it("gives distinct random salts, from separate sources too", () => {
    const a = createSaltSource(SALT_BYTES);
    const b = createSaltSource(SALT_BYTES);
    const seen = new Set<string>();
    for (let i = 0; i < SALTS; i++) {
      seen.add(Buffer.from(a()).toString("hex"));
      seen.add(Buffer.from(b()).toString("hex"));
    }
    expect(seen.size).toBe(2 * SALTS);
    // 32 random bytes: an all-zero salt (an unfilled block) has probability 2^-256.
    expect(seen.has("00".repeat(SALT_BYTES))).toBe(false);
  });
});
