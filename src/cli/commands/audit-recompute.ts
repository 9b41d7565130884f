/**
 * `fabrique audit recompute`: re-derive every subject's public reputation from the space's log and
 * compare it with what the space serves (src/audit/recompute). Exit codes: 0 every score checked
 * agrees with the log; 1 a score differs, a subject the log registered is not served, or the log's own
 * content is wrong; 4 nothing wrong found but some scores could not be checked (not yet revealed or
 * published, unreachable, another algorithm).
 */
import type { Command } from "commander";
import type { Difference } from "../../audit/recompute/compare-reputation.js";
import {
  type RecomputeResult,
  recompute,
  type SubjectVerdict,
} from "../../audit/recompute/recompute.js";
import { LogError } from "../../log/errors.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";
import { positiveSeconds, readText, sourceOf } from "./audit-inputs.js";
import {
  monitorRefresh,
  nonNegativeSeconds,
  type SpaceAuditOptions,
  spaceApi,
  spaceAuditOptions,
  witnessCheckOf,
  witnessLine,
} from "./audit-space.js";

interface RecomputeOptions extends SpaceAuditOptions {
  readonly subject?: readonly string[];
}

/**
 * Adds `audit recompute` to the `audit` command.
 *
 * @example registerRecomputeCommand(audit, io)
 */
export function registerRecomputeCommand(audit: Command, io: Io): void {
  spaceAuditOptions(
    audit
      .command("recompute")
      .description(
        "recompute every subject's public reputation from the mirrored log and compare it with what the space serves; exit 1 on any difference",
      )
      .option("--url <url>", "the space's log URL prefix (…/v1/spaces/<space>/log/)")
      .option("--dir <dir>", "a local copy of the log (then --api is required)")
      .option("--timeout <seconds>", "give up on a request after this long", "30")
      .option(
        "--subject <id>",
        "only this subject (repeat for several; default: every subject of the log)",
        (value: string, previous: string[] = []) => [...previous, value],
      ),
  ).action((opts: RecomputeOptions) => run(opts, io));
}

async function run(opts: RecomputeOptions, io: Io): Promise<void> {
  const source = sourceOf(opts);
  const timeoutMs = positiveSeconds(opts.timeout, "--timeout") * 1000;
  const waitMs = nonNegativeSeconds(opts.wait) * 1000;
  const api = spaceApi(opts, timeoutMs);
  const vkey = await readText(opts.vkey, "--vkey", 1 << 16);
  const refresh = monitorRefresh(opts, io, source, vkey);
  const report = progress(io, "scores");
  const result = await recompute({
    api,
    refresh,
    wait: { waitMs, retryMs: Math.min(1000, Math.max(waitMs, 1)) },
    report,
    ...(opts.subject === undefined ? {} : { subjects: opts.subject }),
  });
  report.finish(`${result.subjects.length} subjects`);
  const witnesses = await witnessCheckOf(opts, vkey, result.checkpointNote, (p) =>
    readText(p, "--witness", 1 << 16),
  );
  if (opts.json) io.out(`${JSON.stringify({ ...resultJson(result), witnesses })}\n`);
  else {
    io.out(resultText(result, api.base));
    if (witnesses !== undefined) io.out(witnessLine(witnesses));
  }
  failOn(result, witnesses?.met ?? true);
}

function resultText(result: RecomputeResult, api: string): string {
  const lines = [
    `space ${result.space ?? "(empty log)"} at ${api}; log verified up to checkpoint size ${result.checkpointSize}`,
  ];
  for (const finding of result.findings) {
    lines.push(`LOG PROBLEM at entry ${finding.index}: ${finding.problem}`);
  }
  for (const v of result.subjects) lines.push(...verdictLines(v));
  const tally = tallyOf(result.subjects);
  lines.push(
    `${result.subjects.length} subjects: ${Object.entries(tally)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ")}; ${result.findings.length} log problems`,
  );
  return `${lines.join("\n")}\n`;
}

function verdictLines(v: SubjectVerdict): string[] {
  switch (v.kind) {
    case "match":
      return [`OK       ${v.subject}: ${v.score} (log size ${v.logSize})`];
    case "mismatch":
      return [
        `DIFFERS  ${v.subject} at log size ${v.logSize}:`,
        ...v.differences.map(differenceLine),
      ];
    case "missing":
      return [`MISSING  ${v.subject}: registered in the log, the space answers ${v.status}`];
    case "unanswered":
      return [`UNCHECKED ${v.subject}: ${v.reason}`];
    case "pending":
      return [`PENDING  ${v.subject} (log size ${v.logSize}): ${v.reason}`];
    case "unpublished":
      return [
        `PENDING  ${v.subject}: scored at log size ${v.logSize}, the latest verified checkpoint covers ${v.checkpointSize}`,
      ];
    case "unsupported":
      return [`UNCHECKED ${v.subject}: ${v.reason}`];
  }
}

function differenceLine(d: Difference): string {
  return `           ${d.field}: the space serves ${d.served}, the log gives ${d.log}`;
}

function tallyOf(verdicts: readonly SubjectVerdict[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const v of verdicts) tally[v.kind] = (tally[v.kind] ?? 0) + 1;
  return tally;
}

function resultJson(result: RecomputeResult) {
  return {
    space: result.space,
    checkpointSize: result.checkpointSize,
    tally: tallyOf(result.subjects),
    findings: result.findings,
    subjects: result.subjects,
  };
}

/** Exit 1 for anything wrong, 4 for anything unchecked, 0 otherwise. */
function failOn(result: RecomputeResult, witnessed: boolean): void {
  const wrong = result.subjects.filter((v) => v.kind === "mismatch" || v.kind === "missing");
  if (wrong.length > 0 || result.findings.length > 0 || !witnessed) {
    const parts = [
      ...(wrong.length > 0 ? [`${wrong.length} subject(s) differ from the log`] : []),
      ...(result.findings.length > 0 ? [`${result.findings.length} problem(s) in the log`] : []),
      ...(witnessed ? [] : ["the checkpoint lacks the required witness cosignatures"]),
    ];
    throw new LogError("inconsistent", parts.join("; "));
  }
  const unchecked = result.subjects.filter((v) => v.kind !== "match");
  if (unchecked.length > 0) {
    throw new LogError(
      "missing",
      `${unchecked.length} subject(s) could not be checked (nothing wrong found in the others)`,
    );
  }
}
