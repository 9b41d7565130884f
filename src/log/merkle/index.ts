/**
 * The RFC 9162 Merkle tree of the transparency log: hashing, node storage, appending, past roots, and
 * inclusion and consistency proofs (generation from a HashStore, and verification).
 */
export { type Appender, createAppender } from "./appender.js";
export {
  type Frontier,
  frontierIds,
  frontierRoot,
  type HashReader,
  readFrontier,
} from "./frontier.js";
export { emptyRoot, HASH_SIZE, leafHash, nodeHash } from "./hash.js";
export type { HashStore, NodeId, StoredNode } from "./hash-store.js";
export {
  createMemoryHashStore,
  MAX_SLOTS_PER_LEVEL,
  type MemoryHashStore,
} from "./memory-hash-store.js";
export {
  consistencyPlan,
  foldPlan,
  inclusionPlan,
  type ProofPlan,
  planIds,
} from "./proof-plan.js";
export { consistencyProof, inclusionProof } from "./prove.js";
export { rootAt } from "./root-at.js";
export { sameBytes } from "./same-bytes.js";
export { completeSubtrees, isTreeInteger } from "./subtrees.js";
export {
  type ConsistencyClaim,
  isConsistencyValid,
  verifyConsistency,
} from "./verify-consistency.js";
export {
  type InclusionClaim,
  isInclusionValid,
  rootFromInclusionProof,
  verifyInclusion,
} from "./verify-inclusion.js";
