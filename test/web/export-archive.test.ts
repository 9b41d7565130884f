/**
 * Reading a member export in the browser (web/src/archive): the ZIP reader against archives the
 * server's own writer makes (src/store/archive/zip-writer.ts), its refusals of cut, changed or unsafe
 * archives, and the export check: a manifest signed by the space's log key, every file's SHA-256 and
 * every receipt of log/events.json, refusing a changed file, a changed manifest, a note signed by
 * another key, and receipts signed by another key or for another entry.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../../src/log/encoding/base64.js";
import { leafHash } from "../../src/log/merkle/hash.js";
import { generateKeyPair, signerFromKey, signNote } from "../../src/log/note/index.js";
import {
  batchPath,
  batchTree,
  formatEntryReceipt,
  signReceiptBatch,
} from "../../src/log/receipt/index.js";
import { createZipWriter } from "../../src/store/archive/zip-writer.js";
import { openExport } from "../../web/src/archive/open-export.js";
import { ArchiveError, readZip } from "../../web/src/archive/zip-reader.js";

async function zipOf(
  files: readonly (readonly [string, string | Uint8Array])[],
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const zip = createZipWriter(
    { write: async (b) => void chunks.push(b.slice()) },
    { modified: new Date(0) },
  );
  for (const [name, content] of files) {
    const entry = await zip.entry(name);
    await entry.write(content);
    await entry.close();
  }
  await zip.finish();
  return new Uint8Array(Buffer.concat(chunks));
}

const sha = (b: string | Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("ZIP reader", () => {
  it("reads back what the server's writer wrote", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.tuple(
            fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.json$/),
            fc.string({ maxLength: 3000 }),
          ),
          {
            selector: ([name]) => name,
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (files) => {
          const entries = await readZip(await zipOf(files));
          expect(entries.map((e) => [e.name, new TextDecoder().decode(e.bytes)])).toEqual(files);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses an archive cut short, a changed data byte, and what is not a ZIP", async () => {
    const zip = await zipOf([
      ["data/a.json", JSON.stringify({ records: Array.from({ length: 200 }, (_, i) => i) })],
    ]);
    await expect(readZip(zip.subarray(0, zip.length - 10))).rejects.toBeInstanceOf(ArchiveError);
    const bent = zip.slice();
    bent[60] = (bent[60] as number) ^ 0xff;
    await expect(readZip(bent)).rejects.toBeInstanceOf(ArchiveError);
    await expect(readZip(new TextEncoder().encode("not a zip at all, just text"))).rejects.toThrow(
      /not a ZIP/,
    );
  });

  it("refuses unsafe names", async () => {
    for (const name of ["../escape.json", "a/./b.json"]) {
      const zip = await zipOf([["placeholder.json", "{}"]]);
      // Rename in place (same length) in the local header and the central directory.
      const text = Buffer.from(zip);
      const fake = Buffer.from(name.padEnd("placeholder.json".length, "x").slice(0, 16));
      let at = text.indexOf("placeholder.json");
      while (at !== -1) {
        fake.copy(text, at);
        at = text.indexOf("placeholder.json", at + 1);
      }
      await expect(readZip(new Uint8Array(text))).rejects.toThrow(/unsafe entry name/);
    }
  });
});

describe("export check", () => {
  const log = generateKeyPair("trust.example.com/spaces/stays");
  const member = "Z9kmInGGka-M7lnHHeo3Gg";
  const data = JSON.stringify({
    title: "Your reviews",
    description: "What you wrote",
    records: [{ id: "r1", overall: 5 }],
  });

  async function exportZip(
    options: { data?: string; signer?: string; manifestExtra?: string; events?: string } = {},
  ) {
    const events = options.events;
    const files = [
      { path: "data/reviews.json", sha256: sha(data), bytes: data.length, records: 1 },
    ];
    if (events !== undefined) {
      files.push({
        path: "log/events.json",
        sha256: sha(events),
        bytes: events.length,
        records: 1,
      });
    }
    const manifest = `${JSON.stringify({
      format: "fabrique-member-export/v1",
      space: "stays",
      member,
      scope: "full",
      generatedAt: "2026-11-29T17:00:00.000Z",
      files,
    })}${options.manifestExtra ?? ""}`;
    const note = `fabrique-export/v1\n${log.verifierKey.split("+")[0]}\n${member}\n${sha(manifest)}\n`;
    const sig = signNote(note, [signerFromKey(options.signer ?? log.signerKey)]);
    return zipOf([
      ["manifest.json", manifest],
      ["manifest.sig", sig],
      ["data/reviews.json", options.data ?? data],
      ...(events === undefined ? [] : [["log/events.json", events] as [string, string]]),
    ]);
  }

  /** log/events.json with the v2 receipts of entries 40–44 (one batch), under `signer`. */
  function eventsWithReceipts(signer = log.signerKey, claimedIndex?: number): string {
    const origin = log.verifierKey.split("+")[0] as string;
    const leaves = [40, 41, 42, 43, 44].map((i) =>
      leafHash(new TextEncoder().encode(`entry ${i}`)),
    );
    const tree = batchTree(leaves);
    const batch = { origin, first: 40, size: 5, root: tree.root, time: 1_764_000_000_000 };
    const signed = signReceiptBatch(batch, signerFromKey(signer));
    const records = leaves.map((leaf, i) => ({
      logIndex: claimedIndex ?? 40 + i,
      leafHash: encodeBase64(leaf),
      receipt: formatEntryReceipt(
        { index: 40 + i, leafHash: leaf, path: batchPath(tree, i) },
        signed,
      ),
    }));
    return JSON.stringify({ title: "Your log entries", description: "", records });
  }

  it("checks every receipt of log/events.json with the log key, one signature per batch", async () => {
    const opened = await openExport(
      await exportZip({ events: eventsWithReceipts() }),
      log.verifierKey,
    );
    expect(opened.verifiedReceipts).toBe(5);
    const other = generateKeyPair("trust.example.com/spaces/stays");
    await expect(
      openExport(await exportZip({ events: eventsWithReceipts(other.signerKey) }), log.verifierKey),
    ).rejects.toThrow();
    await expect(
      openExport(
        await exportZip({ events: eventsWithReceipts(log.signerKey, 7) }),
        log.verifierKey,
      ),
    ).rejects.toThrow(/another entry/);
  });

  it("opens a signed export and reads its files", async () => {
    const opened = await openExport(await exportZip(), log.verifierKey);
    expect(opened.member).toBe(member);
    expect(opened.verifiedFiles).toBe(1);
    expect(opened.files).toEqual([
      {
        path: "data/reviews.json",
        title: "Your reviews",
        description: "What you wrote",
        records: [{ id: "r1", overall: 5 }],
      },
    ]);
  });

  it("refuses a changed file, a changed manifest, and another key's signature", async () => {
    await expect(
      openExport(
        await exportZip({ data: data.replace('"overall":5', '"overall":1') }),
        log.verifierKey,
      ),
    ).rejects.toThrow(/not the file the manifest lists/);
    const other = generateKeyPair("trust.example.com/spaces/stays");
    await expect(
      openExport(await exportZip({ signer: other.signerKey }), log.verifierKey),
    ).rejects.toThrow();
    const zip = await exportZip();
    const entries = await readZip(zip);
    const manifest = new TextDecoder().decode(entries[0]?.bytes);
    const changed = await zipOf([
      ["manifest.json", `${manifest} `],
      ["manifest.sig", new TextDecoder().decode(entries[1]?.bytes)],
      ["data/reviews.json", data],
    ]);
    await expect(openExport(changed, log.verifierKey)).rejects.toThrow(
      /not the manifest the note signs/,
    );
  });
});
