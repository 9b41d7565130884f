/**
 * A streaming ZIP writer (PKWARE APPNOTE.TXT 6.3.10), small enough to read in one sitting, so that an
 * export never holds an archive in memory and Fabrique needs no archiving dependency.
 *
 * Layout: per entry a local file header (§4.3.7) with general purpose bit 3 set (CRC and sizes follow the
 * data in a data descriptor, §4.3.9: they are unknown until the entry has streamed) and bit 11 (the name
 * is UTF-8, Appendix D.2), the data deflated (method 8, RFC 1951 raw deflate from node:zlib), then the
 * data descriptor; after the last entry, the central directory (§4.3.12) and the end of central directory
 * record (§4.3.16). CRC-32 comes from zlib.crc32 (Node ≥ 20.15), SHA-256 of each entry's content is
 * computed on the way for manifests.
 *
 * Limits: no ZIP64 (§4.3.14). An entry's sizes, every offset and the directory stay below 2^32 − 1
 * bytes, at most 65,535 entries, names at most 1,024 UTF-8 bytes; going beyond throws RangeError before
 * anything false is written. Names are relative paths with "/" separators (§4.4.17.1): no leading "/",
 * no "\", no "." or ".." segment, no control character.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { TransformOptions, Writable } from "node:stream";
import { crc32, createDeflateRaw, type ZlibOptions } from "node:zlib";

/** Where archive bytes go; `write` resolves once the bytes may be followed by more (backpressure). */
export interface ZipSink {
  write(bytes: Uint8Array): Promise<void>;
}

/** What the writer knows about an entry once it is closed. */
export interface ZipEntryInfo {
  readonly name: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  readonly compressedSize: number;
  readonly crc32: number;
  /** SHA-256 of the uncompressed content, lowercase hex. */
  readonly sha256: string;
}

/** One entry being written: write its content, then close it before starting the next. */
export interface ZipEntryWriter {
  write(content: string | Uint8Array): Promise<void>;
  close(): Promise<ZipEntryInfo>;
}

/** An archive being written. */
export interface ZipWriter {
  /** Starts an entry named `name`; throws while another entry is open. */
  entry(name: string): Promise<ZipEntryWriter>;
  /** Writes the central directory and end record; returns the archive's size in bytes. */
  finish(): Promise<number>;
}

/** Options of a writer. */
export interface ZipOptions {
  /** The modification time of every entry (DOS time has 2-second precision; UTC fields are used). */
  readonly modified: Date;
  /** zlib level, 1 (fast) to 9 (small); default 6. */
  readonly level?: number;
}

/** Most entries without ZIP64. */
export const MAX_ZIP_ENTRIES = 0xffff;
/** Largest size or offset without ZIP64 (0xFFFFFFFF itself means "see ZIP64"). */
export const MAX_ZIP_BYTES = 0xfffffffe;
/** Longest entry name, in UTF-8 bytes. */
export const MAX_ZIP_NAME_BYTES = 1024;

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate and data descriptors (§4.4.3.2)
const VERSION_MADE_BY = (3 << 8) | 63; // UNIX (§4.4.2.2), APPNOTE 6.3
const FLAGS = (1 << 3) | (1 << 11); // data descriptor, UTF-8 names
const DEFLATE = 8;
const REGULAR_FILE_MODE = 0o100644; // rw-r--r--, in the high 16 bits of the external attributes
/** Uncompressed bytes an entry queues for the compressor before a write waits for it. */
const DEFLATE_QUEUE = 512 * 1024;

interface CentralRecord extends ZipEntryInfo {
  readonly nameBytes: Uint8Array;
  readonly offset: number;
}

/**
 * A ZIP writer over `sink`.
 *
 * @example
 * const zip = createZipWriter(writableSink(file), { modified: new Date() })
 * const e = await zip.entry("hello.txt"); await e.write("hello\n"); await e.close()
 * await zip.finish()
 */
export function createZipWriter(sink: ZipSink, options: ZipOptions): ZipWriter {
  const { time, date } = dosDateTime(options.modified);
  const level = options.level ?? 6;
  const records: CentralRecord[] = [];
  let written = 0;
  let open = false;
  let finished = false;

  const emit = async (bytes: Uint8Array) => {
    written += bytes.length;
    if (written > MAX_ZIP_BYTES) throw new RangeError("a ZIP archive without ZIP64 stays < 4 GiB");
    await sink.write(bytes);
  };

  return {
    async entry(name) {
      if (open || finished) throw new Error("a ZIP entry is open or the archive is finished");
      if (records.length >= MAX_ZIP_ENTRIES) throw new RangeError("too many ZIP entries");
      const nameBytes = entryName(name);
      open = true;
      const offset = written;
      await emit(localHeader(nameBytes, time, date));
      return deflatedEntry(name, level, emit, (info) => {
        records.push({ ...info, nameBytes, offset });
        open = false;
      });
    },
    async finish() {
      if (open || finished) throw new Error("a ZIP entry is open or the archive is finished");
      finished = true;
      const start = written;
      for (const r of records) await emit(centralHeader(r, time, date));
      await emit(endOfDirectory(records.length, written - start, start));
      return written;
    },
  };
}

/**
 * A sink writing to a Node stream, waiting for 'drain' when its buffer is full; a stream that closes
 * or fails first makes the write reject (a client that went away stops the export).
 *
 * @example const zip = createZipWriter(writableSink(reply.raw), { modified: new Date() })
 */
export function writableSink(out: Writable): ZipSink {
  return {
    async write(bytes) {
      if (out.destroyed || out.writableEnded) throw new Error("the archive's output is closed");
      if (out.write(bytes)) return;
      const waiting = new AbortController(); // removes the listener that lost the race
      const closed = once(out, "close", { signal: waiting.signal }).then(() => {
        throw new Error("the archive's output closed");
      });
      try {
        await Promise.race([once(out, "drain", { signal: waiting.signal }), closed]);
      } finally {
        waiting.abort();
      }
    },
  };
}

function deflatedEntry(
  name: string,
  level: number,
  emit: (bytes: Uint8Array) => Promise<void>,
  done: (info: ZipEntryInfo) => void,
): ZipEntryWriter {
  // Room for a few chunks ahead: the writer fills the next one while zlib deflates the queued ones on
  // its thread pool. With the default 16 KiB every 64 KiB write waited for the compressor to drain, so
  // producing and compressing took turns on one core (commit message: export wall time).
  // node:zlib hands its options to the Transform it is (lib/zlib.js), which @types/node leaves out.
  const options: ZlibOptions & TransformOptions = { level, writableHighWaterMark: DEFLATE_QUEUE };
  const deflate = createDeflateRaw(options);
  const hash = createHash("sha256");
  let crc = 0;
  let size = 0;
  let compressedSize = 0;
  // Drains the compressor into the sink; for-await pauses the compressor while the sink is slow.
  const pumping = (async () => {
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      compressedSize += chunk.length;
      await emit(chunk);
    }
  })();
  pumping.catch(() => {}); // observed by write and close
  const failed = pumping.then(() => {
    throw new Error("the compressor stopped early");
  });
  failed.catch(() => {});

  return {
    async write(content) {
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      if (bytes.length === 0) return;
      crc = crc32(bytes, crc);
      hash.update(bytes);
      size += bytes.length;
      if (size > MAX_ZIP_BYTES) throw new RangeError(`ZIP entry ${name} would reach 4 GiB`);
      if (!deflate.write(bytes)) await Promise.race([once(deflate, "drain"), failed]);
    },
    async close() {
      deflate.end();
      await pumping;
      const info = { name, size, compressedSize, crc32: crc, sha256: hash.digest("hex") };
      await emit(dataDescriptor(info));
      done(info);
      return info;
    },
  };
}

/** §4.4.17.1: a relative path with forward slashes; refused otherwise (never rewritten silently). */
function entryName(name: string): Uint8Array {
  const bad =
    name.length === 0 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) ||
    name.split("/").some((s) => s === "" || s === "." || s === "..");
  if (bad) throw new RangeError(`"${name}" is not a relative ZIP entry path`);
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > MAX_ZIP_NAME_BYTES) throw new RangeError(`ZIP entry name too long: ${name}`);
  return bytes;
}

/** §4.3.7; CRC and sizes are zero here and follow in the data descriptor (bit 3). */
function localHeader(name: Uint8Array, time: number, date: number): Uint8Array {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  b.writeUInt16LE(VERSION_NEEDED, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(DEFLATE, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // 14: crc-32, 18: compressed size, 22: uncompressed size: all zero (bit 3)
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28); // extra field length
  return Buffer.concat([b, name]);
}

/** §4.3.9, with the optional signature most readers expect. */
function dataDescriptor(info: ZipEntryInfo): Uint8Array {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(DATA_DESCRIPTOR, 0);
  b.writeUInt32LE(info.crc32, 4);
  b.writeUInt32LE(info.compressedSize, 8);
  b.writeUInt32LE(info.size, 12);
  return b;
}

/** §4.3.12. */
function centralHeader(r: CentralRecord, time: number, date: number): Uint8Array {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  b.writeUInt16LE(VERSION_MADE_BY, 4);
  b.writeUInt16LE(VERSION_NEEDED, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(DEFLATE, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(r.crc32, 16);
  b.writeUInt32LE(r.compressedSize, 20);
  b.writeUInt32LE(r.size, 24);
  b.writeUInt16LE(r.nameBytes.length, 28);
  // 30: extra length, 32: comment length, 34: disk number, 36: internal attributes: zero
  b.writeUInt32LE(REGULAR_FILE_MODE * 0x10000, 38); // external attributes (§4.4.15)
  b.writeUInt32LE(r.offset, 42);
  return Buffer.concat([b, r.nameBytes]);
}

/** §4.3.16, on a single disk, without a comment. */
function endOfDirectory(entries: number, size: number, offset: number): Uint8Array {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(END_OF_DIRECTORY, 0);
  // 4: this disk, 6: disk with the directory: zero
  b.writeUInt16LE(entries, 8);
  b.writeUInt16LE(entries, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  b.writeUInt16LE(0, 20);
  return b;
}

/** MS-DOS date and time (§4.4.6), from the UTC fields; years before 1980 are clamped to 1980. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
