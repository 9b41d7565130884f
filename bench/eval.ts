/**
 * Evaluation of the trust engine (issue: The trust engine) on the real data sets in ../shared/data,
 * with the baselines computed in the same run. Prints Markdown for docs/evaluation.md.
 *
 * Run: `npx tsx bench/eval.ts` (about 30 minutes on 2 cores, most of it the 10-fold sign prediction);
 * `--quick` uses 2 folds and two attack levels; `--only alpha,sign,sybil,advogato,cli` picks sections.
 * Every random choice is seeded; the protocols are written next to each table and in the modules.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { main as cli } from "../src/cli/main.js";
import { loadAdvogato } from "./data/advogato.js";
import { loadBitcoinAlpha } from "./data/bitcoin-alpha.js";
import { sharedDataDir } from "./data/paths.js";
import { loadSignedNetwork } from "./data/signed-networks.js";
import { loadSybilFacebook } from "./data/sybil-facebook.js";
import { evaluateAdvogato } from "./eval/advogato.js";
import { evaluateAlpha } from "./eval/fraud-alpha.js";
import type { CrossFitResult } from "./eval/fraud-alpha-crossfit.js";
import { seeded } from "./eval/prng.js";
import { evaluateSignPrediction } from "./eval/sign-prediction.js";
import { ATTACK_LEVELS, evaluateSybil } from "./eval/sybil-facebook.js";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const sections = new Set(
  onlyAt >= 0
    ? (process.argv[onlyAt + 1] ?? "").split(",")
    : ["alpha", "sign", "sybil", "advogato", "cli"],
);

const print = (line = "") => console.log(line);
const progress = (text: string) => process.stderr.write(`eval: ${text}\n`);

function f3(x: number): string {
  return Number.isNaN(x) ? "—" : x.toFixed(3);
}

function alpha(): void {
  progress("Bitcoin Alpha");
  const data = loadBitcoinAlpha();
  const r = evaluateAlpha(data, { repeats: quick ? 10 : 50 });
  const ext = (u: number) => data.externals[u] as number;
  print("## Bitcoin Alpha: fraudulent raters");
  print();
  print(
    `Label sources found (label-sources.ts): founder = user ${ext(r.sources.founder)}; ` +
      `${r.sources.founderCircle.length} raters in the founder's circle, ${r.sources.raters.length} in all ` +
      `(${r.sources.raters.map(ext).join(", ")}); they explain ${r.sources.explained} of ` +
      `${data.fraudulent.size} labels; ${r.sources.explainedByOthers} labels also have a matching strong ` +
      "rating from someone else.",
  );
  print();
  for (const p of [r.full, r.leakReduced]) {
    print(
      `**${p.protocol}** — ${p.ratings} ratings; ${p.evaluated} labelled users who rated someone ` +
        `(${p.fraudulent} fraudulent); report half ${p.reportEvaluated} (${p.reportFraudulent} fraudulent).`,
    );
    print();
    print("| method | AUC, all | AP, all | AUC, report half | AP, report half |");
    print("|---|---|---|---|---|");
    for (const m of p.methods) {
      print(
        `| ${m.method} | ${f3(m.auc)} | ${f3(m.ap)} | ${f3(m.reportAuc)} | ${f3(m.reportAp)} |`,
      );
    }
    const weights = Object.entries(p.fittedWeights)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(", ");
    print();
    print(`Fitted (standardised) weights: ${weights}.`);
    print();
  }
  for (const p of [r.leakReduced, r.full]) crossFitTable(p.protocol, p.crossFit);
  print("Signals tried during the design, development half only (AUC / AP):");
  print();
  print(`| signal | ${r.full.protocol} | ${r.leakReduced.protocol} |`);
  print("|---|---|---|");
  r.full.candidates.forEach((c, i) => {
    const leak = r.leakReduced.candidates[i];
    print(
      `| ${c.method} | ${f3(c.devAuc)} / ${f3(c.devAp)} | ${f3(leak?.devAuc ?? Number.NaN)} / ${f3(leak?.devAp ?? Number.NaN)} |`,
    );
  });
  print();
  const flags = r.flags
    .map(
      (f) =>
        `suspicion ${f.version}: ${f.flagged} of ${data.nodeCount} members (${f.fraudulent} labelled fraudulent, ` +
        `${f.benign} labelled benign)`,
    )
    .join("; ");
  print(`At the moderation threshold 0.5, full data: ${flags}.`);
  print();
}

function crossFitTable(protocol: string, c: CrossFitResult): void {
  print(
    `**${protocol}, cross-fitted** — ${c.users} labelled users; every user scored by parameters chosen ` +
      `on the other fold; the seed-2018 split (development / report halves) and ${c.repeats} random ` +
      "stratified 2-fold splits (seeds 1..n). Pooled: one AUC/AP over all out-of-fold scores; fold mean: " +
      "the mean of the two folds' AUCs.",
  );
  print();
  print(
    "| method | seed 2018: AUC pooled | AP pooled | AUC fold mean | random splits: AUC pooled, mean ± sd (min–max) | AP mean | AUC fold mean | splits with AUC ≥ 0.90 |",
  );
  print("|---|---|---|---|---|---|---|---|");
  for (const m of c.rows) {
    print(
      `| ${m.method} | ${f3(m.splitAuc)} | ${f3(m.splitAp)} | ${f3(m.splitFoldMeanAuc)} | ` +
        `${f3(m.meanAuc)} ± ${m.sdAuc.toFixed(3)} (${f3(m.minAuc)}–${f3(m.maxAuc)}) | ${f3(m.meanAp)} | ` +
        `${f3(m.meanFoldMeanAuc)} | ${m.splitsAtTarget} of ${c.repeats} |`,
    );
  }
  print();
  print(
    "Chosen on the seed-2018 split (trained on the development half; then on the report half):",
  );
  print();
  for (const m of c.rows) {
    if (m.choices[0] === "(fixed)") continue;
    print(`- ${m.method}: ${m.choices.join("; ")}`);
  }
  print();
  print(
    `Session-4 features alone, AUC over all ${c.users} labelled users (no fitting): ` +
      c.featureAucs.map((f) => `${f.name} ${f3(f.auc)}`).join(", ") +
      ".",
  );
  print();
}

function sign(): void {
  print("## Edge sign prediction (10-fold cross-validation)");
  print();
  print(
    "| network | edges (positive) | method | AUC (mean ± sd over folds) | AP of negative edges | time |",
  );
  print("|---|---|---|---|---|---|");
  for (const name of ["epinions", "slashdot"] as const) {
    progress(`sign prediction, ${name}`);
    const net = loadSignedNetwork(name);
    const r = evaluateSignPrediction(net, {
      folds: quick ? 2 : 10,
      report: (fold) => progress(`  ${name} fold ${fold} done`),
    });
    r.methods.forEach((m, i) => {
      const first = i === 0;
      print(
        `| ${first ? name : ""} | ${first ? `${r.edges} (${(r.positiveShare * 100).toFixed(1)}%)` : ""} | ` +
          `${m.name} | ${f3(m.auc)} ± ${m.aucSd.toFixed(4)} | ${f3(m.apNegative)} | ` +
          `${first ? `${r.seconds.toFixed(0)} s, ${r.folds} folds` : ""} |`,
      );
    });
  }
  print();
}

function sybil(): void {
  const data = loadSybilFacebook();
  const levels = quick ? [10_000, 40_000] : [...ATTACK_LEVELS];
  for (const attack of ["random", "clustered"] as const) {
    progress(`Sybil, ${attack} attack edges`);
    const results = evaluateSybil(data, {
      attack,
      levels: attack === "random" ? levels : [10_000, 40_000],
      report: (level) => progress(`  ${level} done`),
    });
    print(
      attack === "random"
        ? "## Sybil detection, Facebook graph, random attack edges added (AUC / AP on test.txt)"
        : "## Sybil detection, clustered attack edges (each forged tie also befriends up to 4 friends of the victim)",
    );
    print();
    print(`| method | ${results.map((r) => `+${r.attackEdges}`).join(" | ")} |`);
    print(`|---|${results.map(() => "---").join("|")}|`);
    const names = results[0]?.methods.map((m) => m.method) ?? [];
    for (const [i, name] of names.entries()) {
      const cells = results.map((r) => {
        const m = r.methods[i];
        return m === undefined ? "" : `${f3(m.auc)} / ${f3(m.ap)}`;
      });
      print(`| ${name} | ${cells.join(" | ")} |`);
    }
    const chosen = results
      .map((r) => `+${r.attackEdges}: ${r.methods.find((m) => m.chosen)?.chosen ?? "—"}`)
      .join("; ");
    print();
    print(`Parameters chosen on train.txt only: ${chosen}.`);
    print();
  }
}

function advogato(): void {
  progress("Advogato");
  const r = evaluateAdvogato(loadAdvogato());
  print("## Advogato: masters above apprentices?");
  print();
  print(
    `Seed: user ${r.seed} (the most master certifications received: ${r.seedMasterCertifications}).`,
  );
  print();
  print("| method | nodes reached | masters | apprentices | AUC | AP (master) |");
  print("|---|---|---|---|---|---|");
  for (const row of r.rows) {
    print(
      `| ${row.method} | ${row.reached} | ${row.masters} | ${row.apprentices} | ${f3(row.auc)} | ${f3(row.ap)} |`,
    );
  }
  print();
  print(
    `Over ${r.randomSeeds} random master seeds (masters certifying ≥ 10 others, PRNG seed 2009): ` +
      `mean AUC ${f3(r.meanAucRandomMasters)}, minimum ${f3(r.minAucRandomMasters)}.`,
  );
  print();
}

/** `fabrique trust analyze` on 1,000,000 synthetic ratings (100,000 users), in process. */
async function cliThroughput(): Promise<void> {
  progress("trust analyze, 1,000,000 ratings");
  const dir = mkdtempSync(join(tmpdir(), "fabrique-eval-"));
  try {
    const file = join(dir, "ratings.csv");
    const random = seeded(1);
    const lines = ["rater,ratee,rating,time"];
    for (let i = 0; i < 1_000_000; i++) {
      const rater = Math.floor(random() * 100_000);
      const ratee = Math.floor(random() * 100_000);
      const rating = Math.floor(random() * 21) - 10;
      lines.push(
        `user-${rater},user-${ratee},${rating},${1_400_000_000 + Math.floor(random() * 1e8)}`,
      );
    }
    writeFileSync(file, `${lines.join("\n")}\n`);
    let bytes = 0;
    const started = process.hrtime.bigint();
    const code = await cli(
      ["node", "fabrique", "trust", "analyze", "--ratings", file, "--scale", "-10..10"],
      {
        out: (t) => {
          bytes += t.length;
        },
        err: () => {},
        errIsTty: false,
        stdin: process.stdin,
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    print("## `fabrique trust analyze` throughput");
    print();
    print("| input | exit code | time | target |");
    print("|---|---|---|---|");
    print(
      `| 1,000,000 synthetic ratings, 100,000 users (in process, ${(bytes / 1e6).toFixed(1)} MB of output) | ${code} | ${seconds.toFixed(1)} s | < 30 s |`,
    );
    print();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  if (sharedDataDir() === undefined) {
    console.error("eval: ../shared/data is absent (set FABRIQUE_DATA); nothing to evaluate");
    process.exitCode = 1;
    return;
  }
  print(
    `Run of ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores` +
      `${quick ? ", --quick" : ""}.`,
  );
  print();
  if (sections.has("alpha")) alpha();
  if (sections.has("sybil")) sybil();
  if (sections.has("advogato")) advogato();
  if (sections.has("cli")) await cliThroughput();
  if (sections.has("sign")) sign();
}

await run();
