/**
 * The src/trust graphs of a space's evidence (evidence.ts). Two graphs, because the algorithms read
 * different evidence:
 * - the ratings graph (fraud suspicion, REV2): author → subject, the rating mapped onto −1..1 as REV2
 *   expects, times in seconds as the behavioural signals expect;
 * - the trust graph (personalized and global trust): vouches (voucher → vouchee), interactions (each
 *   party → the other: "stayed with B") and ratings of a subject carried to its owner, so a member is
 *   trusted for the listings they run. Only positive edges carry trust in the walks (src/trust/rank).
 * Every member is numbered first, in joining order, so a member without evidence still has a node.
 */
import { type BuiltGraph, createGraphBuilder, createIdTable } from "../../trust/graph/index.js";
import type { SpaceEvidence } from "./evidence.js";

/**
 * A rating on the space's scale mapped onto −1..1 (the scale's middle is 0).
 *
 * @example normalizedRating(5, { min: 1, max: 5 }) // 1
 */
export function normalizedRating(
  rating: number,
  scale: { readonly min: number; readonly max: number },
): number {
  const mid = (scale.min + scale.max) / 2;
  return (rating - mid) / ((scale.max - scale.min) / 2);
}

/**
 * The ratings graph of the published reviews (author → subject).
 *
 * @example const { graph, ids } = ratingsGraph(evidence)
 */
export function ratingsGraph(evidence: SpaceEvidence): BuiltGraph {
  const builder = createGraphBuilder({ ids: createIdTable(evidence.members) });
  for (const r of evidence.reviews) {
    builder.add({
      kind: "rating",
      from: r.author,
      to: r.subject,
      weight: normalizedRating(r.overall, evidence.scale),
      time: Math.floor(r.submittedAt / 1000),
    });
  }
  return builder.build({ logSize: evidence.logSize });
}

/**
 * The trust graph of vouches, interactions and ratings (carried to the subject's owner).
 *
 * @example const walk = prepareTrustWalk(trustGraph(evidence).graph)
 */
export function trustGraph(evidence: SpaceEvidence): BuiltGraph {
  const builder = createGraphBuilder({ ids: createIdTable(evidence.members) });
  for (const v of evidence.vouches) {
    builder.add({ kind: "vouch", from: v.voucher, to: v.vouchee, weight: 1, time: v.givenAt });
  }
  for (const i of evidence.interactions) {
    builder.add({ kind: "interaction", from: i.a, to: i.b, weight: 1, time: i.occurredAt });
    builder.add({ kind: "interaction", from: i.b, to: i.a, weight: 1, time: i.occurredAt });
  }
  for (const r of evidence.reviews) {
    const owner = evidence.subjectOwners.get(r.subject) ?? null;
    builder.add({
      kind: "rating",
      from: r.author,
      to: owner ?? r.subject,
      weight: normalizedRating(r.overall, evidence.scale),
      time: r.submittedAt,
    });
  }
  return builder.build({ logSize: evidence.logSize });
}
