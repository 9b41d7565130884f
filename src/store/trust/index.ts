/** Trust scores of a space from its projections (issue 5): evidence loading and the scores. */
export type { ScoreProvenance } from "../../trust/result.js";
export { analyzeSpace, ratingsEvidence, type SpaceAnalysis } from "./analysis.js";
export {
  type InteractionEvidence,
  loadSpaceEvidence,
  type ReviewEvidence,
  type SpaceEvidence,
  type VouchEvidence,
} from "./evidence.js";
export { normalizedRating, ratingsGraph, trustGraph } from "./graphs.js";
export {
  type MemberSignal,
  type MemberTrust,
  memberTrust,
  type NamedTrustPath,
  type NamedTrustStep,
  type SuspicionSignals,
  subjectReputation,
  suspicionSignals,
} from "./scores.js";
