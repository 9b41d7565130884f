/**
 * Sealing one space: sign a checkpoint of the tree log_state holds, if it grew, and only if it provably
 * extends the last checkpoint signed. A log's checkpoints are its public commitments: two that are not
 * consistent (RFC 9162 §2.1.4) prove that the log forked, so the sealer would rather stop signing than
 * ever sign one. The recipe, in the space's writer transaction (appends wait, nothing moves):
 *   1. read the tree now (log_state; a frontier that does not fold to the root is already "corrupt");
 *   2. open the last stored checkpoint with the space's keys, and check its row says what its note says;
 *   3. refuse a tree smaller than the last checkpoint, or of the same size with another root;
 *   4. if nothing grew, stop: no new checkpoint;
 *   5. prove, from log_nodes, that the tree now extends the last checkpoint (for the first checkpoint,
 *      that log_nodes fold to log_state's root), and verify the proof;
 *   6. sign the checkpoint with the space's log key and store it (saveCheckpoint checks it is the tree now).
 * Every refusal is StoreError("corrupt") (or "invalid-config" for an origin that changed) with the
 * LogError that caught it as cause; nothing is stored. A space with witnesses stores the checkpoint only
 * once they cosigned it (seal-witnessed.ts).
 */
import {
  type Checkpoint,
  type OpenedCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from "../../log/checkpoint/index.js";
import type { Digest } from "../../log/crypto.js";
import { isLogError } from "../../log/errors.js";
import { consistencyProof } from "../../log/merkle/prove.js";
import { rootAt } from "../../log/merkle/root-at.js";
import { sameBytes } from "../../log/merkle/same-bytes.js";
import { verifyConsistency } from "../../log/merkle/verify-consistency.js";
import { splitNote } from "../../log/note/index.js";
import type { Database, SpaceTx } from "../database.js";
import { StoreError } from "../errors.js";
import { latestCheckpoint, saveCheckpoint } from "../log/checkpoints.js";
import { type LogState, readLogState } from "../log/log-state.js";
import type { SpaceLogSigner, SpaceLogSigners } from "../log/space-log-signer.js";
import { createSqlHashStore } from "../log/sql-hash-store.js";
import type { Executor } from "../schema.js";

/** What one seal did. */
export type SealOutcome =
  /** A new checkpoint of `size` was signed and stored; `previousSize` is 0 for the first one. */
  | {
      readonly kind: "sealed";
      readonly space: string;
      readonly size: number;
      readonly previousSize: number;
      readonly note: string;
      /** With witnesses (seal-witnessed.ts): how many cosigned, out of the k required. */
      readonly witnessed?: { readonly cosigned: number; readonly threshold: number };
    }
  /** The tree has not grown since the last checkpoint (of `size`, 0 when none): nothing signed. */
  | { readonly kind: "unchanged"; readonly space: string; readonly size: number };

/** The last checkpoint, as its signed note says (the row is trusted only as far as it agrees). */
export interface SignedTree {
  readonly size: number;
  readonly root: Digest;
}

/**
 * Seals `space` once (see the recipe above).
 *
 * @example const outcome = await sealSpace(db, signers, "market") // { kind: "sealed", size: 42, … }
 */
export async function sealSpace(
  db: Database,
  signers: SpaceLogSigners,
  space: string,
): Promise<SealOutcome> {
  return db.spaceTransaction(space, async (w) => {
    const signed = await signCurrentTree(w, signers);
    if (signed.kind === "unchanged") return signed;
    await saveCheckpoint(w, { size: signed.size, root: signed.root, note: signed.note });
    return {
      kind: "sealed",
      space,
      size: signed.size,
      previousSize: signed.previousSize,
      note: signed.note,
    };
  });
}

/** A checkpoint signed (steps 1–5 and the signature of 6), not yet stored. */
export interface SignedCurrentTree {
  readonly kind: "signed";
  readonly space: string;
  readonly size: number;
  readonly root: Digest;
  /** The size of the last stored checkpoint (0 when none). */
  readonly previousSize: number;
  readonly note: string;
}

/**
 * Steps 1–5 of the recipe and the signature of step 6, in the writer's transaction `w`: the note of the
 * tree now, or "unchanged". The caller stores it (sealSpace at once; a witnessed seal once cosigned).
 *
 * @example const signed = await signCurrentTree(w, signers)
 */
export async function signCurrentTree(
  w: SpaceTx,
  signers: SpaceLogSigners,
): Promise<SignedCurrentTree | Extract<SealOutcome, { kind: "unchanged" }>> {
  const { space } = w;
  const signer = await signers.signerFor(w.tx, space);
  const now = await readLogState(w.tx, space);
  const last = await readLastSignedTree(w.tx, signer);
  requireNoShrinkOrFork(space, last, now);
  const lastSize = last?.size ?? 0;
  if (now.size === lastSize) return { kind: "unchanged", space, size: lastSize };
  await requireExtendsLastCheckpoint(w.tx, space, last, now);
  const note = signCheckpoint(checkpointOf(signer, now), [signer.signer]);
  return { kind: "signed", space, size: now.size, root: now.root, previousSize: lastSize, note };
}

/**
 * Step 2: the latest checkpoint row, opened with the space's keys and checked against its own note.
 *
 * @example const last = await readLastSignedTree(w.tx, await signers.signerFor(w.tx, space))
 */
export async function readLastSignedTree(
  db: Executor,
  signer: SpaceLogSigner,
): Promise<SignedTree | undefined> {
  const { space } = signer;
  const row = await latestCheckpoint(db, space);
  if (row === undefined) return undefined;
  const why = "its last checkpoint does not open with its keys";
  const origin = refusing(space, why, () => parseCheckpoint(splitNote(row.note).text).origin);
  if (origin !== signer.origin) {
    throw new StoreError(
      "invalid-config",
      `space ${space}: its log was published as "${origin}", the configured origin is "${signer.origin}"; a log's origin never changes`,
    );
  }
  const { checkpoint } = refusing(space, why, () => openWithAnyKey(row.note, signer));
  if (checkpoint.size !== row.size || !sameBytes(checkpoint.rootHash, row.root)) {
    throw new StoreError(
      "corrupt",
      `space ${space}: the checkpoint row of size ${row.size} does not match its signed note`,
    );
  }
  return { size: checkpoint.size, root: checkpoint.rootHash };
}

/** The note must be signed by one of the space's keys (the newest, or an older one before a rotation). */
function openWithAnyKey(note: string, signer: SpaceLogSigner): OpenedCheckpoint {
  const lines = splitNote(note).signatures;
  const logVerifier =
    signer.verifiers.find((v) => lines.some((s) => s.name === v.name && s.keyId === v.keyId)) ??
    signer.verifiers[0];
  if (logVerifier === undefined) {
    throw new StoreError("not-found", `space ${signer.space} has no signing key`);
  }
  return openCheckpoint(note, { logVerifier, origin: signer.origin });
}

/** Step 3: sizes never go down, and one size has one root. */
function requireNoShrinkOrFork(space: string, last: SignedTree | undefined, now: LogState): void {
  if (last === undefined) return;
  if (now.size < last.size) {
    throw new StoreError(
      "corrupt",
      `space ${space}: the log holds ${now.size} entries, fewer than its last checkpoint (${last.size}); refusing to sign`,
    );
  }
  if (now.size === last.size && !sameBytes(now.root, last.root)) {
    throw new StoreError(
      "corrupt",
      `space ${space}: the root of size ${now.size} differs from its last checkpoint's; refusing to sign`,
    );
  }
}

/**
 * Step 5: a consistency proof from log_nodes, verified against the signed root and the root of `now`
 * (log_state's, or a signed tree's). Throws StoreError("corrupt") when it does not verify.
 *
 * @example await requireExtendsLastCheckpoint(w.tx, space, last, { size, root })
 */
export async function requireExtendsLastCheckpoint(
  db: Executor,
  space: string,
  last: SignedTree | undefined,
  now: Pick<LogState, "size" | "root">,
): Promise<void> {
  const store = createSqlHashStore(db, space);
  if (last === undefined || last.size === 0) {
    const why = `log_nodes do not hold the tree of size ${now.size}; refusing to sign`;
    const root = await refusingAsync(space, why, () => rootAt(store, now.size));
    if (!sameBytes(root, now.root)) {
      throw new StoreError(
        "corrupt",
        `space ${space}: log_state's root of size ${now.size} is not the root of log_nodes; refusing to sign`,
      );
    }
    return;
  }
  const why = `the tree of size ${now.size} is not consistent with the last checkpoint (${last.size}); refusing to sign`;
  const proof = await refusingAsync(space, why, () => consistencyProof(store, last.size, now.size));
  refusing(space, why, () =>
    verifyConsistency({
      oldSize: last.size,
      newSize: now.size,
      oldRoot: last.root,
      newRoot: now.root,
      proof,
    }),
  );
}

function checkpointOf(signer: SpaceLogSigner, now: LogState): Checkpoint {
  return { origin: signer.origin, size: now.size, rootHash: now.root, extensions: [] };
}

/** Runs a check, turning a LogError into a StoreError("corrupt") that says what the sealer refused. */
function refusing<T>(space: string, why: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw asRefusal(space, why, e);
  }
}

async function refusingAsync<T>(space: string, why: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (e) {
    throw asRefusal(space, why, e);
  }
}

function asRefusal(space: string, why: string, e: unknown): unknown {
  if (!isLogError(e)) return e;
  return new StoreError("corrupt", `space ${space}: ${why}: ${e.message}`, { cause: e });
}
