/**
 * Sealing a space whose checkpoints are witnessed (c2sp.org/tlog-witness): a checkpoint is published
 * only once a k-of-n quorum of witnesses cosigned it, and it is published with their cosignatures, so
 * that anyone who requires them (`fabrique audit follow --witness`) knows the log could not show them
 * another history. The recipe:
 *   1. in the writer's transaction, sign the tree now exactly as sealSpace does (seal-space.ts: refuse a
 *      shrink or a fork, prove the tree extends the last stored checkpoint); store nothing;
 *   2. outside any transaction (witnesses answer in their own time), submit it to the witnesses with
 *      consistency proofs from log_nodes (nodes are never rewritten, so no lock is needed);
 *   3. without a quorum: publish nothing, fail the seal (StoreError "unavailable", naming each
 *      witness's answer); the sealer retries on its next pass with the tree as it is then;
 *   4. with one: check the note still carries the log's signature over the same text, then, in a new
 *      writer transaction, prove again that it extends the last stored checkpoint (another process may
 *      have published meanwhile) and store it with its cosignatures.
 * A witness may so have cosigned a checkpoint that is never published: harmless, since the next one
 * extends it, and the witness asks for the proof from its own latest size.
 */
import { openCheckpoint } from "../../log/checkpoint/index.js";
import { consistencyProof } from "../../log/merkle/prove.js";
import { sameBytes } from "../../log/merkle/same-bytes.js";
import { splitNote } from "../../log/note/index.js";
import type { Database, SpaceTx } from "../database.js";
import { StoreError } from "../errors.js";
import { saveCheckpointOfPrefix } from "../log/checkpoints.js";
import type { SpaceLogSigners } from "../log/space-log-signer.js";
import { createSqlHashStore } from "../log/sql-hash-store.js";
import {
  readLastSignedTree,
  requireExtendsLastCheckpoint,
  type SealOutcome,
  type SignedCurrentTree,
  signCurrentTree,
} from "./seal-space.js";
import type { CheckpointWitnessing } from "./witnessing.js";

/**
 * Seals `space` once, publishing only a witnessed checkpoint (see the recipe above). Rejects with
 * StoreError("unavailable") when no quorum cosigned, and as sealSpace does otherwise.
 *
 * @example const outcome = await sealWitnessedSpace(db, signers, "market", witnessing)
 */
export async function sealWitnessedSpace(
  db: Database,
  signers: SpaceLogSigners,
  space: string,
  witnessing: CheckpointWitnessing,
): Promise<SealOutcome> {
  const signed = await db.spaceTransaction(space, (w) => signCurrentTree(w, signers));
  if (signed.kind === "unchanged") return signed;
  const outcome = await witnessing.cosign({
    space,
    note: signed.note,
    size: signed.size,
    prove: (oldSize, newSize) =>
      consistencyProof(createSqlHashStore(db.kysely, space), oldSize, newSize),
  });
  if (outcome.kind === "no-quorum") {
    throw new StoreError(
      "unavailable",
      `space ${space}: the checkpoint of size ${signed.size} is not published: ${outcome.cosigned} of the ${outcome.threshold} witness cosignatures required (${outcome.reasons.join("; ")})`,
    );
  }
  return db.spaceTransaction(space, async (w) => {
    await requireSameCheckpoint(w, signers, signed, outcome.note);
    return publish(w, signers, signed, outcome.note, {
      cosigned: outcome.cosigned,
      threshold: outcome.threshold,
    });
  });
}

/**
 * Step 4's first check: the witnessing port hands back the checkpoint the log signed, with cosignatures
 * added, not another text and not without the log's signature (it is outside the store: trust nothing).
 */
async function requireSameCheckpoint(
  w: SpaceTx,
  signers: SpaceLogSigners,
  signed: SignedCurrentTree,
  cosigned: string,
): Promise<void> {
  const signer = await signers.signerFor(w.tx, w.space);
  const same = (() => {
    try {
      if (splitNote(cosigned).text !== splitNote(signed.note).text) return false;
      const logVerifier = signer.verifiers.find((v) => v.keyId === signer.signer.keyId);
      if (logVerifier === undefined) return false;
      openCheckpoint(cosigned, { logVerifier, origin: signer.origin });
      return true;
    } catch {
      return false;
    }
  })();
  if (!same) {
    throw new StoreError(
      "corrupt",
      `space ${w.space}: the witnessed checkpoint of size ${signed.size} is not the one the log signed; not published`,
    );
  }
}

/** Step 4's publication, in the writer's transaction. */
async function publish(
  w: SpaceTx,
  signers: SpaceLogSigners,
  signed: SignedCurrentTree,
  note: string,
  witnessed: { readonly cosigned: number; readonly threshold: number },
): Promise<SealOutcome> {
  const { space } = w;
  const last = await readLastSignedTree(w.tx, await signers.signerFor(w.tx, space));
  if (last !== undefined && last.size >= signed.size) {
    // Another process published this size or a larger one meanwhile.
    if (last.size === signed.size && !sameBytes(last.root, signed.root)) {
      throw new StoreError(
        "corrupt",
        `space ${space}: a checkpoint of size ${signed.size} with another root was published meanwhile`,
      );
    }
    return { kind: "unchanged", space, size: last.size };
  }
  await requireExtendsLastCheckpoint(w.tx, space, last, signed);
  await saveCheckpointOfPrefix(w, { size: signed.size, root: signed.root, note });
  return {
    kind: "sealed",
    space,
    size: signed.size,
    previousSize: last?.size ?? 0,
    note,
    witnessed,
  };
}
