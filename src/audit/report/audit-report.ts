/**
 * `fabrique audit report`: recompute a space's transparency report from its public log and compare it
 * with the report the space publishes. The recipe:
 *   1. bring the mirror up to the latest checkpoint, every tile verified (`refresh`: audit follow);
 *   2. fetch the published report; it names the log size and the moment it was computed at;
 *   3. wait (briefly) until a verified checkpoint covers that size;
 *   4. replay the log: at the report's size, count with the domain's own report function over the
 *      records the public entries give (src/domain/transparency-report.ts); to the end, tally events by
 *      type and collect what is wrong in the log itself;
 *   5. compare figure by figure (report-figures.ts).
 */
import { type TransparencyReport, transparencyReport } from "../../domain/transparency-report.js";
import { encodeBase64 } from "../../log/encoding/base64.js";
import type { JsonFetcher } from "../fetch/json-fetcher.js";
import type { ProgressSink } from "../follow/mirror.js";
import { type LogFinding, replayPublicLog } from "../replay/replay.js";
import { awaitCoverage, type CoverageWait, type RefreshLog } from "../replay/verified-log.js";
import { type ComparedFigure, compareReports } from "./report-figures.js";
import { parseServedReport, type ServedReport } from "./served-report.js";

/** What the report audit needs. */
export interface AuditReportOptions {
  /** The space's API (`…/v1/spaces/<space>/`). */
  readonly api: JsonFetcher;
  /** Step 1: brings the mirror up to the log's latest checkpoint. */
  readonly refresh: RefreshLog;
  /** How long to wait for a checkpoint covering the published report (default 10 s, every 1 s). */
  readonly wait?: CoverageWait;
  /** Progress of the replay, in entries. */
  readonly report?: ProgressSink;
}

/** How the published report stands against the log. */
export type ReportComparison =
  | {
      readonly kind: "compared";
      readonly logSize: number;
      readonly now: number;
      /** The report the log gives. */
      readonly fromLog: TransparencyReport;
      readonly figures: readonly ComparedFigure[];
      readonly differences: number;
    }
  /** Nothing to compare: no report, an unusable one, or one no verified checkpoint covers. */
  | { readonly kind: "not-compared"; readonly reason: string };

/** The audit report. */
export interface AuditReport {
  readonly space: string | undefined;
  /** The latest verified checkpoint. */
  readonly checkpoint: { readonly size: number; readonly root: string; readonly note: string };
  /** Entries of the verified log per event type. */
  readonly entriesByType: Readonly<Record<string, number>>;
  /** Problems in the log's own content. */
  readonly findings: readonly LogFinding[];
  readonly published: ReportComparison;
}

/**
 * Runs the recipe. Throws what refresh throws (a fork, an unreachable log) and LogError("missing") when
 * the space cannot be reached.
 *
 * @example const audit = await auditReport({ api: urlJsonFetcher(spaceUrl), refresh })
 */
export async function auditReport(options: AuditReportOptions): Promise<AuditReport> {
  let log = await options.refresh();
  const served = await fetchReport(options.api);
  if (typeof served !== "string") {
    const wait = options.wait ?? { waitMs: 10_000, retryMs: 1000 };
    log = await awaitCoverage(options.refresh, log, served.logSize, wait);
  }
  const size = log.checkpoint.size;
  const covered = typeof served !== "string" && served.logSize <= size;
  let fromLog: TransparencyReport | undefined;
  const replay = await replayPublicLog({
    reader: log.reader,
    stops: covered ? [served.logSize, size] : [size],
    visit: (at, records) => {
      if (covered && at === served.logSize) {
        fromLog = transparencyReport(records.reportRecords(), served.report.now);
      }
    },
    ...(options.report === undefined ? {} : { report: options.report }),
  });
  return {
    space: replay.space,
    checkpoint: { size, root: encodeBase64(log.checkpoint.rootHash), note: log.checkpoint.note },
    entriesByType: replay.types,
    findings: replay.findings,
    published: comparisonOf(served, fromLog, size),
  };
}

/** Step 2: the report, or why there is none to compare. */
async function fetchReport(api: JsonFetcher): Promise<ServedReport | string> {
  const answer = await api.get("transparency-report");
  if (answer.status !== 200) return `the space answered ${answer.status} for its report`;
  try {
    return parseServedReport(answer.body);
  } catch (error) {
    return `the published report is unusable: ${(error as Error).message}`;
  }
}

function comparisonOf(
  served: ServedReport | string,
  fromLog: TransparencyReport | undefined,
  checkpointSize: number,
): ReportComparison {
  if (typeof served === "string") return { kind: "not-compared", reason: served };
  if (fromLog === undefined) {
    return {
      kind: "not-compared",
      reason: `the report counts ${served.logSize} entries; the latest verified checkpoint covers ${checkpointSize}`,
    };
  }
  const figures = compareReports(fromLog, served.report);
  return {
    kind: "compared",
    logSize: served.logSize,
    now: served.report.now,
    fromLog,
    figures,
    differences: figures.filter((f) => !f.agrees).length,
  };
}
