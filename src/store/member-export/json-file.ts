/**
 * Writes one JSON file of an export into the archive as its records arrive: the header, then the
 * records one per line inside `"records": [ … ]`, then the closing brackets, so a file of any length
 * costs the memory of one buffered chunk. Records whose origin the export's scope leaves out are
 * skipped; the first lines about the kept records are returned for README.html.
 */
import type { ZipWriter } from "../archive/zip-writer.js";
import type { ExportFileSpec } from "./export-files.js";
import { schemaPath } from "./export-files.js";
import type { ManifestFile } from "./manifest.js";
import type { DataOrigin } from "./record-schemas.js";

/** Lines about a file's records kept for README.html. */
export const README_LINES = 50;

/** Bytes buffered before they go to the compressor. */
const CHUNK = 64 * 1024;

/** What every file's header says besides its own description. */
export interface FileHeader {
  readonly space: string;
  readonly member: string;
  /** What the records are read against (the policy, the checkpoint). */
  readonly context: Readonly<Record<string, unknown>>;
}

/** A written file: its manifest entry, and what README.html shows of it. */
export interface WrittenFile extends ManifestFile {
  readonly title: string;
  readonly description: string;
  readonly lines: readonly string[];
}

/**
 * Writes `spec`'s file with `records`, keeping those whose origin is in `keep`; null (nothing
 * written) when none of the file's origins is kept. `encode` turns a record into its one line of JSON
 * (JSON.stringify unless a file has a cheaper way, as log/events.json with its stored entries), or
 * into pieces of that line written one after the other (a piece shared by many lines is then written
 * as it is, not copied into each line's string first).
 *
 * @example await writeJsonFile(zip, REVIEWS_WRITTEN_FILE, header, reviews, new Set(["provided"]))
 */
export async function writeJsonFile<T extends { readonly dataOrigin: DataOrigin }>(
  zip: ZipWriter,
  spec: ExportFileSpec<T>,
  header: FileHeader,
  records: AsyncIterable<T> | Iterable<T>,
  keep: ReadonlySet<DataOrigin>,
  encode: (record: T) => string | readonly string[] = JSON.stringify,
): Promise<WrittenFile | null> {
  if (!spec.origins.some((o) => keep.has(o))) return null;
  const entry = await zip.entry(spec.path);
  const head = {
    $schema: schemaPath(spec.path),
    file: spec.path,
    title: spec.title,
    description: spec.description,
    space: header.space,
    member: header.member,
    context: header.context,
  };
  const out = chunkWriter((bytes) => entry.write(bytes));
  await out.add(`${JSON.stringify(head, null, 1).slice(0, -2)},\n "records": [`);
  let count = 0;
  const origins = new Set<DataOrigin>();
  const lines: string[] = [];
  for await (const record of records) {
    if (!keep.has(record.dataOrigin)) continue;
    // add answers a promise only when a chunk goes out: most lines cost no await.
    const sent = out.add(count === 0 ? "\n  " : ",\n  ");
    if (sent !== undefined) await sent;
    const line = encode(record);
    if (typeof line === "string") {
      const sentLine = out.add(line);
      if (sentLine !== undefined) await sentLine;
    } else {
      for (const piece of line) {
        const sentPiece = out.add(piece);
        if (sentPiece !== undefined) await sentPiece;
      }
    }
    count++;
    origins.add(record.dataOrigin);
    if (lines.length < README_LINES) lines.push(spec.line(record));
  }
  await out.add(`${count === 0 ? "" : "\n "}]\n}\n`);
  await out.flush();
  const info = await entry.close();
  return {
    path: spec.path,
    sha256: info.sha256,
    bytes: info.size,
    records: count,
    dataOrigins: spec.origins.filter((o) => origins.has(o)),
    schema: schemaPath(spec.path),
    title: spec.title,
    description: spec.description,
    lines,
  };
}

/**
 * Text encoded as UTF-8 straight into CHUNK-sized buffers, each handed on when full: no long string is
 * built and converted as a whole (concatenating a file's lines and Buffer.from on each 64 KiB cost more
 * than deflating them: docs/benchmarks.md, "Member export"). A buffer handed on is never written again.
 */
function chunkWriter(write: (bytes: Uint8Array) => Promise<void>) {
  let chunk = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const full = chunk.subarray(0, used);
    chunk = Buffer.allocUnsafe(CHUNK);
    used = 0;
    await write(full);
  };
  const sendThen = async (text: string) => {
    await flush();
    if (text.length * 3 > CHUNK) await write(Buffer.from(text, "utf8"));
    else used += chunk.write(text, used, "utf8");
  };
  return {
    /** Adds `text`; a promise when a chunk had to go out first (await it), else undefined. */
    add(text: string): Promise<void> | undefined {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair: 4 for 2 units).
      if (used + text.length * 3 > CHUNK) return sendThen(text);
      used += chunk.write(text, used, "utf8");
      return undefined;
    },
    flush,
  };
}

/**
 * Writes a small file whole (the checkpoint, a schema, README.html) and returns its manifest entry.
 *
 * @example await writeWholeFile(zip, "log/checkpoint", checkpoint.note)
 */
export async function writeWholeFile(
  zip: ZipWriter,
  path: string,
  content: string,
): Promise<ManifestFile> {
  const entry = await zip.entry(path);
  await entry.write(content);
  const info = await entry.close();
  return {
    path,
    sha256: info.sha256,
    bytes: info.size,
    records: null,
    dataOrigins: [],
    schema: null,
  };
}
