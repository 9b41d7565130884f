/** Global and personalized trust ranking: the public API of src/trust/rank. */
export {
  EIGENTRUST_VERSION,
  type EigenTrustOptions,
  type EigenTrustResult,
  eigenTrust,
} from "./eigentrust.js";
export { type GaussSeidelResult, gaussSeidelRank } from "./gauss-seidel.js";
export {
  PAGERANK_VERSION,
  type PageRankOptions,
  type PageRankResult,
  pagerank,
} from "./pagerank.js";
export {
  PERSONALIZED_TRUST_VERSION,
  type PersonalizedTrust,
  type PersonalizedTrustOptions,
  personalizedTrust,
} from "./personalized-trust.js";
export {
  type PowerIterationOptions,
  type PowerIterationResult,
  powerIterate,
} from "./power-iteration.js";
export {
  createPushWorkspace,
  forwardPush,
  type PushOptions,
  type PushResult,
  type PushWorkspace,
  prepareTrustWalk,
  type TrustWalk,
} from "./push.js";
export {
  strongestTrustPaths,
  type TrustPath,
  type TrustPathOptions,
  type TrustPathSearch,
  type TrustStep,
} from "./trust-paths.js";
export { solveWalk, WALK_SOLVERS, type WalkSolver } from "./walk-solver.js";
