import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const ORIGIN = "example.org/cli-test";
const KEY_BASE = "example.org_cli-test";

let root: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fabrique-cli-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh directory with a key pair and a log of `lines`. */
async function newLog(lines: readonly string[]) {
  const dir = join(root, `case-${n++}`);
  const keys = join(dir, "keys");
  const site = join(dir, "site");
  expect((await runCli(["log", "keygen", "--origin", ORIGIN, "--out", keys])).code).toBe(0);
  const key = join(keys, `${KEY_BASE}.key`);
  const vkey = join(keys, `${KEY_BASE}.vkey`);
  const appended = await runCli(["log", "append", "--dir", site, "--key", key], lines.join("\n"));
  expect(appended.code, appended.err).toBe(0);
  return { dir, site, key, vkey };
}

function lines(count: number, prefix = "entry"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i}`);
}

async function flipByte(path: string, at = 0): Promise<void> {
  const bytes = await readFile(path);
  if (at >= bytes.length) throw new Error(`${path} has no byte ${at}`);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  await writeFile(path, bytes);
}

describe("fabrique log keygen", () => {
  it("writes a 0600 signer key and a verifier key named after the origin", async () => {
    const out = join(root, "keygen");
    const run = await runCli(["log", "keygen", "--origin", ORIGIN, "--out", out]);
    expect(run.code).toBe(0);
    const key = await readFile(join(out, `${KEY_BASE}.key`), "utf8");
    const vkey = await readFile(join(out, `${KEY_BASE}.vkey`), "utf8");
    expect(key).toMatch(/^PRIVATE\+KEY\+example\.org\/cli-test\+[0-9a-f]{8}\+/);
    expect(vkey).toMatch(/^example\.org\/cli-test\+[0-9a-f]{8}\+/);
    expect((await stat(join(out, `${KEY_BASE}.key`))).mode & 0o777).toBe(0o600);
    expect(run.out).toContain(vkey.trim());
  });

  it("refuses to overwrite a key and refuses origins that cannot name a key", async () => {
    const out = join(root, "keygen-twice");
    expect((await runCli(["log", "keygen", "--origin", ORIGIN, "--out", out])).code).toBe(0);
    const again = await runCli(["log", "keygen", "--origin", ORIGIN, "--out", out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain("refusing to overwrite");
    const spaced = await runCli(["log", "keygen", "--origin", "has space", "--out", out]);
    expect(spaced.code).toBe(2);
    expect((await runCli(["log", "keygen", "--origin", "a+b", "--out", out])).code).toBe(2);
  });
});

describe("fabrique log append and verify", () => {
  it("appends, re-appends across tile boundaries, and verifies with consistency to the old checkpoint", async () => {
    const log = await newLog(lines(300));
    const old = join(log.dir, "old-checkpoint");
    await writeFile(old, await readFile(join(log.site, "checkpoint")));
    const more = await runCli(
      ["log", "append", "--dir", log.site, "--key", log.key],
      `${lines(600, "more").join("\n")}\n`,
    );
    expect(more.code, more.err).toBe(0);
    expect(more.out).toContain("size 300 → 900");
    const checkpoint = await readFile(join(log.site, "checkpoint"), "utf8");
    expect(checkpoint.split("\n").slice(0, 2)).toEqual([ORIGIN, "900"]);
    const verified = await runCli([
      "log",
      "verify",
      "--dir",
      log.site,
      "--vkey",
      log.vkey,
      "--old",
      old,
    ]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain("size 900");
    expect(verified.out).toContain("consistent with size 300");
    // The layout of tlog-tiles: full and partial tiles at levels 0 and 1, bundles beside level 0.
    for (const path of [
      "tile/0/000",
      "tile/0/003.p/132",
      "tile/1/000.p/3",
      "tile/entries/003.p/132",
    ]) {
      await expect(stat(join(log.site, path))).resolves.toBeDefined();
    }
  });

  it("stores each line's bytes as one entry, empty lines included, without the final newline", async () => {
    const log = await newLog(["a", "", "c\r"]);
    const bundle = await readFile(join(log.site, "tile/entries/000.p/3"));
    expect([...bundle]).toEqual([0, 1, 0x61, 0, 0, 0, 2, 0x63, 0x0d]);
  });

  it("reads entries from --file", async () => {
    const log = await newLog(["x"]);
    const file = join(log.dir, "input.txt");
    await writeFile(file, "y\nz\n");
    const run = await runCli([
      "log",
      "append",
      "--dir",
      log.site,
      "--key",
      log.key,
      "--file",
      file,
    ]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("size 1 → 3");
  });

  it.each([
    ["a level-0 tile", "tile/0/000"],
    ["a partial level-0 tile", "tile/0/001.p/44"],
    ["a level-1 tile", "tile/1/000.p/1"],
    ["an entry bundle", "tile/entries/000"],
    ["a partial entry bundle", "tile/entries/001.p/44"],
  ])("fails verification when one byte of %s changes", async (_what, path) => {
    const log = await newLog(lines(300));
    await flipByte(join(log.site, path), 21);
    const run = await runCli(["log", "verify", "--dir", log.site, "--vkey", log.vkey]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^fabrique: .+\n$/);
  });

  it("fails verification for a changed checkpoint signature, root or a foreign key", async () => {
    const log = await newLog(lines(20));
    const checkpoint = join(log.site, "checkpoint");
    const text = await readFile(checkpoint, "utf8");
    const other = await newLog(lines(1));
    expect((await runCli(["log", "verify", "--dir", log.site, "--vkey", other.vkey])).code).toBe(1);
    // A character in the middle of the signature's base64 (the last one also carries padding bits, and
    // changing those would make the note malformed rather than wrongly signed).
    const at = text.length - 20;
    const flipped = text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    await writeFile(checkpoint, flipped);
    expect((await runCli(["log", "verify", "--dir", log.site, "--vkey", log.vkey])).code).toBe(1);
  });

  it("refuses an old checkpoint the log is not consistent with", async () => {
    const a = await newLog(lines(10, "a"));
    const old = join(a.dir, "old");
    await writeFile(old, await readFile(join(a.site, "checkpoint")));
    // Rewrite history: a new log under the same key with different entries.
    await rm(a.site, { recursive: true });
    const rewritten = await runCli(
      ["log", "append", "--dir", a.site, "--key", a.key],
      lines(20, "b").join("\n"),
    );
    expect(rewritten.code).toBe(0);
    const run = await runCli(["log", "verify", "--dir", a.site, "--vkey", a.vkey, "--old", old]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("consistency");
  });

  it("refuses to extend a log whose tiles were tampered with, and writes nothing", async () => {
    const log = await newLog(lines(300));
    await flipByte(join(log.site, "tile/0/001.p/44"), 3);
    const before = await readFile(join(log.site, "checkpoint"), "utf8");
    const run = await runCli(["log", "append", "--dir", log.site, "--key", log.key], "more\n");
    expect(run.code).toBe(1);
    expect(await readFile(join(log.site, "checkpoint"), "utf8")).toBe(before);
  });

  it("refuses an oversized line and appends nothing", async () => {
    const log = await newLog(["first"]);
    const before = await readFile(join(log.site, "checkpoint"), "utf8");
    const run = await runCli(
      ["log", "append", "--dir", log.site, "--key", log.key],
      `ok\n${"x".repeat(65_536)}\n`,
    );
    expect(run.code).toBe(3);
    expect(run.err).toContain("line 2");
    expect(await readFile(join(log.site, "checkpoint"), "utf8")).toBe(before);
  });

  it("answers bad command lines and unreadable files with a message and an exit code", async () => {
    const log = await newLog(["one"]);
    const both = await runCli([
      "log",
      "verify",
      "--dir",
      log.site,
      "--url",
      "http://x/",
      "--vkey",
      log.vkey,
    ]);
    expect(both.code).toBe(2);
    expect((await runCli(["log", "verify", "--vkey", log.vkey])).code).toBe(2);
    expect((await runCli(["log", "append", "--dir", log.site])).code).toBe(2);
    const missingKey = await runCli([
      "log",
      "append",
      "--dir",
      log.site,
      "--key",
      join(root, "nope"),
    ]);
    expect(missingKey.code).toBe(4);
    const garbageKey = join(log.dir, "garbage.key");
    await writeFile(garbageKey, "not a key\n");
    expect(
      (await runCli(["log", "append", "--dir", log.site, "--key", garbageKey], "x")).code,
    ).toBe(3);
    const empty = join(root, `empty-${n++}`);
    const noLog = await runCli(["log", "verify", "--dir", empty, "--vkey", log.vkey]);
    expect(noLog.code).toBe(4);
    expect((await runCli(["log", "verify", "--url", "ftp://x/", "--vkey", log.vkey])).code).toBe(3);
  });

  it("prints --help for every command", async () => {
    for (const args of [
      ["--help"],
      ["log", "--help"],
      ["log", "keygen", "--help"],
      ["log", "append", "--help"],
      ["log", "verify", "--help"],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.out).toContain("Usage: fabrique");
    }
  });
});

describe("fabrique log verify --url", () => {
  let server: Server;
  let base: string;
  let site: string;
  let vkey: string;

  beforeAll(async () => {
    const log = await newLog(lines(513));
    site = log.site;
    vkey = log.vkey;
    server = createServer(async (req, res) => {
      try {
        const body = await readFile(
          join(site, decodeURIComponent((req.url ?? "/").replace(/^\/log\//, ""))),
        );
        res.writeHead(200).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("verifies a log served by a static file server", async () => {
    const run = await runCli(["log", "verify", "--url", base, "--vkey", vkey]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("size 513");
  });

  it("fails when the server is missing a tile", async () => {
    await rm(join(site, "tile/0/001"));
    const run = await runCli(["log", "verify", "--url", base, "--vkey", vkey]);
    expect(run.code).toBe(4);
  });
});
