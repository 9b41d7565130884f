/**
 * Served against recomputed: every number of a served reputation that the log determines, compared with
 * what the log gives. Floating-point sums may differ in their last bits when terms come in another order,
 * so numbers agree within a relative 1e-9 (a rating changed by one star moves a score by far more).
 * Contributions are matched by review id: a served contribution of a review the log does not hold as
 * published, or with another rating, is a difference too.
 */
import type { Reputation } from "../../trust/reputation/index.js";
import type { ServedReputation } from "./served-reputation.js";

/** One number (or fact) on which the space and the log disagree. */
export interface Difference {
  readonly field: string;
  readonly served: string;
  readonly log: string;
}

/** Relative tolerance of number comparisons. */
export const RELATIVE_TOLERANCE = 1e-9;

/**
 * The differences between `served` and `computed` (none: they agree).
 *
 * @example compareReputation(served, recomputed.reputation, { min: 1, max: 5 }) // [{ field: "score", … }]
 */
export function compareReputation(
  served: ServedReputation,
  computed: Reputation,
  scale: { readonly min: number; readonly max: number },
): Difference[] {
  const out: Difference[] = [];
  const number = (field: string, s: number, l: number) => {
    if (!close(s, l)) out.push({ field, served: String(s), log: String(l) });
  };
  number("count", served.count, computed.count);
  number("score", served.score, computed.score);
  number("interval.low", served.interval.low, computed.interval.low);
  number("interval.high", served.interval.high, computed.interval.high);
  number("interval.level", served.interval.level, computed.interval.level);
  number("effectiveCount", served.effectiveCount, computed.effectiveCount);
  number("prior.mean", served.prior.mean, computed.prior.mean);
  number("prior.strength", served.prior.strength, computed.prior.strength);
  compareScale(served, scale, out);
  compareImported(served, computed, out);
  computed.whatIf.forEach((w, i) => {
    const s = served.whatIf[i];
    if (s === undefined)
      out.push({ field: `whatIf[${i}]`, served: "absent", log: String(w.score) });
    else number(`whatIf[${i}] (one more ${w.rating})`, s.score, w.score);
  });
  compareContributions(served, computed, out);
  return out;
}

function compareScale(
  served: ServedReputation,
  scale: { readonly min: number; readonly max: number },
  out: Difference[],
): void {
  const claimed = served.provenance.params.scale;
  const log = `${scale.min}..${scale.max}`;
  const said = Array.isArray(claimed) ? claimed.join("..") : JSON.stringify(claimed);
  if (said !== log) out.push({ field: "provenance.params.scale", served: said, log });
}

/** The imported prior: the same issuer, weight and mean, or none on both sides. */
function compareImported(served: ServedReputation, computed: Reputation, out: Difference[]): void {
  const s = served.importedPrior;
  const l = computed.importedPrior;
  const said = (p: { issuer: string; weight: number; mean: number } | null | undefined) =>
    p === null || p === undefined ? "none" : `${p.issuer}, weight ${p.weight}, mean ${p.mean}`;
  if (s === null || l === undefined) {
    if (s !== null || l !== undefined) {
      out.push({ field: "importedPrior", served: said(s), log: said(l) });
    }
    return;
  }
  if (s.issuer !== l.issuer || !close(s.weight, l.weight) || !close(s.mean, l.mean)) {
    out.push({ field: "importedPrior", served: said(s), log: said(l) });
  }
}

function compareContributions(
  served: ServedReputation,
  computed: Reputation,
  out: Difference[],
): void {
  const byId = new Map(computed.contributions.map((c) => [c.id, c]));
  // When the log lists every review of the subject, a served id outside that list is no published
  // review of it; otherwise the two top lists may differ on ties at their end, and only shared ids
  // are compared.
  const listsAll = computed.count <= computed.contributions.length;
  for (const s of served.contributions) {
    if (s.id === undefined) continue;
    const l = byId.get(s.id);
    if (l === undefined) {
      if (listsAll) {
        out.push({
          field: `contributions[${s.id}]`,
          served: `rating ${s.rating}`,
          log: "no published review of this subject with this id",
        });
      }
      continue;
    }
    if (!close(s.rating, l.rating)) {
      out.push({
        field: `contributions[${s.id}].rating`,
        served: String(s.rating),
        log: String(l.rating),
      });
    }
    if (!close(s.effect, l.effect)) {
      out.push({
        field: `contributions[${s.id}].effect`,
        served: String(s.effect),
        log: String(l.effect),
      });
    }
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}
