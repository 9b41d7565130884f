/**
 * The port command handlers read state through. Tiny on purpose: each method is one indexed query
 * the store answers inside the transaction the command's events will be appended in (so checks and
 * writes see the same state). Test doubles live in test/domain/support/.
 */
import type { MemberId, SpaceId, SubjectId } from "./ids.js";
import type {
  AppealRecord,
  DecisionRecord,
  DisputeRecord,
  RecordKind,
  RecordOf,
  ReviewRecord,
  VouchRecord,
} from "./records.js";

/** Read access to the projections of a space. */
export interface DomainReader {
  /** The record of `kind` with `id` in `space`, or null. */
  get<K extends RecordKind>(kind: K, space: SpaceId, id: string): Promise<RecordOf<K> | null>;

  /** The review `author` wrote of `interaction` (withdrawn ones included), or null. */
  findReview(space: SpaceId, interaction: string, author: MemberId): Promise<ReviewRecord | null>;

  /**
   * The reviews without an interaction (invited or organic) `author` wrote of `subject` that are
   * not withdrawn.
   */
  findUnverifiedReviews(
    space: SpaceId,
    subject: SubjectId,
    author: MemberId,
  ): Promise<readonly ReviewRecord[]>;

  /** The dispute `member` filed about `interaction`, or null. */
  findDispute(space: SpaceId, interaction: string, member: MemberId): Promise<DisputeRecord | null>;

  /** Reviews by `author` that are neither revealed nor withdrawn. */
  listUnrevealedReviewsBy(space: SpaceId, author: MemberId): Promise<readonly ReviewRecord[]>;

  /**
   * Up to `limit` reviews, oldest window first, neither revealed nor withdrawn, whose
   * `sealedUntil` is not null and ≤ `now` (the sealer's work list; see sealing.ts `revealDue`).
   */
  listRevealDue(space: SpaceId, now: number, limit: number): Promise<readonly ReviewRecord[]>;

  /** Vouches for `member` that are active at `now` (not revoked, not expired, not removed). */
  countVouchesFor(space: SpaceId, member: MemberId, now: number): Promise<number>;

  /** The active vouch from `voucher` for `vouchee` in `scope` at `now`, or null. */
  findActiveVouch(
    space: SpaceId,
    voucher: MemberId,
    vouchee: MemberId,
    scope: string,
    now: number,
  ): Promise<VouchRecord | null>;

  /** Decisions whose statement's `affected` is `member` (reversed ones included). */
  listDecisionsAffecting(space: SpaceId, member: MemberId): Promise<readonly DecisionRecord[]>;

  /** The appeals `appellant` filed against the decision or alert `target`. */
  listAppeals(
    space: SpaceId,
    target: { readonly kind: "decision" | "alert"; readonly id: string },
    appellant: MemberId,
  ): Promise<readonly AppealRecord[]>;
}
