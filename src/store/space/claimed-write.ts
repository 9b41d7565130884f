/**
 * Exactly-once writes under an Idempotency-Key (src/http/plugins/idempotency.ts). The HTTP layer claims
 * the key before the request runs (src/store/access/idempotency.ts: state "pending"); the space service
 * marks that claim "applied", with the log indices of the entries the command appended, inside the
 * transaction that appends them. The claim and the entries commit together or not at all, so:
 * - a crash before the commit leaves the claim pending and nothing written: a retry after the lease runs;
 * - a crash after it (before the answer is stored) leaves the claim applied: a retry is answered from
 *   the log (SpaceService.readApplied) and the command never runs twice.
 *
 * The claim is held first (pending → applied, only while it is still this request's claim), before the
 * command runs: on PostgreSQL the row stays locked until the commit, so a retry taking over an expired
 * lease meanwhile waits, then finds it applied and does not take it. A command the domain refuses puts
 * the claim back to pending (the HTTP layer then stores or releases the refusal as before); a claim lost
 * to a takeover refuses the command with a conflict, writing nothing.
 */
import { domainError } from "../../domain/index.js";
import type { HeldClaim } from "../access/idempotency.js";
import type { Executor } from "../schema.js";
import type { AppendedEvent, ExecuteFailure } from "./results.js";

/** What a command run in the space transaction gives: its appended events, or its refusal. */
export type WriteOutcome = readonly AppendedEvent[] | ExecuteFailure;

/** The rule a command breaks when the request no longer holds its Idempotency-Key claim. */
export const CLAIM_LOST_RULE = "idempotency.claim-held";

/**
 * Runs `write` (a command and the writing of its events, on `tx`) as the applying of `claim`; without a
 * claim, just runs it.
 *
 * @example outcomes.push(await writeUnderClaim(w.tx, call.claim, () => runAndWrite(call)))
 */
export async function writeUnderClaim(
  tx: Executor,
  claim: HeldClaim | undefined,
  write: () => Promise<WriteOutcome>,
): Promise<WriteOutcome> {
  if (claim === undefined) return write();
  if (!(await setState(tx, claim, "pending", "applied"))) return claimLost(claim);
  const outcome = await write();
  if ("ok" in outcome) {
    await setState(tx, claim, "applied", "pending");
    return outcome;
  }
  await tx
    .updateTable("idempotency_keys")
    .set({ applied: JSON.stringify(outcome.map((e) => e.index)) })
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", claim.claimedAt)
    .execute();
  return outcome;
}

/** Moves this request's claim from `from` to `to`; false when it is not (any longer) in `from`. */
async function setState(
  tx: Executor,
  claim: HeldClaim,
  from: "pending" | "applied",
  to: "pending" | "applied",
): Promise<boolean> {
  const updated = await tx
    .updateTable("idempotency_keys")
    .set({ state: to })
    .where("space", "=", claim.space)
    .where("credential", "=", claim.credential)
    .where("idem_key", "=", claim.key)
    .where("created_at", "=", claim.claimedAt)
    .where("state", "=", from)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

function claimLost(claim: HeldClaim): ExecuteFailure {
  return {
    ok: false,
    error: domainError(
      "conflict",
      CLAIM_LOST_RULE,
      `the Idempotency-Key ${claim.key} is no longer held by this request (its lease ended and a retry took it over, or it expired); nothing was written`,
    ),
  };
}
