/**
 * Transparency-log benchmark (issue: Foundation and the transparency log). Run: `npm run bench:log`
 * (add `-- --quick` for a smaller run). Prints a Markdown table for docs/benchmarks.md.
 *
 * Everything is measured in one run on one machine, and each rate is also given as a ratio of the
 * physical limit measured first: node:crypto SHA-256 on 65-byte inputs (one interior node hash).
 */
import { spawnSync } from "node:child_process";
import { createHash, hash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { openCheckpoint, signCheckpoint } from "../src/log/checkpoint/index.js";
import {
  consistencyProof,
  createAppender,
  createMemoryHashStore,
  inclusionProof,
  leafHash,
  verifyConsistency,
  verifyInclusion,
} from "../src/log/merkle/index.js";
import { generateKeyPair, signerFromKey, verifierFromKey } from "../src/log/note/index.js";

const quick = process.argv.includes("--quick");
const ROOT_LEAVES = quick ? 100_000 : 1_000_000;
const PROOF_LEAVES = quick ? 1_000_000 : 10_000_000;
const CLI_LINES = quick ? 100_000 : 1_000_000;

interface Row {
  readonly what: string;
  readonly value: string;
  readonly ratio?: string;
  readonly target?: string;
}
const rows: Row[] = [];

function time<T>(f: () => T): { result: T; seconds: number } {
  const start = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function timeAsync<T>(f: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await f();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * The physical limit: node:crypto SHA-256 of 65 bytes (0x01 ‖ left ‖ right), by the faster of its two
 * APIs (createHash().update().digest() and the one-shot hash()).
 */
function rawSha256Rate(): { streaming: number; oneShot: number } {
  const input = Buffer.alloc(65, 7);
  const n = 2_000_000;
  for (let i = 0; i < 100_000; i++) createHash("sha256").update(input).digest();
  const streaming = time(() => {
    for (let i = 0; i < n; i++) createHash("sha256").update(input).digest();
  });
  for (let i = 0; i < 100_000; i++) hash("sha256", input, "buffer");
  const oneShot = time(() => {
    for (let i = 0; i < n; i++) hash("sha256", input, "buffer");
  });
  return { streaming: n / streaming.seconds, oneShot: n / oneShot.seconds };
}

function leaves(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`record ${i}`));
}

async function main(): Promise<void> {
  const raw = rawSha256Rate();
  const sha = Math.max(raw.streaming, raw.oneShot);
  const twoHashLimit = sha / 2;
  rows.push({
    what: "raw SHA-256, 65-byte inputs, node:crypto one-shot hash()",
    value: `${fmt(raw.oneShot)} hashes/s`,
  });
  rows.push({
    what: "raw SHA-256, 65-byte inputs, node:crypto createHash()",
    value: `${fmt(raw.streaming)} hashes/s`,
  });

  // Appends: leaf hash + frontier update, nodes kept in the in-memory HashStore.
  const data = leaves(ROOT_LEAVES);
  const store = createMemoryHashStore();
  const appender = createAppender();
  const appended = time(() => {
    for (const entry of data) store.putSync(appender.append(leafHash(entry)));
  });
  const appendRate = ROOT_LEAVES / appended.seconds;
  rows.push({
    what: `appends (leaf hash + frontier + store), ${fmt(ROOT_LEAVES)} leaves`,
    value: `${fmt(appendRate)} appends/s`,
    ratio: `${((appendRate / twoHashLimit) * 100).toFixed(0)}% of the two-hashes-per-leaf limit`,
    target: "≥ 50%",
  });
  const bare = createAppender();
  const bareTime = time(() => {
    for (const entry of data) bare.append(leafHash(entry));
  });
  const bareRate = ROOT_LEAVES / bareTime.seconds;
  rows.push({
    what: `appends without a store (frontier only), ${fmt(ROOT_LEAVES)} leaves`,
    value: `${fmt(bareRate)} appends/s`,
    ratio: `${((bareRate / twoHashLimit) * 100).toFixed(0)}% of the two-hashes-per-leaf limit`,
  });

  // Full root computation from scratch over 1M leaves.
  const rootTime = time(() => {
    const a = createAppender();
    for (const entry of data) a.append(leafHash(entry));
    return a.root();
  });
  rows.push({
    what: `full root of ${fmt(ROOT_LEAVES)} leaves`,
    value: `${rootTime.seconds.toFixed(3)} s`,
    ratio: `${(((ROOT_LEAVES * 2) / sha / rootTime.seconds) * 100).toFixed(0)}% of the raw-hash limit (2n hashes)`,
  });

  // Proofs at 10M leaves.
  const big = createMemoryHashStore();
  const bigAppender = createAppender();
  const leaf = new Uint8Array(32);
  const built = time(() => {
    for (let i = 0; i < PROOF_LEAVES; i++) {
      leaf[0] = i & 0xff;
      leaf[1] = (i >> 8) & 0xff;
      leaf[2] = (i >> 16) & 0xff;
      leaf[3] = (i >> 24) & 0xff;
      big.putSync(bigAppender.append(leafHash(leaf)));
    }
  });
  const bigRoot = bigAppender.root();
  rows.push({
    what: `build a ${fmt(PROOF_LEAVES)}-leaf tree in memory`,
    value: `${built.seconds.toFixed(2)} s (${(big.byteLength() / 2 ** 20).toFixed(0)} MiB of node hashes)`,
  });
  const queries = 2_000;
  const indices = Array.from({ length: queries }, (_, i) =>
    Math.floor((i * 7919.123) % PROOF_LEAVES),
  );
  const incl = await timeAsync(async () => {
    const proofs = [];
    for (const index of indices) proofs.push(await inclusionProof(big, index, PROOF_LEAVES));
    return proofs;
  });
  rows.push({
    what: `inclusion proof generation at ${fmt(PROOF_LEAVES)} leaves`,
    value: `${((incl.seconds / queries) * 1e3).toFixed(3)} ms per proof`,
    target: "< 1 ms",
  });
  const leafHashes = indices.map((i) => big.getSync([{ level: 0, index: i }])[0] as Uint8Array);
  const inclVerify = time(() => {
    indices.forEach((index, q) => {
      verifyInclusion({
        index,
        treeSize: PROOF_LEAVES,
        leafHash: leafHashes[q] as Uint8Array,
        proof: incl.result[q] as Uint8Array[],
        root: bigRoot,
      });
    });
  });
  rows.push({
    what: `inclusion proof verification at ${fmt(PROOF_LEAVES)} leaves`,
    value: `${((inclVerify.seconds / queries) * 1e3).toFixed(3)} ms per proof`,
  });
  const oldSizes = indices.map((i) => Math.max(1, i));
  const oldRoots = [] as Uint8Array[];
  const { rootAt } = await import("../src/log/merkle/index.js");
  for (const m of oldSizes) oldRoots.push(await rootAt(big, m));
  const cons = await timeAsync(async () => {
    const proofs = [];
    for (const m of oldSizes) proofs.push(await consistencyProof(big, m, PROOF_LEAVES));
    return proofs;
  });
  rows.push({
    what: `consistency proof generation at ${fmt(PROOF_LEAVES)} leaves`,
    value: `${((cons.seconds / queries) * 1e3).toFixed(3)} ms per proof`,
    target: "< 1 ms",
  });
  const consVerify = time(() => {
    oldSizes.forEach((m, q) => {
      verifyConsistency({
        oldSize: m,
        newSize: PROOF_LEAVES,
        oldRoot: oldRoots[q] as Uint8Array,
        newRoot: bigRoot,
        proof: cons.result[q] as Uint8Array[],
      });
    });
  });
  rows.push({
    what: `consistency proof verification at ${fmt(PROOF_LEAVES)} leaves`,
    value: `${((consVerify.seconds / queries) * 1e3).toFixed(3)} ms per proof`,
  });

  // Checkpoint signing and verification (signed note, Ed25519).
  const pair = generateKeyPair("bench.example/log");
  const signer = signerFromKey(pair.signerKey);
  const verifier = verifierFromKey(pair.verifierKey);
  const checkpoint = {
    origin: "bench.example/log",
    size: PROOF_LEAVES,
    rootHash: bigRoot,
    extensions: [],
  };
  const signs = 5_000;
  let signed = "";
  const signTime = time(() => {
    for (let i = 0; i < signs; i++)
      signed = signCheckpoint({ ...checkpoint, size: PROOF_LEAVES + i }, [signer]);
  });
  rows.push({
    what: "checkpoint signing",
    value: `${fmt(signs / signTime.seconds)} checkpoints/s`,
  });
  const verifyTime = time(() => {
    for (let i = 0; i < signs; i++) openCheckpoint(signed, { logVerifier: verifier });
  });
  rows.push({
    what: "checkpoint verification",
    value: `${fmt(signs / verifyTime.seconds)} checkpoints/s`,
  });

  // The CLI as a whole process: `fabrique log append` of 1M short lines into an empty directory.
  rows.push(cliAppend());

  printTable(sha);
}

function cliAppend(): Row {
  const dir = mkdtempSync(join(tmpdir(), "fabrique-bench-"));
  try {
    const bin = join(process.cwd(), "bin", "fabrique.js");
    run(bin, ["log", "keygen", "--origin", "bench.example/cli", "--out", join(dir, "keys")]);
    const input = join(dir, "lines.txt");
    writeFileSync(input, Array.from({ length: CLI_LINES }, (_, i) => `line ${i}`).join("\n"));
    const start = process.hrtime.bigint();
    run(bin, [
      "log",
      "append",
      "--dir",
      join(dir, "site"),
      "--key",
      join(dir, "keys", "bench.example_cli.key"),
      "--file",
      input,
    ]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const verifyStart = process.hrtime.bigint();
    run(bin, [
      "log",
      "verify",
      "--dir",
      join(dir, "site"),
      "--vkey",
      join(dir, "keys", "bench.example_cli.vkey"),
    ]);
    const verifySeconds = Number(process.hrtime.bigint() - verifyStart) / 1e9;
    return {
      what: `\`fabrique log append\` of ${fmt(CLI_LINES)} short lines (whole process; then \`log verify\`: ${verifySeconds.toFixed(1)} s)`,
      value: `${seconds.toFixed(1)} s`,
      ratio: `${fmt(CLI_LINES / seconds)} lines/s`,
      target: "< 15 s",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(bin: string, args: string[]): void {
  const result = spawnSync(process.execPath, [bin, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`fabrique ${args.join(" ")} exited ${result.status}`);
}

function printTable(sha: number): void {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\nMachine: ${cpus().length} × ${cpu}, Node ${process.version}; raw limit ${fmt(sha)} SHA-256/s\n`,
  );
  console.log("| measure | result | ratio | target |");
  console.log("|---|---|---|---|");
  for (const r of rows)
    console.log(`| ${r.what} | ${r.value} | ${r.ratio ?? ""} | ${r.target ?? ""} |`);
}

await main();
