/**
 * `fabrique audit report`: the audit of a space as a report for people (or JSON for scripts): the log
 * verified up to its latest checkpoint, its witnesses, what the log holds by event type, anything wrong
 * in its content, and the space's published transparency report recomputed from the log figure by
 * figure (src/audit/report). Exit codes: 0 the published report agrees with the log; 1 a figure
 * differs, the log's content is wrong, or required witnesses did not cosign; 4 nothing could be compared
 * (no report published, or none a verified checkpoint covers).
 */
import type { Command } from "commander";
import type { WitnessCheck } from "../../audit/follow/witnessed.js";
import { type AuditReport, auditReport } from "../../audit/report/audit-report.js";
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

/**
 * Adds `audit report` to the `audit` command.
 *
 * @example registerReportCommand(audit, io)
 */
export function registerReportCommand(audit: Command, io: Io): void {
  spaceAuditOptions(
    audit
      .command("report")
      .description(
        "recompute the space's transparency report from its log and compare it with the published one; exit 1 on any difference",
      )
      .option("--url <url>", "the space's log URL prefix (…/v1/spaces/<space>/log/)")
      .option("--dir <dir>", "a local copy of the log (then --api is required)")
      .option("--timeout <seconds>", "give up on a request after this long", "30"),
  ).action((opts: SpaceAuditOptions) => run(opts, io));
}

async function run(opts: SpaceAuditOptions, io: Io): Promise<void> {
  const source = sourceOf(opts);
  const timeoutMs = positiveSeconds(opts.timeout, "--timeout") * 1000;
  const waitMs = nonNegativeSeconds(opts.wait) * 1000;
  const api = spaceApi(opts, timeoutMs);
  const vkey = await readText(opts.vkey, "--vkey", 1 << 16);
  const report = progress(io, "replay");
  const audit = await auditReport({
    api,
    refresh: monitorRefresh(opts, io, source, vkey),
    wait: { waitMs, retryMs: Math.min(1000, Math.max(waitMs, 1)) },
    report,
  });
  report.finish(`${audit.checkpoint.size} entries`);
  const witnesses = await witnessCheckOf(opts, vkey, audit.checkpoint.note, (p) =>
    readText(p, "--witness", 1 << 16),
  );
  io.out(opts.json ? `${JSON.stringify({ ...audit, witnesses })}\n` : reportText(audit, witnesses));
  failOn(audit, witnesses?.met ?? true);
}

function reportText(audit: AuditReport, witnesses: WitnessCheck | undefined): string {
  const origin = audit.checkpoint.note.slice(0, audit.checkpoint.note.indexOf("\n"));
  const out = [
    `Audit of space ${audit.space ?? "(empty log)"} (log ${origin})`,
    "",
    `Log: verified up to the checkpoint of size ${audit.checkpoint.size}, root ${audit.checkpoint.root}`,
  ];
  if (witnesses !== undefined) out.push(`Witnesses: ${witnessLine(witnesses).trimEnd()}`);
  out.push(
    `Events: ${Object.entries(audit.entriesByType)
      .map(([type, n]) => `${type} ${n}`)
      .join(", ")}`,
    audit.findings.length === 0
      ? "Log content: every entry is a well-formed event of this space; every revealed rating opens its commitment"
      : `Log content: ${audit.findings.length} PROBLEM(S)`,
    ...audit.findings.map((f) => `  entry ${f.index}: ${f.problem}`),
    "",
  );
  const p = audit.published;
  if (p.kind === "not-compared") {
    out.push(`Published transparency report: NOT COMPARED: ${p.reason}`);
    return `${out.join("\n")}\n`;
  }
  out.push(
    `Published transparency report, as of log size ${p.logSize} at ${new Date(p.now).toISOString()}:`,
    `  ${"figure".padEnd(48)} ${"log".padStart(10)} ${"published".padStart(10)}`,
  );
  for (const f of p.figures) {
    const mark = f.agrees ? "" : "   DIFFERS";
    out.push(
      `  ${f.name.padEnd(48)} ${show(f.log).padStart(10)} ${show(f.served).padStart(10)}${mark}`,
    );
  }
  out.push(
    "",
    p.differences === 0
      ? `Verdict: the published report agrees with the log in all ${p.figures.length} figures`
      : `Verdict: the published report DIFFERS from the log in ${p.differences} of ${p.figures.length} figures`,
  );
  return `${out.join("\n")}\n`;
}

function show(value: number | null): string {
  if (value === null) return "-";
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function failOn(audit: AuditReport, witnessed: boolean): void {
  const p = audit.published;
  const differences = p.kind === "compared" ? p.differences : 0;
  if (differences > 0 || audit.findings.length > 0 || !witnessed) {
    const parts = [
      ...(differences > 0
        ? [`the published report differs from the log in ${differences} figure(s)`]
        : []),
      ...(audit.findings.length > 0 ? [`${audit.findings.length} problem(s) in the log`] : []),
      ...(witnessed ? [] : ["the checkpoint lacks the required witness cosignatures"]),
    ];
    throw new LogError("inconsistent", parts.join("; "));
  }
  if (p.kind === "not-compared") throw new LogError("missing", p.reason);
}
