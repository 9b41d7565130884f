/**
 * sha256 and sha256Prefixed (src/log/crypto.ts): known answers (FIPS 180-2 "abc", RFC 9162 leaf and
 * node shapes against a streamed hash), and digests that are plain Uint8Arrays of their own bytes
 * (no Buffer semantics: a slice copies), though node:crypto hands each digest over as a Buffer.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256, sha256Prefixed } from "../../src/log/crypto.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const streamed = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

describe("sha256", () => {
  it("hashes FIPS 180-2's abc", () => {
    expect(hex(sha256(new TextEncoder().encode("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("hashes a prefix and one or two parts as their concatenation", () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(hex(sha256Prefixed(0, a))).toBe(streamed(Uint8Array.of(0), a));
    expect(hex(sha256Prefixed(1, a, b))).toBe(streamed(Uint8Array.of(1), a, b));
    const big = new Uint8Array(5000).fill(3); // past the scratch buffer
    expect(hex(sha256Prefixed(0, big))).toBe(streamed(Uint8Array.of(0), big));
  });

  it("returns plain Uint8Arrays of 32 bytes of their own", () => {
    for (const d of [
      sha256(Uint8Array.of(1)),
      sha256Prefixed(1, Uint8Array.of(2), Uint8Array.of(3)),
    ]) {
      expect(Object.getPrototypeOf(d)).toBe(Uint8Array.prototype);
      expect(Buffer.isBuffer(d)).toBe(false);
      expect(d.byteLength).toBe(32);
      expect(d.byteOffset).toBe(0);
      expect(d.buffer.byteLength).toBe(32);
      const copy = d.slice();
      copy[0] = (copy[0] as number) ^ 0xff;
      expect(d[0]).not.toBe(copy[0]); // a Uint8Array's slice is a copy, a Buffer's a view
    }
  });
});
