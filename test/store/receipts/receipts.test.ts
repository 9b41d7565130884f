/**
 * Receipts issued by the store (receipt v2): one batch signature by the space's log key inside the
 * appending transaction, stored; they verify with the space's verifier key (the one that opens its
 * checkpoints), fail when tampered, are read back byte for byte without signing, and are redeemed by an
 * inclusion proof served from the store once a checkpoint covers them. Entries older than the stored
 * batches get theirs signed once, on first read.
 */
import { expect, it } from "vitest";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import { isLogError } from "../../../src/log/errors.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import {
  signReceipt,
  verifyReceipt,
  verifyReceiptInclusion,
} from "../../../src/log/receipt/index.js";
import { isStoreError } from "../../../src/store/errors.js";
import { loadSpaceKey } from "../../../src/store/keys/space-keys.js";
import { appendEntries } from "../../../src/store/log/append-entries.js";
import { readEntries } from "../../../src/store/log/entries.js";
import {
  type IssuedReceipt,
  issueReceipts,
  readReceipts,
} from "../../../src/store/log/receipts.js";
import { readReceiptPartsAt, readReceiptsAt } from "../../../src/store/log/receipts-at.js";
import { inclusionProofFor } from "../../../src/store/log/serve-proofs.js";
import {
  createSpaceLogSigners,
  type SpaceLogSigner,
} from "../../../src/store/log/space-log-signer.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { addSpaceKey, entries, freshVault } from "../sealer/fixtures.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );

describeBackends("receipts", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("one receipt per appended entry, verifying with the space's vkey: index, leaf hash, stored time", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signers = createSpaceLogSigners({ vault, host: "trust.example.com" });
    const signer = await signers.signerFor(db.kysely, "market");
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 0, 3)));
    const batch = entries("market", 3, 10);
    const receipts = await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, signer, await appendEntries(w, batch)),
    );
    expect(receipts.map((r) => r.index)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const stored = await readEntries(db.kysely, "market", 3, 10);
    receipts.forEach((issued, i) => {
      const receipt = verifyReceipt(issued.note, signer.verifierKey);
      expect(receipt.origin).toBe("trust.example.com/spaces/market");
      expect(receipt.index).toBe(3 + i);
      expect(receipt.leafHash).toEqual(leafHash(batch[i] as Uint8Array));
      expect(receipt.time).toBe(Date.parse(stored[i]?.createdAt ?? ""));
      expect(issued.keyId).toBe(signer.keyId);
    });
    expect(signer.verifierKey.startsWith("trust.example.com/spaces/market+")).toBe(true);
  });

  it("tampered receipts and receipts of another space do not verify", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    await addSpaceKey(db, vault, "bazaar");
    const signers = createSpaceLogSigners({ vault });
    const market = await signers.signerFor(db.kysely, "market");
    const bazaar = await signers.signerFor(db.kysely, "bazaar");
    const [issued] = await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, market, await appendEntries(w, entries("market", 0, 1))),
    );
    const note = issued?.note ?? "";
    const otherHash = encodeBase64(leafHash(new TextEncoder().encode("another entry")));
    const tampered: [string, string][] = [
      [note.replace("/spaces/market\n0\n", "/spaces/market\n1\n"), "bad-signature"],
      [note.replace(`\n${issued?.time}\n`, `\n${(issued?.time ?? 0) + 1}\n`), "bad-signature"],
      // The head's leaf hash (the first occurrence) no longer leads to the signed root.
      [
        note.replace(encodeBase64(issued?.leafHash ?? new Uint8Array()), otherHash),
        "invalid-proof",
      ],
      [note.replace("fabrique-receipt/v2\n0\n", "fabrique-receipt/v2\n1\n"), "out-of-range"],
    ];
    for (const [t, code] of tampered) {
      expect(t).not.toBe(note);
      expect(() => verifyReceipt(t, market.verifierKey)).toThrow(expect.objectContaining({ code }));
    }
    expect(() => verifyReceipt(note, bazaar.verifierKey)).toThrow(
      expect.objectContaining({ code: "unverified" }),
    );
  });

  it("a receipt is redeemed by an inclusion proof from the store; a false promise is caught", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signers = createSpaceLogSigners({ vault });
    const signer = await signers.signerFor(db.kysely, "market");
    const receipts = await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, signer, await appendEntries(w, entries("market", 0, 37))),
    );
    const logVerifier = verifierFromKey(signer.verifierKey);
    // Not yet published: no checkpoint covers the entry, so the store serves no proof.
    expect(await codeOf(inclusionProofFor(db.kysely, "market", 5, 37))).toBe("not-found");

    const sealed = await sealSpace(db, signers, "market");
    if (sealed.kind !== "sealed") throw new Error("expected a checkpoint");
    const { checkpoint } = openCheckpoint(sealed.note, { logVerifier });
    for (const issued of receipts) {
      const receipt = verifyReceipt(issued.note, signer.verifierKey);
      const { proof } = await inclusionProofFor(
        db.kysely,
        "market",
        receipt.index,
        checkpoint.size,
      );
      verifyReceiptInclusion(receipt, checkpoint, proof);
    }
    // A receipt the log's key signed for a leaf the log does not hold at that index fails redemption.
    const genuine = verifyReceipt(receipts[5]?.note ?? "", signer.verifierKey);
    const lie = signReceipt(
      { ...genuine, leafHash: genuine.leafHash.map((b) => b ^ 1) },
      signer.signer,
    );
    const { proof } = await inclusionProofFor(db.kysely, "market", 5, checkpoint.size);
    const failure = (() => {
      try {
        verifyReceiptInclusion(verifyReceipt(lie, signer.verifierKey), checkpoint, proof);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(isLogError(failure, "invalid-proof")).toBe(true);
    // And a receipt for an index beyond the checkpoint is not yet redeemable.
    const later = { ...genuine, index: checkpoint.size };
    expect(() => verifyReceiptInclusion(later, checkpoint, proof)).toThrow(
      expect.objectContaining({ code: "out-of-range" }),
    );
  });

  it("receipts only for entries the log holds; none escape a rolled-back append", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signer = await createSpaceLogSigners({ vault }).signerFor(db.kysely, "market");
    const missing = await readReceipts(db.kysely, signer, 0, 2).catch((e) => e);
    expect(isStoreError(missing, "not-found")).toBe(true);

    let issuedInside = 0;
    const failure = await db
      .spaceTransaction("market", async (w) => {
        const receipts = await issueReceipts(
          w.tx,
          signer,
          await appendEntries(w, entries("m", 0, 4)),
        );
        issuedInside = receipts.length;
        throw new Error("a projection refused the event");
      })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(issuedInside).toBe(4);
    // The receipts were never returned, and the log does not hold what they described.
    const after = await readReceipts(db.kysely, signer, 0, 1).catch((e) => e);
    expect(isStoreError(after, "not-found")).toBe(true);
  });

  it("a space without a key has no signer; a cached signer is loaded once and can be forgotten", async () => {
    const { db } = current();
    const vault = freshVault();
    const signers = createSpaceLogSigners({ vault });
    expect(await codeOf(signers.signerFor(db.kysely, "market"))).toBe("not-found");
    await addSpaceKey(db, vault, "market");
    const first = await signers.signerFor(db.kysely, "market");
    expect(await signers.signerFor(db.kysely, "market")).toBe(first);
    await addSpaceKey(db, vault, "market"); // a rotation: the cache keeps the opened signer until forget
    expect(await signers.signerFor(db.kysely, "market")).toBe(first);
    expect(first.verifiers).toHaveLength(1);
    signers.forget("market");
    const rotated = await signers.signerFor(db.kysely, "market");
    expect(rotated).not.toBe(first);
    expect(rotated.keyId).toBe((await loadSpaceKey(db.kysely, vault, "market")).keyId);
    expect(rotated.verifiers).toHaveLength(2);
  });
  it("signs once per append, stores it, and reads every receipt back byte for byte without signing", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signer = countingSigner(
      await createSpaceLogSigners({ vault }).signerFor(db.kysely, "market"),
    );
    const first = await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, signer, await appendEntries(w, entries("market", 0, 5))),
    );
    const second = await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, signer, await appendEntries(w, entries("market", 5, 6))),
    );
    expect(signer.signed()).toBe(2);
    const rows = await db.kysely
      .selectFrom("receipt_batches")
      .selectAll()
      .orderBy("first_index")
      .execute();
    expect(rows.map((r) => [r.space, r.first_index, r.size])).toEqual([
      ["market", 0, 5],
      ["market", 5, 1],
    ]);
    const read = await readReceipts(db.kysely, signer, 0, 6);
    expect(read.map((r) => r.note)).toEqual([...first, ...second].map((r) => r.note));
    expect((await readReceipts(db.kysely, signer, 3, 4))[0]?.note).toBe(first[3]?.note);
    expect(signer.signed()).toBe(2);
    // A batch of one has an empty path: its head is header, index, leaf hash.
    expect(second[0]?.note.split("\n\n")[0]?.split("\n")).toHaveLength(3);
    // A stored batch that no longer matches the log's entries is named, not served.
    await db.kysely
      .updateTable("receipt_batches")
      .set({ root: Buffer.alloc(32) })
      .where("first_index", "=", 0)
      .execute();
    expect(await codeOf(readReceipts(db.kysely, signer, 1, 2))).toBe("corrupt");
  });

  it("entries appended before receipt batches were stored get one signed once, on first read", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signer = countingSigner(
      await createSpaceLogSigners({ vault }).signerFor(db.kysely, "market"),
    );
    // Three appends without receipts (as before migration 0108), then one with.
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 0, 3)));
    await new Promise((r) => setTimeout(r, 2));
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 3, 4)));
    await new Promise((r) => setTimeout(r, 2));
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 4, 6)));
    await db.spaceTransaction("market", async (w) =>
      issueReceipts(w.tx, signer, await appendEntries(w, entries("market", 6, 8))),
    );
    const one = await readReceipts(db.kysely, signer, 4, 5);
    const stored = await readEntries(db.kysely, "market", 0, 8);
    const all = await readReceipts(db.kysely, signer, 0, 8);
    // One batch per legacy append (0–2, 3, 4–5), signed once; the read of 4 signed them all.
    expect(signer.signed()).toBe(1 + 3);
    expect(all[4]?.note).toBe(one[0]?.note);
    all.forEach((issued, i) => {
      const receipt = verifyReceipt(issued.note, signer.verifierKey);
      expect(receipt.index).toBe(i);
      expect(receipt.time).toBe(Date.parse(stored[i]?.createdAt ?? ""));
    });
    expect((await readReceipts(db.kysely, signer, 0, 8)).map((r) => r.note)).toEqual(
      all.map((r) => r.note),
    );
    expect(signer.signed()).toBe(4);
  });

  it("reads the receipts of scattered entries across batches (the export's read) as each write issued them", async () => {
    const { db } = current();
    const vault = freshVault();
    await addSpaceKey(db, vault, "market");
    const signer = countingSigner(
      await createSpaceLogSigners({ vault }).signerFor(db.kysely, "market"),
    );
    // Legacy entries first (no batch), then batches of 7, 1, 1 and 20.
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 0, 4)));
    const issued: IssuedReceipt[] = [];
    for (const [from, to] of [
      [4, 11],
      [11, 12],
      [12, 13],
      [13, 33],
    ] as const) {
      issued.push(
        ...(await db.spaceTransaction("market", async (w) =>
          issueReceipts(w.tx, signer, await appendEntries(w, entries("market", from, to))),
        )),
      );
    }
    const wanted = [1, 5, 10, 11, 12, 14, 32];
    const leaves = new Map(issued.map((r) => [r.index, r.leafHash]));
    const read = await readReceiptsAt(
      db.kysely,
      signer,
      wanted.map((index) => {
        const leafHash = leaves.get(index);
        return leafHash === undefined ? { index } : { index, leafHash };
      }),
    );
    expect(read.map((r) => r.index)).toEqual(wanted);
    const byIndex = new Map(issued.map((r) => [r.index, r.note]));
    for (const r of read.slice(1)) expect(r.note).toBe(byIndex.get(r.index));
    expect(read[0]?.note).toBe((await readReceipts(db.kysely, signer, 1, 2))[0]?.note);
    for (const r of read) expect(verifyReceipt(r.note, signer.verifierKey).index).toBe(r.index);
    // The export's read in parts: the same texts once joined, one note string per batch.
    const parts = await readReceiptPartsAt(
      db.kysely,
      signer,
      wanted.map((index) => ({ index })),
    );
    expect(parts.map((p) => `${p.head}\n${p.signedBatch}`)).toEqual(read.map((r) => r.note));
    expect(parts[1]?.signedBatch).toBe(parts[2]?.signedBatch); // 5 and 10 share the batch 4–10
    expect(parts[2]?.signedBatch).not.toBe(parts[3]?.signedBatch); // 11 is a batch of its own
    // Going up the log in calls that share the batch 13–32: the same parts as in one call.
    const kept = {};
    const inCalls = [];
    for (const part of [[1, 5, 10, 11, 12, 14], [32]]) {
      inCalls.push(
        ...(await readReceiptPartsAt(
          db.kysely,
          signer,
          part.map((index) => ({ index })),
          kept,
        )),
      );
    }
    expect(inCalls).toEqual(parts);
    expect(signer.signed()).toBe(4 + 1); // the four appends, and the legacy batch of 0–3 once
    expect(await codeOf(readReceiptsAt(db.kysely, signer, [{ index: 33 }]))).toBe("not-found");
  });
});

/** A signer that counts its signatures. */
function countingSigner(signer: SpaceLogSigner): SpaceLogSigner & { signed(): number } {
  let count = 0;
  const inner = signer.signer;
  return {
    ...signer,
    signer: {
      ...inner,
      sign(m: Uint8Array) {
        count++;
        return inner.sign(m);
      },
    },
    signed: () => count,
  };
}
