/**
 * A member export opened in the browser and checked as anyone may check it offline (src/store/
 * member-export/manifest.ts): manifest.sig is a signed note by the space's log key (opened by src/log,
 * Ed25519 by WebCrypto) saying "fabrique-export/v1", the log's origin, the member and the SHA-256 of
 * manifest.json; every file the manifest lists must have the SHA-256 it says. Every receipt in
 * log/events.json must open with the same key (src/log/receipt: v2, the entry's audit path under its
 * batch's signed note, or v1) and state the record's index and leaf hash; receipts of one batch share
 * one note, so WebCrypto checks one signature per batch. Then the JSON data files are read for people:
 * title, description, records.
 */
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import {
  type NoteVerifier,
  openNote,
  parseVerifierKey,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import { openReceipt } from "../../../src/log/receipt/index.js";
import { withWebCryptoSignatures } from "../platform/crypto.js";
import { sha256Bytes } from "../platform/sha256.js";
import { readZip, type ZipEntry } from "./zip-reader.js";

/** One data file, readable. */
export interface ExportFile {
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly records: readonly Readonly<Record<string, unknown>>[];
}

/** What opening an export established. */
export interface OpenedExport {
  readonly member: string;
  readonly generatedAt: string;
  readonly scope: string;
  /** Files the manifest lists whose SHA-256 matched (all of them, or opening throws). */
  readonly verifiedFiles: number;
  /** Receipts in log/events.json that opened with the log key for their record (all, or it throws). */
  readonly verifiedReceipts: number;
  readonly files: readonly ExportFile[];
}

const HEADER = "fabrique-export/v1";

/**
 * Opens `zip` (an export of the space whose log key is `verifierKey`); throws saying what did not check.
 *
 * @example const opened = await openExport(bytes, await getLogKey(space))
 */
export async function openExport(zip: Uint8Array, verifierKey: string): Promise<OpenedExport> {
  const entries = await readZip(zip);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestBytes = required(byName, "manifest.json").bytes;
  const signature = new TextDecoder().decode(required(byName, "manifest.sig").bytes);
  const key = parseVerifierKey(verifierKey.trim());
  const note = await withWebCryptoSignatures(() => openNote(signature, [verifierFromKey(key)]));
  const lines = note.text.endsWith("\n") ? note.text.slice(0, -1).split("\n") : [];
  const [header, origin, member = "", digest] = lines;
  if (lines.length !== 4 || header !== HEADER || origin !== key.name) {
    throw new Error("manifest.sig is not this space's export note");
  }
  if (hex(sha256Bytes(manifestBytes)) !== digest)
    throw new Error("manifest.json is not the manifest the note signs");
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as {
    readonly generatedAt: string;
    readonly scope: string;
    readonly files: readonly {
      readonly path: string;
      readonly sha256: string;
      readonly records: number | null;
    }[];
  };
  for (const f of manifest.files) {
    const entry = required(byName, f.path);
    if (hex(sha256Bytes(entry.bytes)) !== f.sha256)
      throw new Error(`${f.path} is not the file the manifest lists`);
  }
  const files = manifest.files
    .filter((f) => f.records !== null)
    .map((f) => dataFile(required(byName, f.path)));
  const events = files.find((f) => f.path === EVENTS)?.records ?? [];
  const verifiedReceipts = await checkReceipts(events, verifierFromKey(key));
  return {
    member,
    generatedAt: manifest.generatedAt,
    scope: manifest.scope,
    verifiedFiles: manifest.files.length,
    verifiedReceipts,
    files,
  };
}

const EVENTS = "log/events.json";

/** Opens every record's receipt; throws naming the first that does not check. Returns how many. */
async function checkReceipts(
  records: readonly Readonly<Record<string, unknown>>[],
  logVerifier: NoteVerifier,
): Promise<number> {
  const kept = records.filter((r) => typeof r.receipt === "string");
  // One receipt a pass: a pass stops at the first signature WebCrypto has not answered yet, and the
  // answers are kept, so the other receipts of a batch open at once.
  for (const r of kept) {
    const { receipt } = await withWebCryptoSignatures(() =>
      openReceipt(r.receipt as string, { logVerifier }),
    );
    if (receipt.index !== r.logIndex || encodeBase64(receipt.leafHash) !== r.leafHash) {
      throw new Error(`the receipt of log entry ${String(r.logIndex)} is for another entry`);
    }
  }
  return kept.length;
}

function dataFile(entry: ZipEntry): ExportFile {
  const json = JSON.parse(new TextDecoder().decode(entry.bytes)) as {
    readonly title?: unknown;
    readonly description?: unknown;
    readonly records?: unknown;
  };
  return {
    path: entry.name,
    title: typeof json.title === "string" ? json.title : entry.name,
    description: typeof json.description === "string" ? json.description : "",
    records: Array.isArray(json.records) ? (json.records as Record<string, unknown>[]) : [],
  };
}

function required(byName: ReadonlyMap<string, ZipEntry>, name: string): ZipEntry {
  const entry = byName.get(name);
  if (entry === undefined) throw new Error(`the archive has no ${name}`);
  return entry;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
