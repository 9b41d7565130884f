import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBase64 } from "../../src/log/encoding/base64.js";
import { leafHash } from "../../src/log/merkle/index.js";
import { generateKeyPair, signerFromKey } from "../../src/log/note/index.js";
import {
  batchPath,
  batchTree,
  formatEntryReceipt,
  signReceipt,
  signReceiptBatch,
} from "../../src/log/receipt/index.js";
import { runCli } from "../support/cli.js";
import {
  append,
  type LogKeys,
  lines,
  newKeys,
  ORIGIN,
  rewrite,
  scratch,
} from "./support/static-log.js";
import { type StaticServer, startStaticServer } from "./support/static-server.js";

let root: { dir: string; remove: () => Promise<void> };
let server: StaticServer;
let n = 0;

beforeAll(async () => {
  root = await scratch();
  server = await startStaticServer();
});
afterAll(async () => {
  await server.close();
  await root.remove();
});

interface Case {
  readonly dir: string;
  readonly site: string;
  readonly keys: LogKeys;
  readonly url: string;
}

async function servedLog(entries: readonly string[]): Promise<Case> {
  const dir = join(root.dir, `case-${n}`);
  const prefix = `log${n++}`;
  const keys = await newKeys(dir);
  const site = join(dir, "site");
  await append(site, keys, entries);
  server.mount(prefix, site);
  return { dir, site, keys, url: server.url(prefix) };
}

/** The receipt the log would have given for `entry` at `index`, signed with the log's key. */
async function keptReceipt(
  log: Case,
  index: number,
  entry: string,
  skey?: string,
): Promise<string> {
  const signer = signerFromKey((skey ?? (await readFile(log.keys.key, "utf8"))).trim());
  const receipt = signReceipt(
    { origin: ORIGIN, index, leafHash: leafHash(Buffer.from(entry)), time: 1_764_000_000_000 },
    signer,
  );
  const path = join(log.dir, `receipt-${index}-${n++}.txt`);
  await writeFile(path, receipt);
  return path;
}

function prove(log: Case, receipt: string, ...extra: string[]) {
  return runCli([
    "audit",
    "prove",
    "--url",
    log.url,
    "--vkey",
    log.keys.vkey,
    "--receipt",
    receipt,
    ...extra,
  ]);
}

describe("fabrique audit prove", () => {
  it("proves a kept receipt: inclusion from the tiles, and the entry's hash", async () => {
    const entries = lines(700);
    const log = await servedLog(entries);
    const receipt = await keptReceipt(log, 300, "entry 300");
    const run = await prove(log, receipt);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(
      /^OK: entry 300 .* is in the log: inclusion proof of \d+ hashes verified/,
    );
    const json = await prove(log, receipt, "--json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as Record<string, unknown>;
    expect(report).toMatchObject({ status: "included", index: 300, size: 700 });
    expect(report.entry).toBe(encodeBase64(Buffer.from("entry 300")));
    // Still provable after the log grew.
    await append(log.site, log.keys, lines(100, "later"));
    const later = await prove(log, receipt, "--json");
    expect(JSON.parse(later.out)).toMatchObject({ status: "included", size: 800 });
  });

  it("proves a v2 receipt (an entry's path under its batch's signed note) like a v1 one", async () => {
    const log = await servedLog(lines(700));
    const signer = signerFromKey((await readFile(log.keys.key, "utf8")).trim());
    const leaves = Array.from({ length: 9 }, (_, i) => leafHash(Buffer.from(`entry ${296 + i}`)));
    const tree = batchTree(leaves);
    const signed = signReceiptBatch(
      { origin: ORIGIN, first: 296, size: 9, root: tree.root, time: 1_764_000_000_000 },
      signer,
    );
    const receipt = formatEntryReceipt(
      { index: 300, leafHash: leaves[4] as Uint8Array, path: batchPath(tree, 4) },
      signed,
    );
    const path = join(log.dir, `receipt-v2-${n++}.txt`);
    await writeFile(path, receipt);
    const json = await prove(log, path, "--json");
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ status: "included", index: 300, size: 700 });
    // A v2 receipt whose path does not lead to its signed root is refused before the log is asked.
    const broken = join(log.dir, `receipt-v2-${n++}.txt`);
    await writeFile(broken, receipt.replace("\n300\n", "\n301\n"));
    expect((await prove(log, broken)).code).not.toBe(0);
  });

  it("works on a local log with --dir, for the first and the last entry", async () => {
    const log = await servedLog(lines(257));
    for (const index of [0, 256]) {
      const receipt = await keptReceipt(log, index, `entry ${index}`);
      const args = ["audit", "prove", "--dir", log.site, "--vkey", log.keys.vkey];
      const run = await runCli([...args, "--receipt", receipt]);
      expect(run.code, run.err).toBe(0);
    }
  });

  it("fails with a clear report when the entry bundle was altered", async () => {
    const log = await servedLog(lines(300));
    const receipt = await keptReceipt(log, 5, "entry 5");
    const bundle = join(log.site, "tile/entries/000");
    const bytes = await readFile(bundle);
    const at = bytes.indexOf("entry 5");
    bytes[at] = "E".charCodeAt(0);
    await writeFile(bundle, bytes);
    const run = await prove(log, receipt);
    expect(run.code).toBe(1);
    expect(run.out).toContain("BROKEN RECEIPT (entry-altered)");
    expect(run.out).toContain("----- receipt -----");
    expect(run.out).toContain(await readFile(receipt, "utf8").then((t) => t.trimEnd()));
    expect(run.err).toContain("the log broke its receipt: entry-altered");
  });

  it("fails when the log no longer holds the entry at its index (deleted or replaced)", async () => {
    const entries = lines(300);
    const log = await servedLog(entries);
    const receipt = await keptReceipt(log, 42, "entry 42");
    await rewrite(
      log.site,
      log.keys,
      entries.filter((_, i) => i !== 42),
    );
    const run = await prove(log, receipt, "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({
      status: "broken",
      reason: "not-in-tree",
      index: 42,
      size: 299,
    });
  });

  it("fails when the log's tree does not reach the receipt's index", async () => {
    const log = await servedLog(lines(10));
    const receipt = await keptReceipt(log, 10, "entry 10");
    const run = await prove(log, receipt);
    expect(run.code).toBe(1);
    expect(run.out).toContain("NOT IN LOG: entry 10");
    expect(run.out).toContain("beyond the log's tree of size 10");
  });

  it("refuses a receipt the log did not sign", async () => {
    const log = await servedLog(lines(10));
    const forged = await keptReceipt(log, 3, "entry 3", generateKeyPair(ORIGIN).signerKey);
    const run = await prove(log, forged);
    expect(run.code).toBe(1);
    expect(run.out).toBe("");
  });
});
