/**
 * Durable, atomic file replacement for state that must survive a crash exactly as it was promised: a
 * witness's latest cosigned checkpoint (c2sp.org/tlog-witness: "The witness MUST persist the new
 * checkpoint before responding") and a monitor's verified history. The recipe is the classic one:
 * write a temporary file in the same directory, fsync it, rename it over the target, fsync the
 * directory (so that the rename itself is on disk, not only the data).
 */
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { LogError } from "../log/errors.js";

/**
 * Replaces `path` with `bytes` so that after a crash the file holds either the old or the new content,
 * and once the promise resolves the new content is on disk.
 *
 * @example await writeFileDurably("state/logs/abc.json", JSON.stringify(state))
 */
export async function writeFileDurably(
  path: string,
  bytes: Uint8Array | string,
  options: { readonly mode?: number } = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${uniqueSuffix()}.tmp`);
  const handle = await open(tmp, "wx", options.mode ?? 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Reads a file of at most `limit` bytes, or returns undefined when it does not exist. A larger file
 * throws LogError("too-large"): state files are ours, so an oversized one was tampered with.
 *
 * @example const text = await readSmallFile("state/checkpoint", 1 << 20)
 */
export async function readSmallFile(path: string, limit: number): Promise<Uint8Array | undefined> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (size > limit) throw new LogError("too-large", `${path} is larger than ${limit} bytes`);
  return new Uint8Array(await readFile(path));
}

// Some platforms (Windows) cannot open a directory for fsync; there the rename is as durable as the OS
// makes it, and nothing more can be done.
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL") throw error;
  } finally {
    await handle?.close();
  }
}

let counter = 0;
function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter.toString(36)}`;
}
