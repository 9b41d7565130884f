/**
 * The master key that seals space signing keys (key-vault.ts). A production deployment sets
 * FABRIQUE_MASTER_KEY (config.ts). For the embedded default only, a key is generated on first run into the
 * data folder as `master.key` (mode 0600): zero set-up, at the price that whoever can read the data folder
 * can open the space keys, so back it up with the database and keep the folder private.
 */
import { constants } from "node:fs";
import { link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "../../log/crypto.js";
import { decodeBase64Strict, encodeBase64 } from "../../log/encoding/base64.js";
import type { MasterKeySource } from "../config.js";
import { StoreError } from "../errors.js";

/** AES-256 keys are 32 bytes. */
export const MASTER_KEY_BYTES = 32;

/** The generated key's file name inside the data folder. */
export const MASTER_KEY_FILE = "master.key";

/** The most bytes read from a key file: 44 characters of base64, a newline, some slack. */
const MAX_KEY_FILE_BYTES = 128;

/**
 * The master key of a configuration: the environment's, or the key file's (generated on first use).
 *
 * @example const vault = createKeyVault(await resolveMasterKey(config.masterKey))
 */
export async function resolveMasterKey(source: MasterKeySource): Promise<Uint8Array> {
  switch (source.kind) {
    case "env":
      return source.key;
    case "file":
      return loadOrCreateMasterKeyFile(source.path);
  }
}

/**
 * Reads the key file at `path`, or creates it with 32 fresh random bytes when absent. Creation is atomic
 * and durable (a complete, fsynced temporary file is hard-linked into place), so two processes starting
 * together agree on one key and a power loss never leaves a truncated key behind keys sealed under it.
 *
 * @example const key = await loadOrCreateMasterKeyFile("./data/master.key")
 */
export async function loadOrCreateMasterKeyFile(path: string): Promise<Uint8Array> {
  const existing = await readKeyFile(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await createKeyFile(path);
  return (await readKeyFile(path)) as Uint8Array;
}

/** Parser of untrusted bytes: at most 128 bytes, strict padded base64 of exactly 32 bytes, one line. */
async function readKeyFile(path: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    await requirePrivateFile(path);
    const bytes = await readFile(path);
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      throw new StoreError("invalid-config", `master key file ${path} is not a key (too large)`);
    }
    text = bytes.toString("utf8").replace(/\r?\n$/, "");
  } catch (e) {
    if (isNodeError(e, "ENOENT")) return undefined;
    if (e instanceof StoreError) throw e;
    throw new StoreError("invalid-config", `cannot read master key file ${path}`, { cause: e });
  }
  let key: Uint8Array;
  try {
    key = decodeBase64Strict(text, "master key file");
  } catch (cause) {
    throw new StoreError("invalid-config", `master key file ${path} is not base64`, { cause });
  }
  if (key.length !== MASTER_KEY_BYTES) {
    throw new StoreError("invalid-config", `master key file ${path} does not hold 32 bytes`);
  }
  return key;
}

/** Like ssh with private keys: a key file others can read is refused rather than silently used. */
async function requirePrivateFile(path: string): Promise<void> {
  const { mode } = await stat(path);
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new StoreError(
      "invalid-config",
      `master key file ${path} is accessible to other users; run: chmod 600 ${path}`,
    );
  }
}

async function createKeyFile(path: string): Promise<void> {
  // A name of its own per attempt: concurrent first runs (in one process or several) never share it.
  const temporary = `${path}.${Buffer.from(randomBytes(8)).toString("hex")}.tmp`;
  const file = await open(
    temporary,
    constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
    0o600,
  );
  try {
    await file.writeFile(`${encodeBase64(randomBytes(MASTER_KEY_BYTES))}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temporary, path);
  } catch (e) {
    // Another process created the key first: keep theirs (readKeyFile reads it next).
    if (!isNodeError(e, "EEXIST")) throw e;
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dirname(path));
}

/** The new directory entry is durable only once the directory itself is fsynced (POSIX). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNodeError(e: unknown, code: string): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === code;
}
