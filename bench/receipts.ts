/**
 * Receipt issuing cost (issue 3): the CPU time per receipt of v1 (one Ed25519 signed note per entry) and
 * of v2 (the batch's RFC 9162 tree, one signed batch note, and each entry's receipt formatted with its
 * audit path), for append batches of 1, 100 and 500 entries, rounds alternating. Pure src/log, no store.
 * Run: `npx tsx bench/receipts.ts`. Prints a Markdown table for docs/benchmarks.md.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { cpuUsage } from "node:process";
import { leafHash } from "../src/log/merkle/hash.js";
import { ed25519NoteSigner } from "../src/log/note/index.js";
import {
  batchPath,
  batchTree,
  formatEntryReceipt,
  signReceipt,
  signReceiptBatch,
} from "../src/log/receipt/index.js";

const ORIGIN = "bench.example/spaces/receipts";
const signer = ed25519NoteSigner(ORIGIN, randomBytes(32));
const ROUNDS = 4;

function v1(leaves: readonly Uint8Array[], time: number): string[] {
  return leaves.map((leaf, i) =>
    signReceipt({ origin: ORIGIN, index: 1000 + i, leafHash: leaf, time }, signer),
  );
}

function v2(leaves: readonly Uint8Array[], time: number): string[] {
  const tree = batchTree(leaves);
  const batch = { origin: ORIGIN, first: 1000, size: leaves.length, root: tree.root, time };
  const note = signReceiptBatch(batch, signer);
  return leaves.map((leaf, i) =>
    formatEntryReceipt({ index: 1000 + i, leafHash: leaf, path: batchPath(tree, i) }, note),
  );
}

/** CPU µs per receipt of `issue` over at least `minReceipts` receipts. */
function cpuPerReceipt(issue: () => string[], minReceipts: number): number {
  const start = cpuUsage();
  let receipts = 0;
  while (receipts < minReceipts) receipts += issue().length;
  const used = cpuUsage(start);
  return (used.user + used.system) / receipts;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(`load before ${load()}`);
console.log(
  "| batch | v1 µs CPU per receipt (rounds) | v2 µs CPU per receipt (rounds) | v1 bytes | v2 bytes |",
);
console.log("|---|---|---|---|---|");
for (const size of [1, 100, 500]) {
  const leaves = Array.from({ length: size }, (_, i) =>
    leafHash(new TextEncoder().encode(`e ${i}`)),
  );
  const time = Date.now();
  cpuPerReceipt(() => v1(leaves, time), 500); // warm-up
  cpuPerReceipt(() => v2(leaves, time), 5_000);
  const r1: string[] = [];
  const r2: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    r1.push(cpuPerReceipt(() => v1(leaves, time), 3_000).toFixed(1));
    r2.push(cpuPerReceipt(() => v2(leaves, time), 30_000).toFixed(1));
  }
  const bytes1 = v1(leaves, time)[size - 1]?.length ?? 0;
  const bytes2 = v2(leaves, time)[size - 1]?.length ?? 0;
  console.log(`| ${size} | ${r1.join(", ")} | ${r2.join(", ")} | ${bytes1} | ${bytes2} |`);
}
console.log(`load after ${load()}`);
