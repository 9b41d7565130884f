import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import {
  encodeEntryBundle,
  MAX_ENTRY_SIZE,
  parseEntryBundle,
  verifyEntryBundle,
} from "../../../src/log/tiles/entry-bundle.js";
import { sampleEntries } from "./memory-tree.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("entry bundles", () => {
  it("prefixes each entry with its big-endian uint16 length", () => {
    const text = new TextEncoder();
    const bundle = encodeEntryBundle([
      text.encode("hello"),
      new Uint8Array(),
      new Uint8Array(0x0102),
    ]);
    expect(hex(bundle.subarray(0, 9))).toBe("000568656c6c6f0000");
    expect(hex(bundle.subarray(9, 11))).toBe("0102");
    expect(bundle).toHaveLength(2 + 5 + 2 + 2 + 0x0102);
  });

  it("carries an entry of 65,535 bytes and refuses one of 65,536", () => {
    const largest = new Uint8Array(MAX_ENTRY_SIZE).fill(7);
    const [entry] = parseEntryBundle(encodeEntryBundle([largest]), 1);
    expect(entry).toEqual(largest);
    expect(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)])).toThrow(
      expect.objectContaining({ code: "too-large" }),
    );
  });

  it("refuses to encode 0 or 257 entries", () => {
    expect(() => encodeEntryBundle([])).toThrow(expect.objectContaining({ code: "out-of-range" }));
    expect(() => encodeEntryBundle(sampleEntries(257))).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });

  it("round-trips any 1..256 entries", () => {
    const entries = fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 256 });
    fc.assert(
      fc.property(entries, (list) => {
        expect(parseEntryBundle(encodeEntryBundle(list), list.length)).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses fewer or more entries than W, truncation and trailing bytes", () => {
    const entries = sampleEntries(10);
    const lastLength = 7 * 2; // sampleEntries: "entry 9" repeated 9 % 7 times
    const bundle = encodeEntryBundle(entries);
    expect(entries[9]).toHaveLength(lastLength);
    const refuse = (bytes: Uint8Array, width: number) =>
      expect(() => parseEntryBundle(bytes, width)).toThrow(
        expect.objectContaining({ code: "malformed" }),
      );
    refuse(bundle, 11); // fewer entries than W
    refuse(bundle, 9); // more entries than W: the 10th is trailing bytes
    refuse(bundle.subarray(0, bundle.length - 1), 10); // last entry truncated
    refuse(bundle.subarray(0, bundle.length - lastLength - 1), 10); // length prefix cut
    refuse(new Uint8Array([...bundle, 0]), 10); // a trailing byte
    refuse(new Uint8Array([...bundle, 0, 0]), 10); // a trailing empty entry
    refuse(new Uint8Array(), 1);
  });

  it("returns copies, not views of the fetched bytes", () => {
    const bundle = encodeEntryBundle([new Uint8Array([1, 2, 3])]);
    const [entry] = parseEntryBundle(bundle, 1);
    bundle[2] = 9;
    expect(entry).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("throws nothing but LogError on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 256 }), (b, w) => {
        try {
          const entries = parseEntryBundle(b, w);
          expect(entries).toHaveLength(w);
          expect(encodeEntryBundle(entries)).toEqual(b); // whatever parses is canonical
        } catch (e) {
          expect(isLogError(e, "malformed")).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("checks each entry against the leaf hash at its position in the level-0 tile", () => {
    const entries = sampleEntries(44);
    const leafHashes = entries.map(leafHash);
    expect(() => verifyEntryBundle(entries, leafHashes)).not.toThrow();
    const changed = entries.map((e, i) => (i === 17 ? new Uint8Array([...e, 0]) : e));
    expect(() => verifyEntryBundle(changed, leafHashes)).toThrow(/entry 17/);
    const swapped = [...entries.slice(1, 2), ...entries.slice(0, 1), ...entries.slice(2)];
    expect(() => verifyEntryBundle(swapped, leafHashes)).toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
    expect(() => verifyEntryBundle(entries.slice(1), leafHashes)).toThrow(
      expect.objectContaining({ code: "inconsistent" }),
    );
  });
});
