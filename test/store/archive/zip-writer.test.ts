/**
 * The streaming ZIP writer, checked by readers that are not ours: Python's zipfile (CRC-checked reads of
 * every entry) and Info-ZIP's `unzip -t`. Content is random and large enough to span many deflate
 * chunks and to make the sink apply backpressure.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZipWriter, writableSink } from "../../../src/store/archive/zip-writer.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fabrique-zip-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PYTHON_READ = `
import json, sys, zipfile, hashlib
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    out = []
    for info in z.infolist():
        data = z.read(info.filename)
        out.append({"name": info.filename, "size": info.file_size, "sha256": hashlib.sha256(data).hexdigest(),
                    "date": list(info.date_time), "mode": info.external_attr >> 16})
    print(json.dumps({"bad": bad, "entries": out}))
`;

async function writeArchive(
  path: string,
  entries: readonly (readonly [string, readonly Uint8Array[]])[],
) {
  const file = createWriteStream(path);
  const zip = createZipWriter(writableSink(file), {
    modified: new Date(Date.UTC(2025, 4, 17, 13, 45, 30)),
  });
  const infos = [];
  for (const [name, chunks] of entries) {
    const e = await zip.entry(name);
    for (const c of chunks) await e.write(c);
    infos.push(await e.close());
  }
  const size = await zip.finish();
  await new Promise<void>((resolve, reject) =>
    file.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  return { infos, size };
}

describe("zip writer", () => {
  it("writes archives that Python's zipfile and unzip read back byte for byte", async () => {
    const path = join(dir, "a.zip");
    const big = Array.from({ length: 40 }, () => randomBytes(64 * 1024)); // 2.5 MiB, incompressible
    const text = Array.from({ length: 2000 }, (_, i) =>
      Buffer.from(`line ${i} ${"é".repeat(i % 7)}\n`),
    );
    const entries = [
      ["README.html", [Buffer.from("<p>hello</p>")]],
      ["data/big.bin", big],
      ["data/text — ünïcode.txt", text],
      ["empty.json", []],
    ] as const;
    const { infos, size } = await writeArchive(path, entries);
    expect(size).toBe((await readFile(path)).length);

    const read = JSON.parse(execFileSync("python3", ["-c", PYTHON_READ, path]).toString());
    expect(read.bad).toBeNull();
    const expected = entries.map(([name, chunks]) => ({
      name,
      size: chunks.reduce((n, c) => n + c.length, 0),
      sha256: createHash("sha256").update(Buffer.concat(chunks)).digest("hex"),
      date: [2025, 5, 17, 13, 45, 30],
      mode: 0o100644,
    }));
    expect(read.entries).toEqual(expected);
    expect(infos.map((i) => ({ name: i.name, size: i.size, sha256: i.sha256 }))).toEqual(
      expected.map((e) => ({ name: e.name, size: e.size, sha256: e.sha256 })),
    );
    const test = execFileSync("unzip", ["-t", path]).toString();
    expect(test).toContain("No errors detected");
  });

  it("refuses names that are not relative paths, and a second open entry", async () => {
    const zip = createZipWriter(writableSink(new PassThrough().resume()), { modified: new Date() });
    for (const name of ["", "/etc/passwd", "a/../b", "a\\b", "./a", "a//b", "a\nb"]) {
      await expect(zip.entry(name)).rejects.toThrow(RangeError);
    }
    const e = await zip.entry("a.txt");
    await expect(zip.entry("b.txt")).rejects.toThrow(/open/);
    await e.close();
    await zip.finish();
    await expect(zip.entry("c.txt")).rejects.toThrow(/finished/);
  });

  it("stops with an error when its output closes mid-archive", async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const zip = createZipWriter(writableSink(out), { modified: new Date() });
    const e = await zip.entry("big.bin");
    setTimeout(() => out.destroy(), 10);
    const writing = (async () => {
      for (let i = 0; i < 1000; i++) await e.write(randomBytes(64 * 1024));
      await e.close();
    })();
    await expect(writing).rejects.toThrow();
  });
});
