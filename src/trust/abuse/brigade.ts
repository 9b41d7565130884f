/**
 * Report brigades: many alerts against one member in a short time, mostly from accounts whose word
 * carries little weight — low trust, or linked to the space just before reporting. Mass reporting is
 * how a group silences a member through the moderation queue; each report alone looks legitimate, the
 * burst and who sends it do not. Only distinct reporters count (one member reporting twice is not a
 * crowd), and operator-raised alerts (no reporter) are ignored.
 *
 * For each target, alerts are swept in time order with a window of `window` seconds; every window with
 * at least `minReporters` distinct reporters of whom at least `minSuspiciousShare` are low-trust or new
 * is a brigade window, and overlapping windows merge into one brigade.
 */
import type { Reason } from "../fraud/reason.js";
import { describeDuration } from "../fraud/reason.js";
import { provenance, type ScoreProvenance } from "../result.js";
import { type AlertFacts, assertFacts, byTime, NO_MEMBER } from "./facts.js";

export const BRIGADE_VERSION = "1.0.0";

export type BrigadeReasonCode = "many-reporters" | "low-trust-reporters" | "new-accounts";

/** What the detector knows about each member. */
export interface ReporterStanding {
  /** Trust of each member in [0, 1] (e.g. a normalised rank from src/trust/rank). */
  readonly trust: Float64Array;
  /** When each member joined or was linked to the space, seconds. */
  readonly linkedAt: Float64Array;
}

export interface BrigadeOptions {
  /** Default 1 day. */
  readonly window?: number;
  /** Fewest distinct reporters in one window. Default 5. */
  readonly minReporters?: number;
  /** Trust below this is low. Default 0.2. */
  readonly lowTrustBelow?: number;
  /** An account linked less than this many seconds before it reports is new. Default 7 days. */
  readonly newWithin?: number;
  /** Fewest low-trust-or-new reporters, as a share. Default 0.6. */
  readonly minSuspiciousShare?: number;
  readonly logSize?: number;
}

export interface Brigade {
  readonly target: number;
  readonly from: number;
  readonly to: number;
  /** Alert indices in the brigade, in time order. */
  readonly alerts: readonly number[];
  readonly reporters: number;
  readonly lowTrust: number;
  readonly newAccounts: number;
  /** In [0, 1]: the reasons' contributions summed. */
  readonly score: number;
  readonly reasons: readonly Reason<BrigadeReasonCode>[];
}

export interface BrigadeResult {
  /** Ordered by score, highest first. */
  readonly brigades: readonly Brigade[];
  readonly provenance: ScoreProvenance;
}

/**
 * @example
 * const { brigades } = detectBrigades(alerts, { trust, linkedAt })
 * brigades[0]?.reasons.map((r) => r.text)
 */
export function detectBrigades(
  alerts: AlertFacts,
  standing: ReporterStanding,
  options: BrigadeOptions = {},
): BrigadeResult {
  const p = {
    window: options.window ?? 86_400,
    minReporters: options.minReporters ?? 5,
    lowTrustBelow: options.lowTrustBelow ?? 0.2,
    newWithin: options.newWithin ?? 7 * 86_400,
    minSuspiciousShare: options.minSuspiciousShare ?? 0.6,
  };
  assertFacts("alert", alerts.count, [alerts.reporters, alerts.targets], alerts.times);
  const brigades: Brigade[] = [];
  for (const list of alertsByTarget(alerts)) {
    let current: number[] | null = null;
    let left = 0;
    for (let right = 0; right < list.length; right++) {
      const end = alerts.times[list[right] as number] as number;
      while ((alerts.times[list[left] as number] as number) < end - p.window) left++;
      const windowAlerts = list.slice(left, right + 1);
      if (isBrigadeWindow(alerts, standing, windowAlerts, p)) {
        current = current === null ? windowAlerts : union(current, windowAlerts);
      } else if (current !== null && !windowAlerts.some((a) => current?.includes(a))) {
        brigades.push(describe(alerts, standing, current, p));
        current = null;
      }
    }
    if (current !== null) brigades.push(describe(alerts, standing, current, p));
  }
  brigades.sort((x, y) => y.score - x.score || x.from - y.from);
  return {
    brigades,
    provenance: provenance("brigade", BRIGADE_VERSION, p, options.logSize ?? alerts.count),
  };
}

type Params = {
  readonly window: number;
  readonly minReporters: number;
  readonly lowTrustBelow: number;
  readonly newWithin: number;
  readonly minSuspiciousShare: number;
};

/** Member-raised alerts grouped by target, each group in time order. */
function alertsByTarget(alerts: AlertFacts): number[][] {
  const groups = new Map<number, number[]>();
  for (const a of byTime(alerts.count, alerts.times)) {
    if (alerts.reporters[a] === NO_MEMBER) continue;
    const target = alerts.targets[a] as number;
    const group = groups.get(target);
    if (group === undefined) groups.set(target, [a]);
    else group.push(a);
  }
  return [...groups.values()];
}

interface Crowd {
  readonly reporters: number;
  readonly lowTrust: number;
  readonly newAccounts: number;
  readonly suspicious: number;
}

/** Distinct reporters of `list` (first alert of each) and how many are low-trust, new, or either. */
function crowd(
  alerts: AlertFacts,
  standing: ReporterStanding,
  list: readonly number[],
  p: Params,
): Crowd {
  const seen = new Set<number>();
  let lowTrust = 0;
  let newAccounts = 0;
  let suspicious = 0;
  for (const a of list) {
    const r = alerts.reporters[a] as number;
    if (seen.has(r)) continue;
    seen.add(r);
    const low = (standing.trust[r] ?? 0) < p.lowTrustBelow;
    const young =
      (alerts.times[a] as number) - (standing.linkedAt[r] ?? Number.NEGATIVE_INFINITY) <
      p.newWithin;
    if (low) lowTrust++;
    if (young) newAccounts++;
    if (low || young) suspicious++;
  }
  return { reporters: seen.size, lowTrust, newAccounts, suspicious };
}

function isBrigadeWindow(
  alerts: AlertFacts,
  standing: ReporterStanding,
  list: readonly number[],
  p: Params,
): boolean {
  const c = crowd(alerts, standing, list, p);
  return c.reporters >= p.minReporters && c.suspicious >= p.minSuspiciousShare * c.reporters;
}

function union(a: readonly number[], b: readonly number[]): number[] {
  const set = new Set(a);
  return [...a, ...b.filter((x) => !set.has(x))];
}

/**
 * Score: up to 0.3 for the size of the crowd (saturating at twice the minimum), 0.4 × the low-trust
 * share, 0.3 × the new-account share.
 */
function describe(
  alerts: AlertFacts,
  standing: ReporterStanding,
  list: readonly number[],
  p: Params,
): Brigade {
  const c = crowd(alerts, standing, list, p);
  const from = alerts.times[list[0] as number] as number;
  const to = alerts.times[list[list.length - 1] as number] as number;
  const target = alerts.targets[list[0] as number] as number;
  const reasons: Reason<BrigadeReasonCode>[] = [
    {
      code: "many-reporters",
      text: `${c.reporters} members reported member ${target} within ${describeDuration(p.window)} windows (${list.length} alerts)`,
      contribution: 0.3 * Math.min(1, c.reporters / (2 * p.minReporters)),
    },
    {
      code: "low-trust-reporters",
      text: `${c.lowTrust} of ${c.reporters} reporters have trust below ${p.lowTrustBelow}`,
      contribution: (0.4 * c.lowTrust) / c.reporters,
    },
    {
      code: "new-accounts",
      text: `${c.newAccounts} of ${c.reporters} reporters joined less than ${describeDuration(p.newWithin)} before reporting`,
      contribution: (0.3 * c.newAccounts) / c.reporters,
    },
  ];
  const kept = reasons.filter((r) => r.contribution > 0);
  return {
    target,
    from,
    to,
    alerts: list,
    reporters: c.reporters,
    lowTrust: c.lowTrust,
    newAccounts: c.newAccounts,
    score: kept.reduce((s, r) => s + r.contribution, 0),
    reasons: kept.sort((x, y) => y.contribution - x.contribution),
  };
}
