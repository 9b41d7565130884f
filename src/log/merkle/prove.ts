/**
 * Proof generation from a HashStore: plan the node ids (proof-plan.ts), read them in one batched get, fold.
 */
import type { Digest } from "../crypto.js";
import type { HashReader } from "./frontier.js";
import { consistencyPlan, foldPlan, inclusionPlan, type ProofPlan, planIds } from "./proof-plan.js";

/**
 * The inclusion proof of leaf `index` in the tree of `treeSize` leaves (RFC 9162 §2.1.3.1 PATH), leaf
 * level first. Throws LogError("out-of-range") unless 0 ≤ index < treeSize, and the store's
 * LogError("missing") if it does not hold the tree that far.
 *
 * @example const proof = await inclusionProof(store, 5, 8) // verifies with verifyInclusion
 */
export async function inclusionProof(
  store: HashReader,
  index: number,
  treeSize: number,
): Promise<Digest[]> {
  return resolvePlan(store, inclusionPlan(index, treeSize));
}

/**
 * The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves (RFC 9162
 * §2.1.4.1 PROOF); empty when the sizes are equal. Throws LogError("out-of-range") unless
 * 0 < oldSize ≤ newSize, and the store's LogError("missing") if it does not hold the tree that far.
 *
 * @example const proof = await consistencyProof(store, 6, 8) // verifies with verifyConsistency
 */
export async function consistencyProof(
  store: HashReader,
  oldSize: number,
  newSize: number,
): Promise<Digest[]> {
  return resolvePlan(store, consistencyPlan(oldSize, newSize));
}

async function resolvePlan(store: HashReader, plan: ProofPlan): Promise<Digest[]> {
  if (plan.length === 0) return [];
  return foldPlan(plan, await store.get(planIds(plan)));
}
