/**
 * Receipt v2 (src/log/receipt): the batch tree against the RFC 9162 definitions taken literally and the
 * classic 8-leaf vector, the batch note's text rules, v2 receipts opened with the log's key, and hostile
 * receipts (changed heads, paths, batches, signatures; oversized and malformed input) refused. v1 receipts
 * are tested in test/store/receipts/receipt-format.test.ts and still open through the same openReceipt.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openCheckpoint, signCheckpoint } from "../../../src/log/checkpoint/index.js";
import { ed25519PublicKey } from "../../../src/log/crypto.js";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { verifyInclusion } from "../../../src/log/merkle/verify-inclusion.js";
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  formatVerifierKey,
  verifierKeyOf,
} from "../../../src/log/note/index.js";
import {
  batchPath,
  batchTree,
  formatEntryReceipt,
  formatReceiptBatch,
  MAX_BATCH_PATH,
  MAX_SIGNED_RECEIPT_SIZE,
  openReceipt,
  parseReceipt,
  parseReceiptBatch,
  RECEIPT_BATCH_HEADER,
  RECEIPT_V2_HEADER,
  type ReceiptBatch,
  signReceipt,
  signReceiptBatch,
  verifyReceipt,
} from "../../../src/log/receipt/index.js";
import { CLASSIC_ENTRIES, CLASSIC_ROOT_8_HEX } from "../merkle/classic-tree.js";
import { hex, naiveLeafHash, naivePath, naiveRoot } from "../merkle/naive-tree.js";
import { codeOf } from "../note/error-code.js";

const origin = "fabrique.local/spaces/market";
const seed = new Uint8Array(32).fill(7);
const signer = ed25519NoteSigner(origin, seed);
const logVerifier = ed25519NoteVerifier(origin, ed25519PublicKey(seed));
const vkey = formatVerifierKey(verifierKeyOf(origin, ed25519PublicKey(seed)));
const TIME = 1_717_171_717_171;

const leavesOf = (n: number, salt = 0) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`entry ${salt}/${i}`)));

/** Every entry's v2 receipt for a batch of `leaves` starting at `first`. */
function receiptsFor(leaves: readonly Uint8Array[], first: number): string[] {
  const tree = batchTree(leaves);
  const batch = { origin, first, size: leaves.length, root: tree.root, time: TIME };
  const signed = signReceiptBatch(batch, signer);
  return leaves.map((leaf, i) =>
    formatEntryReceipt({ index: first + i, leafHash: leaf, path: batchPath(tree, i) }, signed),
  );
}

function replaced(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe("batch tree", () => {
  it("is RFC 9162's tree: the classic 8-leaf vector's root and, for every prefix, MTH and PATH", () => {
    const leaves = CLASSIC_ENTRIES.map(naiveLeafHash);
    expect(hex(batchTree(leaves).root)).toBe(CLASSIC_ROOT_8_HEX);
    for (let n = 1; n <= leaves.length; n++) {
      const tree = batchTree(leaves.slice(0, n));
      expect(hex(tree.root)).toBe(hex(naiveRoot(leaves.slice(0, n))));
      for (let m = 0; m < n; m++) {
        expect(batchPath(tree, m).map(hex)).toEqual(naivePath(m, leaves.slice(0, n)).map(hex));
      }
    }
  });

  it("agrees with the literal definitions for random sizes, and every path verifies", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, pick) => {
        const leaves = leavesOf(n, pick);
        const tree = batchTree(leaves);
        expect(hex(tree.root)).toBe(hex(naiveRoot(leaves)));
        const m = pick % n;
        const path = batchPath(tree, m);
        expect(path.map(hex)).toEqual(naivePath(m, leaves).map(hex));
        verifyInclusion({
          index: m,
          treeSize: n,
          leafHash: leaves[m] as Uint8Array,
          proof: path,
          root: tree.root,
        });
      }),
      { numRuns: 60 },
    );
  });

  it("refuses no leaf, a short hash and an offset outside the batch", () => {
    expect(codeOf(() => batchTree([]))).toBe("malformed");
    expect(codeOf(() => batchTree([new Uint8Array(31)]))).toBe("malformed");
    const tree = batchTree(leavesOf(3));
    expect(codeOf(() => batchPath(tree, 3))).toBe("out-of-range");
    expect(codeOf(() => batchPath(tree, -1))).toBe("out-of-range");
    expect(batchPath(batchTree(leavesOf(1)), 0)).toEqual([]);
  });
});

describe("batch note text", () => {
  const root = batchTree(leavesOf(5)).root;
  const batch: ReceiptBatch = { origin, first: 1200, size: 5, root, time: TIME };
  const text = formatReceiptBatch(batch);

  it("is six lines: header, origin, first index, size, base64 root, Unix ms; and parses back", () => {
    expect(text).toBe(
      `${RECEIPT_BATCH_HEADER}\n${origin}\n1200\n5\n${encodeBase64(root)}\n${TIME}\n`,
    );
    expect(parseReceiptBatch(text)).toEqual(batch);
  });

  it("refuses every deviation from the format", () => {
    const bad: [string, string, string][] = [
      ["no final newline", text.slice(0, -1), "malformed"],
      ["the v1 header", replaced(text, RECEIPT_BATCH_HEADER, "fabrique-receipt/v1"), "malformed"],
      ["a seventh line", `${text}extension\n`, "malformed"],
      ["an empty batch", replaced(text, "\n5\n", "\n0\n"), "malformed"],
      ["a batch above 2^32", replaced(text, "\n5\n", "\n4294967297\n"), "too-large"],
      ["a batch ending past 2^53", replaced(text, "\n1200\n", "\n9007199254740990\n"), "too-large"],
      ["a leading zero", replaced(text, "\n1200\n", "\n01200\n"), "malformed"],
      [
        "a 31-byte root",
        replaced(text, encodeBase64(root), encodeBase64(root.subarray(1))),
        "malformed",
      ],
      ["a control character", replaced(text, origin, `${origin}\t`), "malformed"],
      ["an over-long text", replaced(text, origin, "o".repeat(2000)), "too-large"],
    ];
    for (const [what, input, code] of bad)
      expect(
        codeOf(() => parseReceiptBatch(input)),
        what,
      ).toBe(code);
    expect(codeOf(() => formatReceiptBatch({ ...batch, size: 0 }))).toBe("malformed");
    expect(codeOf(() => formatReceiptBatch({ ...batch, first: -1 }))).toBe("malformed");
  });

  it("never passes for a checkpoint or a v1 receipt signed by the same key, nor they for it", () => {
    const signedBatch = signReceiptBatch(batch, signer);
    expect(codeOf(() => openCheckpoint(signedBatch, { logVerifier }))).toBe("malformed");
    expect(codeOf(() => verifyReceipt(signedBatch, vkey))).toBe("malformed");
    const checkpoint = signCheckpoint({ origin, size: 1205, rootHash: root, extensions: [] }, [
      signer,
    ]);
    const v1 = signReceipt({ origin, index: 1200, leafHash: root, time: TIME }, signer);
    // Neither opens as the batch of a v2 receipt.
    for (const note of [checkpoint, v1]) {
      const forged = `${RECEIPT_V2_HEADER}\n1200\n${encodeBase64(root)}\n\n${note}`;
      expect(codeOf(() => verifyReceipt(forged, vkey))).toBe("malformed");
    }
    expect(codeOf(() => parseReceipt(formatReceiptBatch(batch)))).toBe("malformed");
  });
});

describe("v2 receipts", () => {
  it("open with the log key for every entry of batches of 1 to 70, and promise index, leaf hash and time", () => {
    for (const n of [1, 2, 3, 7, 8, 9, 70]) {
      const leaves = leavesOf(n, n);
      receiptsFor(leaves, 1000).forEach((r, i) => {
        const opened = openReceipt(r, { logVerifier });
        expect(opened.version).toBe(2);
        expect(opened.batch?.size).toBe(n);
        expect(opened.receipt).toEqual({
          origin,
          index: 1000 + i,
          leafHash: leaves[i],
          time: TIME,
        });
        expect(verifyReceipt(r, vkey)).toEqual(opened.receipt);
      });
    }
  });

  it("has the documented layout: head, blank line, the signed batch note", () => {
    const leaves = leavesOf(3);
    const [r] = receiptsFor(leaves, 0);
    const tree = batchTree(leaves);
    const head = `${RECEIPT_V2_HEADER}\n0\n${encodeBase64(leaves[0] as Uint8Array)}\n${encodeBase64(batchPath(tree, 0)[0] as Uint8Array)}\n${encodeBase64(batchPath(tree, 0)[1] as Uint8Array)}\n\n`;
    expect(r?.startsWith(`${head}${RECEIPT_BATCH_HEADER}\n${origin}\n0\n3\n`)).toBe(true);
  });

  it("refuse a changed index, leaf hash, path or batch, and another key or origin", () => {
    const leaves = leavesOf(5);
    const receipts = receiptsFor(leaves, 40);
    const r = receipts[2] as string;
    const leaf = encodeBase64(leaves[2] as Uint8Array);
    const other = encodeBase64(leaves[3] as Uint8Array);
    const pathLine = r.split("\n")[3] as string;
    const cases: [string, string, string][] = [
      ["the index of a neighbour", replaced(r, `\n42\n${leaf}`, `\n43\n${leaf}`), "invalid-proof"],
      ["an index before the batch", replaced(r, `\n42\n${leaf}`, `\n39\n${leaf}`), "out-of-range"],
      ["an index after the batch", replaced(r, `\n42\n${leaf}`, `\n45\n${leaf}`), "out-of-range"],
      ["another leaf hash", replaced(r, `\n${leaf}\n`, `\n${other}\n`), "invalid-proof"],
      ["a path hash changed", replaced(r, `${pathLine}\n`, `${leaf}\n`), "invalid-proof"],
      ["a path hash dropped", replaced(r, `${pathLine}\n`, ""), "invalid-proof"],
      [
        "a path hash added",
        replaced(r, `${pathLine}\n`, `${pathLine}\n${pathLine}\n`),
        "invalid-proof",
      ],
      ["the batch's size changed", replaced(r, "\n40\n5\n", "\n40\n6\n"), "bad-signature"],
      ["the batch's time changed", replaced(r, `${TIME}`, `${TIME + 1}`), "bad-signature"],
      ["another header", replaced(r, RECEIPT_V2_HEADER, "fabrique-receipt/v3"), "malformed"],
      ["no blank line", r.replace("\n\n", "\n"), "malformed"],
      ["an unpadded hash", replaced(r, leaf, leaf.replace(/=+$/, "")), "malformed"],
      ["a control character", replaced(r, `\n${leaf}`, `\n\t${leaf}`), "malformed"],
    ];
    for (const [what, input, code] of cases) {
      expect(
        codeOf(() => openReceipt(input, { logVerifier })),
        what,
      ).toBe(code);
    }
    // A batch of another log signed by the same seed is not this log's.
    const elsewhere = "fabrique.local/spaces/other";
    const tree = batchTree(leaves);
    const signedElsewhere = signReceiptBatch(
      { origin: elsewhere, first: 40, size: 5, root: tree.root, time: TIME },
      ed25519NoteSigner(elsewhere, seed),
    );
    const foreign = formatEntryReceipt(
      { index: 42, leafHash: leaves[2] as Uint8Array, path: batchPath(tree, 2) },
      signedElsewhere,
    );
    expect(codeOf(() => openReceipt(foreign, { logVerifier }))).toBe("unverified");
    expect(codeOf(() => openReceipt(r, { logVerifier, origin: elsewhere }))).toBe("unverified");
    const otherKey = ed25519NoteVerifier(origin, ed25519PublicKey(new Uint8Array(32).fill(8)));
    expect(codeOf(() => openReceipt(r, { logVerifier: otherKey }))).toBe("unverified");
  });

  it("refuse hostile sizes: a head past its line limit, and a receipt past the size limit", () => {
    const [r] = receiptsFor(leavesOf(1), 0);
    const hash = encodeBase64(leafHash(new Uint8Array(1)));
    const longPath = `${RECEIPT_V2_HEADER}\n0\n${hash}\n${`${hash}\n`.repeat(MAX_BATCH_PATH + 1)}\n${(r as string).split("\n\n").slice(1).join("\n\n")}`;
    expect(codeOf(() => openReceipt(longPath, { logVerifier }))).toBe("malformed");
    const huge = `${RECEIPT_V2_HEADER}\n${"1".repeat(MAX_SIGNED_RECEIPT_SIZE)}\n`;
    expect(codeOf(() => openReceipt(huge, { logVerifier }))).toBe("too-large");
    expect(codeOf(() => openReceipt(`${RECEIPT_V2_HEADER}\n`, { logVerifier }))).toBe("malformed");
    expect(
      codeOf(() => formatEntryReceipt({ index: 0, leafHash: new Uint8Array(32), path: [] }, "x\n")),
    ).toBe("malformed");
  });

  it("never throw anything but a LogError on random bytes after the v2 header", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (tail) => {
        expect(
          codeOf(() => openReceipt(`${RECEIPT_V2_HEADER}\n${tail}`, { logVerifier })),
        ).not.toBe("no error");
      }),
      { numRuns: 200 },
    );
  });
});
