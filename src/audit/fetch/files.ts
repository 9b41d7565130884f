/**
 * File-system helpers for a static log directory. Writes are atomic (write a temporary file, then rename),
 * so a reader or a crash never sees half a tile or half a checkpoint.
 */
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { LogError } from "../../log/errors.js";

/**
 * Writes `bytes` to `path` atomically: a crash leaves either the old file or the new one.
 * With `durable`, the data is fsynced before the rename (used for the checkpoint, written last).
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array | string,
  options: { mode?: number; durable?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const handle = await open(tmp, "w", options.mode ?? 0o644);
  try {
    await handle.writeFile(bytes);
    if (options.durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Reads a file of at most `limit` bytes, or returns undefined when it does not exist. */
export async function readFileIfExists(
  path: string,
  limit: number,
): Promise<Uint8Array | undefined> {
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
