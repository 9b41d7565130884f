/**
 * Reading a ZIP archive in the browser (PKWARE APPNOTE.TXT 6.3.10): the end of central directory record
 * (§4.3.16), the central directory (§4.3.12), each entry's local header (§4.3.7) and its data, stored
 * (method 0) or deflated (method 8, inflated by the browser's DecompressionStream "deflate-raw"). Enough
 * for a member export (src/store/archive/zip-writer.ts writes it), which the page then verifies against
 * its signed manifest; CRC-32 is not checked, SHA-256 against the manifest is.
 *
 * Parser of untrusted bytes: at most MAX_ARCHIVE_BYTES in, MAX_ENTRIES entries, names of at most 1,024
 * UTF-8 bytes without "..", ".", a leading "/" or "\", each entry at most MAX_ENTRY_BYTES inflated and
 * all of them MAX_TOTAL_BYTES; no ZIP64, no encryption, no multi-disk archive. Every refusal is an
 * ArchiveError saying which rule.
 */

export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;

/** A ZIP the page refuses, and why. */
export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
}

/** An entry's name and its content, inflated. */
export interface ZipEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Every entry of `zip`, in central directory order.
 *
 * @example const entries = await readZip(new Uint8Array(await blob.arrayBuffer()))
 */
export async function readZip(zip: Uint8Array): Promise<ZipEntry[]> {
  if (zip.length > MAX_ARCHIVE_BYTES) fail(`the archive is over ${MAX_ARCHIVE_BYTES} bytes`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEnd(view);
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0)
    fail("multi-disk archives are not read");
  if (count > MAX_ENTRIES) fail(`more than ${MAX_ENTRIES} entries`);
  if (dirOffset + dirSize > end) fail("the central directory runs past its end record");
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL)
      fail(`central directory entry ${i} is malformed`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const next =
      at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (next > end) fail(`central directory entry ${i} runs past the directory`);
    if ((flags & 0x1) !== 0) fail("encrypted entries are not read");
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff)
      fail("ZIP64 is not read");
    const name = nameOf(zip.subarray(at + 46, at + 46 + nameLength));
    if (names.has(name)) fail(`${name} appears twice`);
    names.add(name);
    if (size > MAX_ENTRY_BYTES) fail(`${name} inflates to more than ${MAX_ENTRY_BYTES} bytes`);
    total += size;
    if (total > MAX_TOTAL_BYTES) fail(`the entries inflate to more than ${MAX_TOTAL_BYTES} bytes`);
    const data = dataOf(zip, view, local, compressed, name, dirOffset);
    entries.push({ name, bytes: await inflate(data, method, size, name) });
    at = next;
  }
  return entries;
}

function findEnd(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (
      view.getUint32(at, true) === EOCD &&
      at + 22 + view.getUint16(at + 20, true) === view.byteLength
    )
      return at;
  }
  return fail("no end of central directory record: not a ZIP archive, or cut short");
}

function dataOf(
  zip: Uint8Array,
  view: DataView,
  local: number,
  compressed: number,
  name: string,
  limit: number,
): Uint8Array {
  if (local + 30 > limit || view.getUint32(local, true) !== LOCAL)
    fail(`${name}: no local header where the directory says`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + compressed > limit) fail(`${name}: its data runs past the central directory`);
  return zip.subarray(start, start + compressed);
}

async function inflate(
  data: Uint8Array,
  method: number,
  size: number,
  name: string,
): Promise<Uint8Array> {
  if (method === 0) {
    if (data.length !== size) fail(`${name}: stored size ${data.length}, directory says ${size}`);
    return data.slice();
  }
  if (method !== 8) fail(`${name}: compression method ${method} is not read`);
  const stream = new Blob([data.slice()])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  const out = new Uint8Array(size);
  let filled = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > size)
        fail(`${name}: inflates past the ${size} bytes the directory says`);
      out.set(value, filled);
      filled += value.length;
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    fail(`${name}: not valid deflate data`);
  } finally {
    reader.releaseLock();
  }
  if (filled !== size) fail(`${name}: inflates to ${filled} bytes, the directory says ${size}`);
  return out;
}

function nameOf(bytes: Uint8Array): string {
  if (bytes.length === 0 || bytes.length > 1024) fail("an entry name is empty or over 1,024 bytes");
  let name: string;
  try {
    name = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("an entry name is not UTF-8");
  }
  const segments = name.split("/");
  if (
    name.startsWith("/") ||
    name.includes("\\") ||
    [...name].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20) ||
    segments.some((s) => s === "." || s === "..")
  ) {
    fail(`unsafe entry name ${JSON.stringify(name.slice(0, 80))}`);
  }
  return name;
}

function fail(message: string): never {
  throw new ArchiveError(message);
}
