/**
 * The moderation queue ordered by risk: the server orders the pending alerts by the larger of the
 * affected member's stored signals, the fraud suspicion and, where the policy names trust seeds, the
 * Sybil signal (GET moderation-queue, issue 5); the alert list holds what a moderator reads (the
 * explanation, the notifier). This joins the two in the server's order. Signals never decide anything:
 * they order the work and show their reasons.
 */
import type { ModerationQueueItem } from "../api/types.js";

/** A queue entry: the alert as listed, and its place in the ordered queue if the queue carried it. */
export interface QueueEntry<A> {
  readonly alert: A;
  readonly item: ModerationQueueItem | null;
}

/**
 * The pending `alerts` in the order of `queue`; alerts the queue did not carry (past its limit, or
 * raised between the two reads) follow, oldest first, and queue items whose alert is no longer listed
 * (resolved between the reads) are left out.
 *
 * @example joinQueue(queue.items, alerts)[0].item?.sybil?.score
 */
export function joinQueue<A extends { readonly alert: string; readonly raisedAt: number }>(
  queue: readonly ModerationQueueItem[],
  alerts: readonly A[],
): QueueEntry<A>[] {
  const byId = new Map(alerts.map((a) => [a.alert, a]));
  const ordered: QueueEntry<A>[] = [];
  for (const item of queue) {
    const alert = byId.get(item.alert);
    if (alert === undefined) continue;
    ordered.push({ alert, item });
    byId.delete(item.alert);
  }
  const rest = [...byId.values()].sort((x, y) => x.raisedAt - y.raisedAt);
  return [...ordered, ...rest.map((alert) => ({ alert, item: null }))];
}
