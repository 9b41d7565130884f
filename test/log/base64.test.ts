/**
 * Padded standard base64 (src/log/encoding/base64.ts): the encoding of every length, 32-byte hashes
 * (encoded without Buffer) included, is Buffer's and decodes back strictly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64Strict, encodeBase64 } from "../../src/log/encoding/base64.js";

const viaBuffer = (b: Uint8Array) => Buffer.from(b).toString("base64");

describe("encodeBase64", () => {
  it("writes Buffer's padded base64 for any bytes, 32-byte hashes and views into larger buffers too", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 70 }),
        fc.nat({ max: 8 }),
        (bytes, at) => {
          const padded = new Uint8Array(bytes.length + at + 3);
          padded.set(bytes, at);
          const view = padded.subarray(at, at + bytes.length);
          expect(encodeBase64(bytes)).toBe(viaBuffer(bytes));
          expect(encodeBase64(view)).toBe(viaBuffer(bytes));
          expect(decodeBase64Strict(encodeBase64(bytes))).toEqual(bytes);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (hash) => {
        expect(encodeBase64(hash)).toBe(viaBuffer(hash));
      }),
      { numRuns: 2000 },
    );
    for (const fill of [0, 0xff, 0x3e, 0x3f]) {
      const hash = new Uint8Array(32).fill(fill);
      expect(encodeBase64(hash)).toBe(viaBuffer(hash));
    }
  });
});
