/**
 * The verdict on one served reputation, against the records a replay gives at its log size. Two rules
 * are recomputed, chosen by what the score's provenance names:
 * - bayesian-reputation over the plain evidence rule (log-reputation.ts): published reviews, each
 *   unverified one flagged, the space's exact prior;
 * - bayesian-reputation weighted by rater credibility (credible-rule.ts, src/trust/credible): the whole
 *   provenance must then be the one the log gives, parameter by parameter.
 * Scores served at one size and moment share their inputs (the space's published reviews, and for the
 * weighted rule its whole-graph analysis): a judge computes them once per moment.
 */
import type { RecordSet } from "../replay/record-set.js";
import { compareReputation, type Difference } from "./compare-reputation.js";
import {
  type CredibleInputs,
  compareProvenance,
  credibleFromLog,
  credibleInputs,
  isCredible,
  unsupportedCredible,
} from "./credible-rule.js";
import {
  type ReputationInputs,
  reputationFromLog,
  reputationInputs,
  reputationSettings,
} from "./log-reputation.js";
import type { SubjectVerdict } from "./recompute.js";
import type { ServedReputation } from "./served-reputation.js";

/** Judges served reputations against `records`, the log's first `logSize` entries. */
export type Judge = (subject: string, served: ServedReputation) => SubjectVerdict;

/**
 * A judge over one replayed log prefix.
 *
 * @example const judge = createJudge(records, 1204); judge("flat-7", served)
 */
export function createJudge(records: RecordSet, logSize: number): Judge {
  const plain = memo((now: number) => reputationInputs(records, now));
  const credible = memo((now: number) => credibleInputs(records, now, logSize));
  const registered = (subject: string) => records.get("subject", subject) !== undefined;
  return (subject, served) => {
    try {
      return isCredible(served.provenance)
        ? judgeCredible(credible, registered, subject, served, logSize)
        : judgePlain(plain, registered, subject, served, logSize);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const reason = `the score's parameters are out of range: ${error.message}`;
      return { kind: "unsupported", subject, reason };
    }
  };
}

function judgePlain(
  inputsAt: (now: number) => ReputationInputs,
  registered: (subject: string) => boolean,
  subject: string,
  served: ServedReputation,
  logSize: number,
): SubjectVerdict {
  const settings = reputationSettings(served.provenance);
  if (typeof settings === "string") return { kind: "unsupported", subject, reason: settings };
  if (!registered(subject)) return unregistered(subject, logSize);
  const recomputed = reputationFromLog(inputsAt(settings.now), subject, settings, logSize);
  if (recomputed.kind === "pending") {
    return { kind: "pending", subject, logSize, reason: recomputed.reason };
  }
  const differences = compareReputation(served, recomputed.reputation, recomputed.scale);
  return differences.length === 0
    ? { kind: "match", subject, logSize, score: served.score }
    : mismatch(subject, logSize, differences);
}

function judgeCredible(
  inputsAt: (now: number) => CredibleInputs,
  registered: (subject: string) => boolean,
  subject: string,
  served: ServedReputation,
  logSize: number,
): SubjectVerdict {
  const now = served.provenance.params.now;
  if (typeof now !== "number" || !Number.isFinite(now)) {
    return { kind: "unsupported", subject, reason: "the score's parameter now is not a number" };
  }
  const inputs = inputsAt(now);
  if (inputs.kind === "pending")
    return { kind: "pending", subject, logSize, reason: inputs.reason };
  const unsupported = unsupportedCredible(served.provenance, inputs.provenance);
  if (unsupported !== undefined) return { kind: "unsupported", subject, reason: unsupported };
  if (!registered(subject)) return unregistered(subject, logSize);
  const computed = credibleFromLog(inputs, subject);
  const differences = [
    ...compareReputation(served, computed, inputs.evidence.scale),
    ...compareProvenance(served.provenance, inputs.provenance),
  ];
  return differences.length === 0
    ? { kind: "match", subject, logSize, score: served.score }
    : mismatch(subject, logSize, differences);
}

function mismatch(
  subject: string,
  logSize: number,
  differences: readonly Difference[],
): SubjectVerdict {
  return { kind: "mismatch", subject, logSize, differences };
}

/** The space scores a subject its log never registered (up to the score's log size). */
function unregistered(subject: string, logSize: number): SubjectVerdict {
  const log = `not registered in the first ${logSize} entries`;
  return mismatch(subject, logSize, [{ field: "subject", served: "scored", log }]);
}

/** One computation per moment. */
function memo<T>(compute: (now: number) => T): (now: number) => T {
  const known = new Map<number, T>();
  return (now) => {
    let found = known.get(now);
    if (found === undefined) {
      found = compute(now);
      known.set(now, found);
    }
    return found;
  };
}
