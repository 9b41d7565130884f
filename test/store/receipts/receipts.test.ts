/**
 * Receipts issued by the store: signed by the space's log key inside the appending transaction, they
 * verify with the space's verifier key (the one that opens its checkpoints), fail when tampered, and are
 * redeemed by an inclusion proof served from the store once a checkpoint covers them.
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
import { issueReceipts } from "../../../src/store/log/receipts.js";
import { inclusionProofFor } from "../../../src/store/log/serve-proofs.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
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
    const tampered = [
      note.replace("/spaces/market\n0\n", "/spaces/market\n1\n"),
      note.replace(encodeBase64(issued?.leafHash ?? new Uint8Array()), otherHash),
      note.replace(`\n${issued?.time}\n`, `\n${(issued?.time ?? 0) + 1}\n`),
    ];
    for (const t of tampered) {
      expect(t).not.toBe(note);
      expect(() => verifyReceipt(t, market.verifierKey)).toThrow(
        expect.objectContaining({ code: "bad-signature" }),
      );
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
    const missing = await issueReceipts(db.kysely, signer, { firstIndex: 0, size: 2 }).catch(
      (e) => e,
    );
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
    const after = await issueReceipts(db.kysely, signer, { firstIndex: 0, size: 1 }).catch(
      (e) => e,
    );
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
});
