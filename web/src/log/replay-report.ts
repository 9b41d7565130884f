/**
 * The transparency report recomputed in the browser from the public log, as `fabrique audit report`
 * does it: the log opened with its checkpoint verified, every entry up to the report's log size read
 * through the TileReader and replayed by src/audit's replayPublicLog (src/domain's evolve over public
 * parts), the domain's transparencyReport taken at the served report's `now`, and each figure compared.
 * Also what only the log gives per item: alert handling times, and removed reviews by the category of
 * the decision that removed them.
 */
import type { RecordSet } from "../../../src/audit/replay/record-set.js";
import { type LogFinding, replayPublicLog } from "../../../src/audit/replay/replay.js";
import { type ComparedFigure, compareReports } from "../../../src/audit/report/report-figures.js";
import { parseServedReport } from "../../../src/audit/report/served-report.js";
import {
  type TransparencyReport,
  transparencyReport,
} from "../../../src/domain/transparency-report.js";
import { isRemoved } from "../../../src/domain/views.js";
import { type OpenedLog, openSpaceLog } from "./open-log.js";

/** The served report as the API answers it. */
export type ServedReport = TransparencyReport & {
  readonly space: string;
  readonly logSize: number;
};

/**
 * The served report read as src/audit reads it (a parser of untrusted JSON: every section and count
 * checked, the format version this code knows), ready to compare.
 *
 * @example const { logSize, report } = servedReportOf(await res.json())
 */
export function servedReportOf(body: unknown): {
  readonly logSize: number;
  readonly report: TransparencyReport;
} {
  return parseServedReport(body);
}

/** What the replay established. */
export interface RecomputedReport {
  readonly log: OpenedLog;
  readonly report: TransparencyReport;
  readonly figures: readonly ComparedFigure[];
  readonly findings: readonly LogFinding[];
  readonly types: Readonly<Record<string, number>>;
  /** Hours from each resolved alert's receipt to its resolution, oldest alert first. */
  readonly handlingHours: readonly number[];
  /** Reviews removed by a decision in force, by the decision's category. */
  readonly removedByCategory: Readonly<Record<string, number>>;
}

const WAIT_MS = 1200;
const WAITS = 10;

/**
 * Recomputes `served` from the log of `space`; `progress(done, total)` while replaying.
 *
 * @example const { figures } = await recomputeReport("stays", served)
 */
export async function recomputeReport(
  space: string,
  served: ServedReport,
  progress: (done: number, total: number) => void = () => {},
): Promise<RecomputedReport> {
  const parsed = servedReportOf(served);
  const log = await logCovering(space, parsed.logSize);
  let report: TransparencyReport | undefined;
  let handlingHours: number[] = [];
  let removedByCategory: Record<string, number> = {};
  const result = await replayPublicLog({
    reader: log.reader,
    stops: [served.logSize],
    visit: (_size, records) => {
      report = transparencyReport(records.reportRecords(), served.now);
      handlingHours = handlingTimes(records);
      removedByCategory = removedReviews(records, served.now);
    },
    report: { update: (done, total) => progress(done, total ?? served.logSize) },
  });
  if (report === undefined) throw new Error("the replay never reached the report's log size");
  return {
    log,
    report,
    figures: compareReports(report, parsed.report),
    findings: result.findings,
    types: result.types,
    handlingHours,
    removedByCategory,
  };
}

// The sealer signs about once a second: the report may be ahead of the latest checkpoint for a moment.
async function logCovering(space: string, size: number): Promise<OpenedLog> {
  for (let attempt = 0; ; attempt++) {
    const log = await openSpaceLog(space);
    if (log.opened.checkpoint.size >= size || attempt >= WAITS) {
      if (log.opened.checkpoint.size < size) {
        throw new Error(
          `the latest checkpoint covers ${log.opened.checkpoint.size} entries, the report ${size}`,
        );
      }
      return log;
    }
    await new Promise((r) => setTimeout(r, WAIT_MS));
  }
}

function handlingTimes(records: RecordSet): number[] {
  return records
    .all("alert")
    .flatMap((a) => (a.resolvedAt === null ? [] : [(a.resolvedAt - a.raisedAt) / 3_600_000]));
}

function removedReviews(records: RecordSet, now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const review of records.all("review")) {
    if (review.removedBy === null || !isRemoved(review, now)) continue;
    const category = records.get("decision", review.removedBy)?.statement.category ?? "unknown";
    out[category] = (out[category] ?? 0) + 1;
  }
  return out;
}
