/**
 * `fabrique audit recompute`: an auditor re-derives the public reputation of every subject from the
 * space's public log and compares it with what the space serves. The recipe:
 *   1. bring the mirror up to the latest checkpoint, every tile verified (`refresh`: audit follow);
 *   2. replay the whole mirror once: the subjects the log registered, and what is wrong in the log itself;
 *   3. fetch each subject's served reputation; its provenance names the algorithm, version, parameters
 *      and the log size it was computed at;
 *   4. wait (briefly) until a verified checkpoint covers the largest of those sizes;
 *   5. replay the log once more, stopping at each served size, and recompute each score there with the
 *      published algorithm (log-reputation.ts);
 *   6. compare number by number (compare-reputation.ts) and give a verdict per subject.
 */

import type { JsonFetcher } from "../fetch/json-fetcher.js";
import type { ProgressSink } from "../follow/mirror.js";
import { type LogFinding, replayPublicLog } from "../replay/replay.js";
import {
  awaitCoverage,
  type CoverageWait,
  type RefreshLog,
  type VerifiedLog,
} from "../replay/verified-log.js";
import type { Difference } from "./compare-reputation.js";
import { createJudge } from "./judge.js";
import { parseServedReputation, type ServedReputation } from "./served-reputation.js";

/** What recompute needs. */
export interface RecomputeOptions {
  /** The space's API (`…/v1/spaces/<space>/`). */
  readonly api: JsonFetcher;
  /** Step 1: brings the mirror up to the log's latest checkpoint. */
  readonly refresh: RefreshLog;
  /** Only these subjects (default: every subject the log registered). */
  readonly subjects?: readonly string[];
  /** How long to wait for a checkpoint covering the served scores (default 10 s, retry every 1 s). */
  readonly wait?: CoverageWait;
  /** Served reputations fetched at once (default 8). */
  readonly concurrency?: number;
  /** Progress, in subjects fetched. */
  readonly report?: ProgressSink;
}

/** The verdict on one subject. */
export type SubjectVerdict =
  | {
      readonly kind: "match";
      readonly subject: string;
      readonly logSize: number;
      readonly score: number;
    }
  | {
      readonly kind: "mismatch";
      readonly subject: string;
      readonly logSize: number;
      readonly differences: readonly Difference[];
    }
  /** The log registered the subject; the space says it has none (status of its answer). */
  | { readonly kind: "missing"; readonly subject: string; readonly status: number }
  /** The space did not answer usably (an error status, or not the documented shape). */
  | { readonly kind: "unanswered"; readonly subject: string; readonly reason: string }
  /** Not checkable yet: ratings the score counts are not public in the log yet. */
  | {
      readonly kind: "pending";
      readonly subject: string;
      readonly logSize: number;
      readonly reason: string;
    }
  /** Scored at a log size no verified checkpoint covers, after waiting. */
  | {
      readonly kind: "unpublished";
      readonly subject: string;
      readonly logSize: number;
      readonly checkpointSize: number;
    }
  /** Another algorithm, version or parameters this auditor cannot recompute. */
  | { readonly kind: "unsupported"; readonly subject: string; readonly reason: string };

/** What recompute found. */
export interface RecomputeResult {
  /** The latest verified checkpoint's size when the comparisons were made. */
  readonly checkpointSize: number;
  /** That checkpoint, signed (with any cosignatures it was served with). */
  readonly checkpointNote: string;
  /** The space, as the log's first event names it. */
  readonly space: string | undefined;
  readonly subjects: readonly SubjectVerdict[];
  /** Problems in the log's own content (replay.ts). */
  readonly findings: readonly LogFinding[];
}

/**
 * Runs the recipe. Throws what refresh throws (a fork, an unreachable log) and LogError("missing") when
 * the space cannot be reached at all.
 *
 * @example const result = await recompute({ api: urlJsonFetcher(spaceUrl), refresh })
 */
export async function recompute(options: RecomputeOptions): Promise<RecomputeResult> {
  let log = await options.refresh();
  const scan = await scanLog(log);
  const subjects = options.subjects ?? scan.subjects;
  const answers = await fetchServed(options, subjects);
  const sizes = answers.flatMap((a) => (a.kind === "served" ? [a.served.provenance.logSize] : []));
  const wait = options.wait ?? { waitMs: 10_000, retryMs: 1000 };
  log = await awaitCoverage(options.refresh, log, Math.max(0, ...sizes), wait);
  const verdicts = await recomputeAt(log, answers);
  return {
    checkpointSize: log.checkpoint.size,
    checkpointNote: log.checkpoint.note,
    space: scan.space,
    subjects: subjects.map((s) => verdicts.get(s) as SubjectVerdict),
    findings: scan.findings,
  };
}

/** Step 2. */
async function scanLog(log: VerifiedLog) {
  let subjects: string[] = [];
  const result = await replayPublicLog({
    reader: log.reader,
    stops: [log.checkpoint.size],
    visit: (_size, records) => {
      subjects = records.all("subject").map((s) => s.id);
    },
  });
  return { subjects, space: result.space, findings: result.findings };
}

type Answer =
  | { readonly kind: "served"; readonly subject: string; readonly served: ServedReputation }
  | { readonly kind: "verdict"; readonly verdict: SubjectVerdict };

/** Step 3, a few subjects at a time. */
async function fetchServed(options: RecomputeOptions, subjects: readonly string[]) {
  const answers: Answer[] = new Array(subjects.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < subjects.length) {
      const i = next;
      next += 1;
      answers[i] = await fetchOne(options.api, subjects[i] as string);
      done += 1;
      options.report?.update(done, subjects.length);
    }
  };
  const workers = Math.min(options.concurrency ?? 8, subjects.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return answers;
}

async function fetchOne(api: JsonFetcher, subject: string): Promise<Answer> {
  const answer = await api.get(`subjects/${encodeURIComponent(subject)}/reputation`);
  if (answer.status === 404) {
    return { kind: "verdict", verdict: { kind: "missing", subject, status: answer.status } };
  }
  if (answer.status !== 200) {
    const reason = `the space answered ${answer.status}`;
    return { kind: "verdict", verdict: { kind: "unanswered", subject, reason } };
  }
  try {
    return { kind: "served", subject, served: parseServedReputation(answer.body, subject) };
  } catch (error) {
    const reason = (error as Error).message;
    return { kind: "verdict", verdict: { kind: "unanswered", subject, reason } };
  }
}

/** Steps 5–6: one replay, stopping at every served log size. */
async function recomputeAt(
  log: VerifiedLog,
  answers: readonly Answer[],
): Promise<Map<string, SubjectVerdict>> {
  const verdicts = new Map<string, SubjectVerdict>();
  const bySize = new Map<number, Array<{ subject: string; served: ServedReputation }>>();
  for (const answer of answers) {
    if (answer.kind === "verdict") {
      verdicts.set(answer.verdict.subject, answer.verdict);
      continue;
    }
    const { subject, served } = answer;
    const logSize = served.provenance.logSize;
    if (logSize > log.checkpoint.size) {
      const checkpointSize = log.checkpoint.size;
      verdicts.set(subject, { kind: "unpublished", subject, logSize, checkpointSize });
      continue;
    }
    bySize.set(logSize, [...(bySize.get(logSize) ?? []), { subject, served }]);
  }
  await replayPublicLog({
    reader: log.reader,
    stops: [...bySize.keys()],
    visit: (size, records) => {
      const judge = createJudge(records, size);
      for (const { subject, served } of bySize.get(size) ?? []) {
        verdicts.set(subject, judge(subject, served));
      }
    },
  });
  return verdicts;
}
