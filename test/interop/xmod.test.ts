/**
 * Interop: Fabrique's static log (C2SP tlog-checkpoint + tlog-tiles) against an independent
 * implementation, Go's golang.org/x/mod sumdb/note and sumdb/tlog (test/interop/xmod, built once here).
 *
 * One direction: a log written by `fabrique log append` (two appends, empty lines, a 65,535-byte line)
 * passes the Go verifier, old checkpoint included; the same entries written the Go way give byte-identical
 * tiles, bundles and checkpoint; and one flipped byte in a tile, a bundle or the signature, or a forked
 * old checkpoint, makes the Go verifier fail. The other direction: a log written by Go (tlog.StoredHashes,
 * tlog.ReadTileData, note.Sign, a note.GenerateKey key) passes `fabrique log verify`, and a tampered
 * copy does not.
 *
 * Skipped, with the reason in the suite's title, where `go` or Debian's x/mod sources are absent
 * (.ci/run installs golang-go and golang-golang-x-mod-dev).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { buildXmod, runXmod, xmodUnavailable } from "./xmod-program.js";

const unavailable = xmodUnavailable();
const title = "x/mod sumdb/note + sumdb/tlog interop";

const ORIGIN = "interop.example/fabrique-log";
const KEY_BASE = "interop.example_fabrique-log";
const GO_ORIGIN = "interop.example/go-log";
const GO_KEY_BASE = "interop.example_go-log";

/** C2SP tlog-tiles: an entry is at most 65,535 bytes (its uint16 length prefix). */
const LONGEST_ENTRY = 65_535;

interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `fabrique ...args` in process. */
async function fabrique(...args: string[]): Promise<CliRun> {
  let out = "";
  let err = "";
  const io = {
    out: (text: string) => {
      out += text;
    },
    err: (text: string) => {
      err += text;
    },
    errIsTty: false,
    stdin: Readable.from([]),
  };
  const code = await main(["node", "fabrique", ...args], io);
  return { code, out, err };
}

/**
 * Entry lines `first..first+count-1`: mostly short text, every 97th line empty, one 65,535-byte line,
 * one ending in "\r" (kept: entries are bytes) and one in UTF-8 beyond ASCII.
 */
function entryLines(first: number, count: number): string {
  const lines: string[] = [];
  for (let i = first; i < first + count; i++) {
    if (i % 97 === 0) lines.push("");
    else if (i === 500) lines.push("L".repeat(LONGEST_ENTRY));
    else if (i === 501) lines.push(`entry ${i} with a carriage return\r`);
    else if (i === 502) lines.push(`entrée ${i} — ünïcödé`);
    else lines.push(`entry ${i} ${"x".repeat(i % 41)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Flips the low bit of byte `at` of a file (negative: from the end). */
async function flipByte(path: string, at: number): Promise<void> {
  const bytes = await readFile(path);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  await writeFile(path, bytes);
}

/** Flips one bit inside the Ed25519 signature (after the 4-byte key hash) of a note's last line. */
async function flipSignatureBit(checkpointPath: string): Promise<void> {
  const text = await readFile(checkpointPath, "utf8");
  const lines = text.split("\n");
  const sigLine = lines.length - 2; // the note ends with "\n"
  const [dash, name, b64] = (lines[sigLine] as string).split(" ");
  const sig = Buffer.from(b64 as string, "base64");
  sig[10] = (sig[10] as number) ^ 0x01;
  lines[sigLine] = [dash, name, sig.toString("base64")].join(" ");
  await writeFile(checkpointPath, lines.join("\n"));
}

/** Every file under `dir`, as slash-separated paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(unavailable !== undefined)(
  unavailable === undefined ? title : `${title} (skipped: ${unavailable})`,
  () => {
    let work: string;
    let xmod: string;
    let fabriqueLog: string;
    let oldCheckpoint: string;
    let allLines: string;

    const keys = () => join(work, "keys");
    const vkey = () => join(keys(), `${KEY_BASE}.vkey`);
    const skey = () => join(keys(), `${KEY_BASE}.key`);

    /** A fresh copy of the Fabrique-written log, to tamper with. */
    async function copyOfLog(name: string): Promise<string> {
      const copy = join(work, name);
      await cp(fabriqueLog, copy, { recursive: true });
      return copy;
    }

    function goVerify(dir: string, ...extra: string[]) {
      return runXmod(xmod, ["verify", "--dir", dir, "--vkey", vkey(), ...extra]);
    }

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), "fabrique-xmod-"));
      xmod = buildXmod(work);
      expect((await fabrique("log", "keygen", "--origin", ORIGIN, "--out", keys())).code).toBe(0);

      fabriqueLog = join(work, "log");
      const first = entryLines(0, 1000);
      const second = entryLines(1000, 600);
      allLines = first + second;
      await writeFile(join(work, "first.txt"), first);
      await writeFile(join(work, "second.txt"), second);
      const append = (file: string) =>
        fabrique("log", "append", "--dir", fabriqueLog, "--key", skey(), "--file", file);
      expect((await append(join(work, "first.txt"))).code).toBe(0);
      oldCheckpoint = join(work, "checkpoint-1000");
      await cp(join(fabriqueLog, "checkpoint"), oldCheckpoint);
      expect((await append(join(work, "second.txt"))).code).toBe(0);
    });

    afterAll(async () => {
      if (work !== undefined) await rm(work, { recursive: true, force: true });
    });

    describe("a log written by fabrique, checked by x/mod", () => {
      it("passes every check, consistency with the 1,000-entry checkpoint included", () => {
        const run = goVerify(fabriqueLog, "--old", oldCheckpoint);
        expect(run.stderr).toBe("");
        expect(run.stdout).toContain(`ok   checkpoint signature: ${ORIGIN} size 1600`);
        expect(run.stdout).toContain("ok   tree root:");
        expect(run.stdout).toContain("ok   entries: 1600 entries in 7 bundles");
        expect(run.stdout).toContain("ok   consistency: size 1000 → 1600");
        expect(run.stdout).not.toContain("FAIL");
        expect(run.status).toBe(0);
      });

      it("has the very bytes x/mod writes for the same entries and key", async () => {
        const goLog = join(work, "same-entries-go");
        await writeFile(join(work, "all.txt"), allLines);
        const write = runXmod(xmod, [
          "write",
          "--dir",
          goLog,
          "--skey",
          skey(),
          "--file",
          join(work, "all.txt"),
        ]);
        expect(write.status, write.stdout).toBe(0);
        // Ed25519 signatures are deterministic, so even the checkpoint is byte-identical. Fabrique keeps
        // the partial tiles of its first append (tile/0/003.p/232…) too; Go wrote only the final ones.
        const goFiles = await filesUnder(goLog);
        expect(goFiles).toContain("checkpoint");
        expect(goFiles).toContain("tile/1/000.p/6");
        expect(goFiles).toContain("tile/entries/006.p/64");
        for (const file of goFiles) {
          const ours = await readFile(join(fabriqueLog, file));
          expect(ours.equals(await readFile(join(goLog, file))), file).toBe(true);
        }
      });

      it.each([
        ["a level-0 tile", "tile/0/002", 77, "FAIL entries"],
        ["the level-1 tile", "tile/1/000.p/6", 40, "FAIL tree root"],
        ["an entry bundle", "tile/entries/004", -1, "FAIL entries"],
      ])("fails when one byte of %s flips (%s)", async (_what, file, at, failure) => {
        const copy = await copyOfLog(`flipped-${file.replaceAll("/", "_")}`);
        await flipByte(join(copy, file), at);
        const run = goVerify(copy);
        expect(run.stdout).toContain(failure);
        expect(run.status).toBe(1);
      });

      it("fails when one bit of the checkpoint signature flips", async () => {
        const copy = await copyOfLog("flipped-signature");
        await flipSignatureBit(join(copy, "checkpoint"));
        const run = goVerify(copy);
        expect(run.stdout).toMatch(/FAIL checkpoint signature: note\.Open: invalid signature/);
        expect(run.status).toBe(1);
      });

      it("fails consistency with a forked 1,000-entry checkpoint signed by the same key", async () => {
        const fork = join(work, "fork");
        const forkLines = entryLines(0, 1000).replace("entry 998 ", "entry 998 (forked) ");
        await writeFile(join(work, "fork.txt"), forkLines);
        const append = await fabrique(
          "log",
          "append",
          "--dir",
          fork,
          "--key",
          skey(),
          "--file",
          join(work, "fork.txt"),
        );
        expect(append.code).toBe(0);
        const run = goVerify(fabriqueLog, "--old", join(fork, "checkpoint"));
        expect(run.stdout).toContain("ok   old checkpoint signature: size 1000");
        expect(run.stdout).toContain("FAIL consistency:");
        expect(run.status).toBe(1);
      });
    });

    describe("a log written by x/mod, checked by fabrique", () => {
      let goLog: string;
      let goVkey: string;

      beforeAll(async () => {
        const goKeys = join(work, "go-keys");
        await mkdir(goKeys);
        const keygen = runXmod(xmod, ["keygen", "--name", GO_ORIGIN, "--out", goKeys]);
        expect(keygen.status, keygen.stdout).toBe(0);
        goVkey = join(goKeys, `${GO_KEY_BASE}.vkey`);
        goLog = join(work, "go-log");
        await writeFile(join(work, "go.txt"), entryLines(0, 700));
        const write = runXmod(xmod, [
          "write",
          "--dir",
          goLog,
          "--skey",
          join(goKeys, `${GO_KEY_BASE}.key`),
          "--file",
          join(work, "go.txt"),
        ]);
        expect(write.status, write.stdout).toBe(0);
      });

      async function copyOfGoLog(name: string): Promise<string> {
        const copy = join(work, name);
        await cp(goLog, copy, { recursive: true });
        return copy;
      }

      it("passes `fabrique log verify`", async () => {
        const run = await fabrique("log", "verify", "--dir", goLog, "--vkey", goVkey);
        expect(run.out).toContain(`OK: ${GO_ORIGIN} size 700`);
        expect(run.code).toBe(EXIT.ok);
      });

      it.each([
        ["a level-0 tile", "tile/0/001", 300],
        ["the level-1 tile", "tile/1/000.p/2", 3],
        ["an entry bundle", "tile/entries/002.p/188", -1],
      ])("fails `fabrique log verify` when one byte of %s flips (%s)", async (_what, file, at) => {
        const copy = await copyOfGoLog(`go-flipped-${file.replaceAll("/", "_")}`);
        await flipByte(join(copy, file), at);
        const run = await fabrique("log", "verify", "--dir", copy, "--vkey", goVkey);
        expect(run.out).not.toContain("OK:");
        expect(run.code).toBe(EXIT.verifyFailed);
      });

      it("fails `fabrique log verify` when one bit of the Go signature flips", async () => {
        const copy = await copyOfGoLog("go-flipped-signature");
        await flipSignatureBit(join(copy, "checkpoint"));
        const run = await fabrique("log", "verify", "--dir", copy, "--vkey", goVkey);
        expect(run.code).toBe(EXIT.verifyFailed);
      });
    });
  },
);
