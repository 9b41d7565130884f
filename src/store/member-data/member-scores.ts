/**
 * The scores and signals the space derives about one member (issue 6, `derived/`): the Bayesian
 * reputation of the member as a subject and of every subject they own, and their fraud suspicion
 * signal with every reason that contributed, each with its provenance (algorithm, version, parameters,
 * log size). Computed exactly as the HTTP routes compute them (src/store/trust), from one evidence
 * snapshot, so what the member reads is what the space shows or tells its moderators.
 */
import type { Reason } from "../../trust/fraud/index.js";
import type { Reputation } from "../../trust/reputation/index.js";
import type { ScoreProvenance } from "../../trust/result.js";
import type { Database } from "../database.js";
import { loadSpaceEvidence } from "../trust/evidence.js";
import { subjectReputation, suspicionSignals } from "../trust/scores.js";

/** The reputation of one subject the member is or owns. */
export interface SubjectScore {
  readonly subject: string;
  /** "member": the member is the subject (reviews of them as a person); "owned": a subject they own. */
  readonly relation: "member" | "owned";
  readonly reputation: Reputation;
}

/** The member's suspicion signal. */
export interface MemberSignalScore {
  /** In [0, 1]: the sum of the reasons' contributions. */
  readonly score: number;
  /** 1 for the most suspicious member of the space. */
  readonly rank: number;
  /** Members ranked. */
  readonly of: number;
  /** Every reason that contributed, largest first. */
  readonly reasons: readonly Reason[];
  readonly provenance: ScoreProvenance;
}

/** Everything derived about a member, at one log size. */
export interface MemberScores {
  readonly logSize: number;
  /** When the evidence was read (ms). */
  readonly now: number;
  readonly subjects: readonly SubjectScore[];
  /** Null when the member gave and received no rating (they are not in the ratings graph). */
  readonly signal: MemberSignalScore | null;
}

/** Reasons listed at most: every code of src/trust/fraud (suspicion.ts FRAUD_REASON_CODES). */
const ALL_REASONS = 16;

/**
 * The member's scores at `now`, or null when the space does not exist.
 *
 * @example const scores = await memberScores(db, "stays", m, Date.now())
 */
export async function memberScores(
  db: Database,
  space: string,
  member: string,
  now: number,
): Promise<MemberScores | null> {
  const evidence = await loadSpaceEvidence(db, space, now);
  if (evidence === null) return null;
  const subjects: SubjectScore[] = [];
  const reviewed = new Set(evidence.reviews.map((r) => r.subject));
  if (evidence.subjectOwners.has(member) || reviewed.has(member)) {
    subjects.push({
      subject: member,
      relation: "member",
      reputation: subjectReputation(evidence, member),
    });
  }
  for (const [subject, owner] of evidence.subjectOwners) {
    if (owner !== member || subject === member) continue;
    subjects.push({ subject, relation: "owned", reputation: subjectReputation(evidence, subject) });
  }
  const { signals, provenance } = suspicionSignals(evidence, ALL_REASONS);
  const position = signals.findIndex((s) => s.member === member);
  const mine = signals[position];
  return {
    logSize: evidence.logSize,
    now,
    subjects,
    signal:
      mine === undefined
        ? null
        : {
            score: mine.score,
            rank: position + 1,
            of: signals.length,
            reasons: mine.reasons,
            provenance,
          },
  };
}
