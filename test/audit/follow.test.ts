import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryBundlePath, tilePath, tilesAddedBetween } from "../../src/log/tiles/index.js";
import { runCli } from "../support/cli.js";
import {
  append,
  type LogKeys,
  lines,
  newKeys,
  ORIGIN,
  rewrite,
  scratch,
  snapshot,
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
  readonly prefix: string;
  readonly url: string;
}

/** A log of `count` entries served under a fresh prefix. */
async function servedLog(count: number): Promise<Case> {
  const dir = join(root.dir, `case-${n}`);
  const prefix = `log${n++}`;
  const keys = await newKeys(dir);
  const site = join(dir, "site");
  await append(site, keys, lines(count));
  server.mount(prefix, site);
  return { dir, site, keys, prefix, url: server.url(prefix) };
}

function follow(c: Case, state: string, ...extra: string[]) {
  return runCli([
    "audit",
    "follow",
    "--url",
    c.url,
    "--vkey",
    c.keys.vkey,
    "--state",
    state,
    "--once",
    ...extra,
  ]);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The mirror holds exactly the files of the log, byte for byte. */
async function expectSameFiles(site: string, mirror: string): Promise<void> {
  const files = await listFiles(site);
  expect(await listFiles(mirror)).toEqual(files);
  for (const file of files) {
    expect(
      Buffer.compare(await readFile(join(site, file)), await readFile(join(mirror, file))),
      file,
    ).toBe(0);
  }
}

async function history(state: string): Promise<Array<{ size: number }>> {
  const text = await readFile(join(state, "history.jsonl"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { size: number });
}

describe("fabrique audit follow", () => {
  it("mirrors everything on the first run, then proves consistency and fetches only new tiles", async () => {
    const log = await servedLog(600);
    const state = join(log.dir, "state");
    const first = await follow(log, state);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(`OK: ${ORIGIN} size 600 (first checkpoint)`);
    await expectSameFiles(log.site, join(state, "mirror"));
    server.takeRequests(log.prefix);

    await append(log.site, log.keys, lines(900, "more"));
    const second = await follow(log, state, "--json");
    expect(second.code, second.err).toBe(0);
    const report = JSON.parse(second.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      status: "grew",
      size: 1500,
      previousSize: 600,
      provenConsistentWith: 1,
      mirrored: { entries: 900 },
    });
    // Only the checkpoint and the tiles and bundles the tree gained were downloaded.
    const gained = [...tilesAddedBetween(600, 1500)].flatMap((tile) =>
      tile.level === 0 ? [tilePath(tile), entryBundlePath(tile)] : [tilePath(tile)],
    );
    expect(server.takeRequests(log.prefix).sort()).toEqual(["checkpoint", ...gained].sort());
    await expectSameFiles(log.site, join(state, "mirror"));
    expect((await history(state)).map((h) => h.size)).toEqual([600, 1500]);

    const again = await follow(log, state);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("size 1500, unchanged");
    expect(server.takeRequests(log.prefix)).toEqual(["checkpoint"]);
  });

  it("leaves a mirror that fabrique log verify accepts, across tile levels", async () => {
    const log = await servedLog(65_530);
    const state = join(log.dir, "state");
    expect((await follow(log, state)).code).toBe(0);
    await append(log.site, log.keys, lines(300, "next"));
    const grown = await follow(log, state);
    expect(grown.code, grown.err).toBe(0);
    expect(grown.out).toContain("size 65530 → 65830");
    const verified = await runCli([
      "log",
      "verify",
      "--dir",
      join(state, "mirror"),
      "--vkey",
      log.keys.vkey,
    ]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain("size 65830");
    await expectSameFiles(log.site, join(state, "mirror"));
  });

  it("follows a local static log with --dir", async () => {
    const log = await servedLog(20);
    const state = join(log.dir, "state");
    const args = ["audit", "follow", "--dir", log.site, "--vkey", log.keys.vkey, "--state", state];
    expect((await runCli([...args, "--once"])).code).toBe(0);
    await append(log.site, log.keys, lines(5, "x"));
    const run = await runCli([...args, "--once"]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("size 20 → 25");
  });

  it("detects a rewritten history as a fork, with both signed checkpoints as evidence", async () => {
    const log = await servedLog(300);
    const state = join(log.dir, "state");
    expect((await follow(log, state)).code).toBe(0);
    const seen = await readFile(join(log.site, "checkpoint"), "utf8");
    await rewrite(log.site, log.keys, lines(700, "forged"));
    const forged = await readFile(join(log.site, "checkpoint"), "utf8");

    const run = await follow(log, state);
    expect(run.code).toBe(1);
    expect(run.out).toContain("FORK DETECTED");
    expect(run.out).toContain("does not extend the signed tree of size 300");
    expect(run.err).toMatch(/fork detected: evidence in .+evidence\/.+\.txt/);
    const files = await readdir(join(state, "evidence"));
    expect(files).toHaveLength(1);
    const evidence = await readFile(join(state, "evidence", files[0] as string), "utf8");
    expect(evidence).toContain(seen.trimEnd());
    expect(evidence).toContain(forged.trimEnd());
    expect(evidence).toContain("consistency proof from size 300 to 700");
    // Nothing of the forged history was accepted.
    expect((await history(state)).map((h) => h.size)).toEqual([300]);
    expect(await readFile(join(state, "checkpoint"), "utf8")).toBe(seen);
  });

  it("detects two roots for the same size", async () => {
    const log = await servedLog(40);
    const state = join(log.dir, "state");
    expect((await follow(log, state)).code).toBe(0);
    await rewrite(log.site, log.keys, lines(40, "other"));
    const run = await follow(log, state, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as Record<string, unknown>;
    expect(report).toMatchObject({ status: "fork", reason: "same-size", sizes: [40, 40] });
    expect(await readFile(report.evidencePath as string, "utf8")).toBe(report.evidence);
  });

  it("detects a split view: two followers shown different trees, then swapped", async () => {
    const dir = join(root.dir, `split-${n++}`);
    const keys = await newKeys(dir);
    const siteA = join(dir, "a");
    const siteB = join(dir, "b");
    await append(siteA, keys, lines(500, "a"));
    await append(siteB, keys, [...lines(200, "a"), ...lines(320, "b")]);
    const prefix1 = `split${n++}`;
    const prefix2 = `split${n++}`;
    server.mount(prefix1, siteA);
    server.mount(prefix2, siteB);
    const follower = (prefix: string, state: string) =>
      runCli([
        "audit",
        "follow",
        "--url",
        server.url(prefix),
        "--vkey",
        keys.vkey,
        "--state",
        join(dir, state),
        "--once",
      ]);
    expect((await follower(prefix1, "state1")).out).toContain("size 500 (first checkpoint)");
    expect((await follower(prefix2, "state2")).out).toContain("size 520 (first checkpoint)");
    // Each view is a valid log on its own; shown to the other follower, neither extends the other.
    server.mount(prefix1, siteB);
    server.mount(prefix2, siteA);
    const one = await follower(prefix1, "state1");
    expect(one.code).toBe(1);
    expect(one.out).toContain(
      "the signed tree of size 520 does not extend the signed tree of size 500",
    );
    const two = await follower(prefix2, "state2");
    expect(two.code).toBe(1);
    expect(two.out).toContain(
      "the signed tree of size 520 does not extend the signed tree of size 500",
    );
  });

  it("reports a stale view (an older, consistent checkpoint) without failing or regressing", async () => {
    const log = await servedLog(300);
    const old = await snapshot(log.site, join(log.dir, "old-site"));
    await append(log.site, log.keys, lines(400, "new"));
    const state = join(log.dir, "state");
    expect((await follow(log, state)).code).toBe(0);
    server.mount(log.prefix, old);
    const run = await follow(log, state);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("WARNING");
    expect(run.out).toContain("served size 300, older than the latest verified size 700");
    expect((await history(state)).map((h) => h.size)).toEqual([700]);
  });

  it("fails, without recording anything, when the log serves a tile that does not match its checkpoint", async () => {
    const log = await servedLog(600);
    const state = join(log.dir, "state");
    const tile = join(log.site, "tile/0/001");
    const bytes = await readFile(tile);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(tile, bytes);
    const run = await follow(log, state);
    expect(run.code).toBe(1);
    expect(run.out).not.toContain("FORK");
    await expect(readFile(join(state, "history.jsonl"))).rejects.toThrow();
  });

  it("refuses a state directory of another log, and a bad checkpoint signature", async () => {
    const a = await servedLog(10);
    const b = await servedLog(10);
    const state = join(a.dir, "state");
    expect((await follow(a, state)).code).toBe(0);
    const mixed = await runCli([
      "audit",
      "follow",
      "--url",
      b.url,
      "--vkey",
      b.keys.vkey,
      "--state",
      state,
      "--once",
    ]);
    expect(mixed.code).toBe(3);
    expect(mixed.err).toContain("not that of the log");
    // b's checkpoint under a's key: same origin, other key.
    server.mount(a.prefix, b.site);
    const forgedKey = await follow(a, state);
    expect(forgedKey.code).toBe(1);
    expect(forgedKey.out).toBe("");
  });

  it("keeps polling through an outage, then stops with exit 1 on a fork", async () => {
    const dir = join(root.dir, `loop-${n++}`);
    const keys = await newKeys(dir);
    const site = join(dir, "site");
    const prefix = `loop${n++}`;
    server.mount(prefix, site);
    const state = join(dir, "state");
    const args = ["audit", "follow", "--url", server.url(prefix), "--vkey", keys.vkey];
    const running = runCli([...args, "--state", state, "--interval", "0.05", "--json"]);
    // The log does not exist yet: the monitor reports and retries.
    let asked = 0;
    await waitFor(() => {
      asked += server.takeRequests(prefix).length;
      return asked >= 2;
    });
    await append(site, keys, lines(30));
    await waitFor(
      async () => (await readFile(join(state, "checkpoint")).catch(() => "")).length > 0,
    );
    await rewrite(site, keys, lines(60, "forged"));
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.err).toContain("(will retry)");
    const statuses = run.out
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { status: string }).status);
    expect(statuses[0]).toBe("first");
    expect(statuses.at(-1)).toBe("fork");
  });

  it("answers bad command lines with exit code 2", async () => {
    const log = await servedLog(1);
    const state = join(log.dir, "state");
    const base = ["audit", "follow", "--vkey", log.keys.vkey, "--state", state, "--once"];
    expect((await runCli(base)).code).toBe(2);
    expect((await runCli([...base, "--url", log.url, "--dir", log.site])).code).toBe(2);
    expect((await runCli([...base, "--url", log.url, "--interval", "0"])).code).toBe(2);
    for (const args of [
      ["audit", "--help"],
      ["audit", "follow", "--help"],
      ["audit", "prove", "--help"],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.out).toContain("Usage: fabrique audit");
    }
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
