/**
 * Audit replay benchmark (issue 8): the offline half of `fabrique audit recompute` and `audit report` on a
 * large space. Run: `npx tsx bench/audit-replay.ts` (`--quick` for a log ten times smaller). Prints a
 * Markdown table for docs/benchmarks.md.
 *
 * A space's log of 1,000,000 Fabrique entries is written as a static log (the CLI's own writer, C2SP
 * tiles on disk, as `audit follow` leaves its mirror): one space.created, members (5% of the entries),
 * listings (1%), and stays each reviewed once and revealed at once (interaction.recorded,
 * review.submitted with its rating commitment, review.revealed opening it). The entries are encoded by
 * src/domain's encoder exactly as the server encodes them; the events are built directly rather than
 * through the commands, so building the log does not dominate the run. Then, timed:
 *   1. the replay: every entry read back through a TileReader over the directory (each tile
 *      authenticated up to the checkpoint again), decoded (decodeEntry), applied with the domain's evolve
 *      to in-memory records, every reveal checked against its commitment;
 *   2. the transparency report from those records;
 *   3. every listing's reputation from the log: bayesian-reputation over the plain evidence rule, and
 *      weighted by rater credibility (the space's whole-graph analysis once, then each listing).
 * What this leaves out: fetching the served scores over HTTP, one request per subject (the live part of
 * `audit recompute`), and mirroring the log (measured by bench/audit.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { directoryFetcher } from "../src/audit/fetch/fetchers.js";
import { credibleFromLog, credibleInputs } from "../src/audit/recompute/credible-rule.js";
import { reputationFromLog, reputationInputs } from "../src/audit/recompute/log-reputation.js";
import { replayPublicLog } from "../src/audit/replay/replay.js";
import { appendEntries } from "../src/cli/static-log/append.js";
import { keygen } from "../src/cli/static-log/keygen.js";
import { encodeBase64Url } from "../src/domain/base64url.js";
import { encodeEntry } from "../src/domain/entry.js";
import type { DomainEvent } from "../src/domain/events.js";
import { defaultPolicy } from "../src/domain/policy.js";
import { commitRatings } from "../src/domain/rating-commitment.js";
import { transparencyReport } from "../src/domain/transparency-report.js";
import { openCheckpoint } from "../src/log/checkpoint/index.js";
import { parseVerifierKey, verifierFromKey } from "../src/log/note/index.js";
import { createTileReader } from "../src/log/tiles/index.js";
import { DEFAULT_FLAG_DISCOUNTS } from "../src/trust/reputation/index.js";

const quick = process.argv.includes("--quick");
const ENTRIES = quick ? 100_000 : 1_000_000;
const SPACE = "bench";
const START = Date.UTC(2026, 0, 1);

/** The events of the synthetic space, about `entries` of them, in log order. */
function* events(entries: number): Generator<DomainEvent> {
  const members = Math.floor(entries * 0.05);
  const listings = Math.floor(entries * 0.01);
  const stays = Math.floor((entries - 1 - members - listings) / 3);
  let at = START;
  const operator = "operator:k-bench";
  const event = (type: string, actor: string, pub: Record<string, unknown>) =>
    ({ type, id: `e${at}`, at: at++, actor, public: { space: SPACE, ...pub } }) as DomainEvent;
  yield event("space.created", operator, {
    name: "Bench",
    policy: defaultPolicy(),
    policyVersion: 1,
  });
  for (let m = 0; m < members; m++) yield event("member.joined", operator, { member: `m${m}` });
  for (let l = 0; l < listings; l++) {
    yield event("subject.registered", operator, {
      subject: `l${l}`,
      kind: "listing",
      owner: `m${l % members}`,
    });
  }
  for (let s = 0; s < stays; s++) {
    const guest = `m${(s * 7919) % members}`;
    const listing = `l${(s * 104_729) % listings}`;
    const overall = 1 + ((s * 31) % 5);
    const salt = new Uint8Array(32).fill(s % 251);
    const ratings = { overall, criteria: {} };
    yield event("interaction.recorded", operator, {
      interaction: `i${s}`,
      occurredAt: at,
      parties: [{ member: guest, role: "guest", reviews: listing }],
    });
    yield event("review.submitted", `member:${guest}`, {
      review: `r${s}`,
      subject: listing,
      author: guest,
      interaction: `i${s}`,
      provenance: "verified",
      connection: "none",
      ratingCommitment: commitRatings(ratings, salt),
      sealedUntil: null,
    });
    yield event("review.revealed", "system", {
      review: `r${s}`,
      ...ratings,
      ratingSalt: encodeBase64Url(salt),
      reason: "not-sealed",
    });
  }
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "fabrique-bench-replay-"));
  try {
    const keys = await keygen("bench.example/spaces/bench", join(dir, "keys"));
    const entries = [...events(ENTRIES)].map((e) => encodeEntry(e).bytes);
    let t = process.hrtime.bigint();
    const log = join(dir, "log");
    await appendEntries(log, readFileSync(keys.signerKeyPath, "utf8"), entries);
    const build = seconds(t);
    const vkey = readFileSync(keys.verifierKeyPath, "utf8");
    const opened = openCheckpoint(readFileSync(join(log, "checkpoint")), {
      logVerifier: verifierFromKey(parseVerifierKey(vkey.trim())),
    });
    const reader = createTileReader(opened.checkpoint, directoryFetcher(log), {
      maxCachedTiles: 4096,
    });
    const now = START + 10 * 365 * 86_400_000;
    let report: ReturnType<typeof transparencyReport> | undefined;
    let reportSeconds = 0;
    let scoreSeconds = 0;
    let scored = 0;
    let outsideReplayCpu = 0;
    let analysisSeconds = 0;
    let credibleSeconds = 0;
    t = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const replay = await replayPublicLog({
      reader,
      stops: [entries.length],
      visit: (_size, records) => {
        const visitCpu = process.cpuUsage();
        let u = process.hrtime.bigint();
        report = transparencyReport(records.reportRecords(), now);
        reportSeconds = seconds(u);
        u = process.hrtime.bigint();
        const inputs = reputationInputs(records, now);
        const settings = {
          now,
          priorStrength: 10,
          halfLife: Number.POSITIVE_INFINITY,
          discounts: DEFAULT_FLAG_DISCOUNTS,
          level: 0.9,
        };
        for (const subject of records.all("subject")) {
          reputationFromLog(inputs, subject.id, settings, entries.length);
          scored += 1;
        }
        scoreSeconds = seconds(u);
        u = process.hrtime.bigint();
        const credible = credibleInputs(records, now, entries.length);
        analysisSeconds = seconds(u);
        u = process.hrtime.bigint();
        if (credible.kind !== "ready") throw new Error(credible.reason);
        for (const subject of records.all("subject")) credibleFromLog(credible, subject.id);
        credibleSeconds = seconds(u);
        const used = process.cpuUsage(visitCpu);
        outsideReplayCpu = (used.user + used.system) / 1e6;
      },
    });
    const replaySeconds =
      seconds(t) - reportSeconds - scoreSeconds - analysisSeconds - credibleSeconds;
    const cpu = process.cpuUsage(cpuBefore);
    const replayCpu = (cpu.user + cpu.system) / 1e6 - outsideReplayCpu;
    if (replay.findings.length > 0) throw new Error(`findings: ${replay.findings[0]?.problem}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    const rows = [
      ["write the static log (CLI writer, tiles on disk)", `${build.toFixed(1)} s`, ""],
      [
        `replay ${entries.length.toLocaleString("en")} entries: read through a TileReader (re-authenticated), decode, evolve, check every reveal`,
        `${replaySeconds.toFixed(1)} s (CPU ${replayCpu.toFixed(1)} s)`,
        `${Math.round(entries.length / replaySeconds).toLocaleString("en")} entries/s (${Math.round(entries.length / replayCpu).toLocaleString("en")} per CPU second)`,
      ],
      [
        `transparency report from the records (${report?.reviews.submitted.toLocaleString("en")} reviews)`,
        `${reportSeconds.toFixed(2)} s`,
        "",
      ],
      [
        `reputation of every listing from the log, plain rule (${scored.toLocaleString("en")} subjects)`,
        `${scoreSeconds.toFixed(2)} s`,
        `${Math.round(scored / scoreSeconds).toLocaleString("en")} subjects/s`,
      ],
      [
        "credibility-weighted rule: the space's whole-graph analysis (REV2 suspicion, credibility, retaliation)",
        `${analysisSeconds.toFixed(2)} s`,
        "",
      ],
      [
        `credibility-weighted reputation of every listing (${scored.toLocaleString("en")} subjects)`,
        `${credibleSeconds.toFixed(2)} s`,
        `${Math.round(scored / credibleSeconds).toLocaleString("en")} subjects/s`,
      ],
      ["peak resident memory of the process", `${Math.round(rss)} MiB`, ""],
    ];
    console.log(`\n${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}\n`);
    console.log("| measure | result | rate |\n|---|---|---|");
    for (const [what, value, rate] of rows) console.log(`| ${what} | ${value} | ${rate} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
