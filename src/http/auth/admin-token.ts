/**
 * The platform bootstrap credential: the token that may create spaces (and manage any space's access
 * keys). A deployment sets FABRIQUE_ADMIN_TOKEN; the embedded default (SQLite in a data folder) generates
 * one on the first `serve` into `<data dir>/admin-token` (mode 0600) and prints where it is. With
 * PostgreSQL and no FABRIQUE_ADMIN_TOKEN there is no platform admin (there is no folder to keep one in,
 * and every replica must agree on it).
 */
import { timingSafeEqual } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes, sha256 } from "../../log/crypto.js";
import { ConfigError, isAdminTokenText } from "../config.js";

/** The generated token's file name in the data folder. */
export const ADMIN_TOKEN_FILE = "admin-token";

/** The most bytes read from the token file. */
const MAX_TOKEN_FILE_BYTES = 512;

/** Where the platform admin token came from. */
export type AdminTokenSource =
  | { readonly kind: "env"; readonly token: string }
  | {
      readonly kind: "file";
      readonly token: string;
      readonly path: string;
      readonly created: boolean;
    }
  | { readonly kind: "none" };

/**
 * The platform admin token: the configured one, else the data folder's (generated when absent), else
 * none (no data folder).
 *
 * @example const admin = await resolveAdminToken(config.adminToken, store.backend === "sqlite" ? store.dataDir : undefined)
 */
export async function resolveAdminToken(
  configured: string | undefined,
  dataDir: string | undefined,
): Promise<AdminTokenSource> {
  if (configured !== undefined) return { kind: "env", token: configured };
  if (dataDir === undefined) return { kind: "none" };
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const existing = await readTokenFile(path);
  if (existing !== undefined) return { kind: "file", token: existing, path, created: false };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const created = await createTokenFile(path);
  const token = await readTokenFile(path);
  if (token === undefined) throw new ConfigError(`cannot read ${path} after creating it`);
  return { kind: "file", token, path, created };
}

/**
 * A fresh token: `fbp_` and 32 random bytes in hex.
 *
 * @example generateAdminToken() // "fbp_9c1e…"
 */
export function generateAdminToken(): string {
  return `fbp_${Buffer.from(randomBytes(32)).toString("hex")}`;
}

/**
 * A constant-time test of presented tokens against `token` (compared as SHA-256 digests, so the length
 * of the secret does not leak either).
 *
 * @example const isAdmin = adminTokenMatcher(config.adminToken); if (isAdmin(bearer)) …
 */
export function adminTokenMatcher(token: string | undefined): (presented: string) => boolean {
  if (token === undefined) return () => false;
  const expected = sha256(new TextEncoder().encode(token));
  return (presented) => timingSafeEqual(sha256(new TextEncoder().encode(presented)), expected);
}

/** Parser of a local file: at most 512 bytes, one line, the same rules as FABRIQUE_ADMIN_TOKEN. */
async function readTokenFile(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    const { mode } = await stat(path);
    if (process.platform !== "win32" && (mode & 0o077) !== 0) {
      throw new ConfigError(`${path} is accessible to other users; run: chmod 600 ${path}`);
    }
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read the admin token file ${path}`, { cause: e });
  }
  const token = bytes.toString("utf8").replace(/\r?\n$/, "");
  if (bytes.length > MAX_TOKEN_FILE_BYTES || !isAdminTokenText(token)) {
    throw new ConfigError(`${path} does not hold an admin token; delete it to generate a new one`);
  }
  return token;
}

/** Atomic: a complete private file is linked into place, so a concurrent start reads all or nothing. */
async function createTokenFile(path: string): Promise<boolean> {
  const temporary = `${path}.${Buffer.from(randomBytes(8)).toString("hex")}.tmp`;
  const file = await open(
    temporary,
    constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
    0o600,
  );
  try {
    await file.writeFile(`${generateAdminToken()}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temporary, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false; // another process won
    throw e;
  } finally {
    await unlink(temporary);
  }
}
