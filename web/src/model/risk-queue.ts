/**
 * The moderation queue ordered by risk: each pending alert next to the suspicion signals of the member
 * responsible for what it targets (the review's author, the subject's owner, the member), most
 * suspicious first; alerts whose member is unknown (a sealed review, a reply, a vouch) or has no signal
 * follow, oldest first. Signals never decide anything: they order the work and show their reasons.
 */

/** A member's suspicion signal (GET signals). */
export interface Signal {
  readonly member: string;
  readonly score: number;
  readonly reasons: readonly {
    readonly code: string;
    readonly text: string;
    readonly contribution: number;
  }[];
}

/** An alert with the member it concerns, when known. */
export interface QueueInput<A> {
  readonly alert: A;
  readonly raisedAt: number;
  readonly member: string | null;
}

/** A queue entry: the alert and the signal of its member, if any. */
export interface QueueEntry<A> extends QueueInput<A> {
  readonly signal: Signal | null;
}

/**
 * Orders `alerts` by the suspicion score of their member (highest first), then by age (oldest first).
 *
 * @example riskOrdered(alerts, signals)[0].signal?.score
 */
export function riskOrdered<A>(
  alerts: readonly QueueInput<A>[],
  signals: readonly Signal[],
): QueueEntry<A>[] {
  const byMember = new Map(signals.map((s) => [s.member, s]));
  return alerts
    .map((a) => ({ ...a, signal: a.member === null ? null : (byMember.get(a.member) ?? null) }))
    .sort((x, y) => (y.signal?.score ?? -1) - (x.signal?.score ?? -1) || x.raisedAt - y.raisedAt);
}
