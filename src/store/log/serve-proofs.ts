/**
 * Inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4) from the store, for trees a signed checkpoint
 * covers (published-tree.ts). Proofs are planned and read from log_nodes in one batched query each
 * (src/log/merkle/prove.ts). A node the published tree needs but log_nodes lacks means a damaged database
 * (StoreError "corrupt"), never a reason to serve a partial proof.
 */
import type { Digest } from "../../log/crypto.js";
import { isLogError, LogError } from "../../log/errors.js";
import { consistencyProof, inclusionProof } from "../../log/merkle/prove.js";
import { StoreError } from "../errors.js";
import type { Executor } from "../schema.js";
import { requirePublishedSize } from "./published-tree.js";
import { createSqlHashStore } from "./sql-hash-store.js";

/** An inclusion proof and the leaf it proves. */
export interface InclusionProofOf {
  readonly index: number;
  readonly treeSize: number;
  /** The leaf hash stored at `index` (RFC 9162 §2.1.1). */
  readonly leafHash: Digest;
  /** inclusion_path, leaf level first: verifies with verifyInclusion against the checkpoint's root. */
  readonly proof: readonly Digest[];
}

/**
 * The inclusion proof of entry `index` in the published tree of `treeSize` leaves (index < treeSize ≤ the
 * latest checkpoint's size). Throws LogError("out-of-range") for an index or size out of range,
 * StoreError("not-found") for a size beyond the latest checkpoint.
 *
 * @example const { proof } = await inclusionProofFor(db.kysely, "market", 5, checkpoint.size)
 */
export async function inclusionProofFor(
  db: Executor,
  space: string,
  index: number,
  treeSize: number,
): Promise<InclusionProofOf> {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new LogError("out-of-range", `entry ${index} is not in a tree of size ${treeSize}`);
  }
  await requirePublishedSize(db, space, treeSize);
  const store = createSqlHashStore(db, space);
  return whenPublishedNodesExist(space, async () => {
    const [leafHash] = await store.get([{ level: 0, index }]);
    const proof = await inclusionProof(store, index, treeSize);
    return { index, treeSize, leafHash: leafHash as Digest, proof };
  });
}

/**
 * The consistency proof from the published tree of `oldSize` leaves to that of `newSize` (0 < oldSize ≤
 * newSize ≤ the latest checkpoint's size; empty when equal). Throws LogError("out-of-range") for sizes out
 * of order, StoreError("not-found") for a size beyond the latest checkpoint.
 *
 * @example verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: await consistencyProofFor(db.kysely, "market", oldSize, newSize) })
 */
export async function consistencyProofFor(
  db: Executor,
  space: string,
  oldSize: number,
  newSize: number,
): Promise<Digest[]> {
  if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > newSize) {
    throw new LogError("out-of-range", `no consistency proof from size ${oldSize} to ${newSize}`);
  }
  await requirePublishedSize(db, space, newSize);
  return whenPublishedNodesExist(space, () =>
    consistencyProof(createSqlHashStore(db, space), oldSize, newSize),
  );
}

async function whenPublishedNodesExist<T>(space: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!isLogError(e, "missing")) throw e;
    throw new StoreError(
      "corrupt",
      `space ${space}: a node of a published tree is missing from log_nodes`,
      { cause: e },
    );
  }
}
