/**
 * Store configuration from the environment. Pure: it validates and resolves, it touches no file and no
 * network (opening does that, see open-store.ts). Error messages name the variable and never echo its value,
 * since DATABASE_URL may hold a password and FABRIQUE_MASTER_KEY is a secret.
 */
import { resolve } from "node:path";
import { decodeBase64Strict } from "../log/encoding/base64.js";
import { StoreError } from "./errors.js";
import { MASTER_KEY_BYTES, MASTER_KEY_FILE } from "./keys/master-key.js";

/** Where the master key that seals space signing keys comes from. */
export type MasterKeySource =
  /** FABRIQUE_MASTER_KEY: what a production deployment sets. */
  | { readonly kind: "env"; readonly key: Uint8Array }
  /** A key file in the data folder, generated on first run (embedded SQLite default only). */
  | { readonly kind: "file"; readonly path: string };

/** Which database to open and where the master key comes from. */
export type StoreConfig =
  | { readonly backend: "sqlite"; readonly dataDir: string; readonly masterKey: MasterKeySource }
  | { readonly backend: "postgres"; readonly url: string; readonly masterKey: MasterKeySource };

/** The variables storeConfigFromEnv reads; anything else in the environment is ignored. */
export interface StoreEnv {
  readonly DATABASE_URL?: string | undefined;
  readonly FABRIQUE_DATA_DIR?: string | undefined;
  readonly FABRIQUE_MASTER_KEY?: string | undefined;
}

/** The data folder when FABRIQUE_DATA_DIR is not set: `./data`, relative to the working directory. */
export const DEFAULT_DATA_DIR = "data";

/**
 * Reads DATABASE_URL, FABRIQUE_DATA_DIR and FABRIQUE_MASTER_KEY. No DATABASE_URL: embedded SQLite in the
 * data folder, with the master key from FABRIQUE_MASTER_KEY or else a key file generated there on first run.
 * DATABASE_URL: PostgreSQL, which needs FABRIQUE_MASTER_KEY (there is no data folder to keep a key in).
 * Empty variables count as unset. Throws StoreError("invalid-config") with the variable's name.
 *
 * @example const config = storeConfigFromEnv(process.env)
 */
export function storeConfigFromEnv(env: StoreEnv, cwd: string = process.cwd()): StoreConfig {
  const url = present(env.DATABASE_URL);
  const dataDir = present(env.FABRIQUE_DATA_DIR);
  const envKey = present(env.FABRIQUE_MASTER_KEY);
  const masterKey = envKey === undefined ? undefined : masterKeyFromEnv(envKey);
  if (url !== undefined) {
    requirePostgresUrl(url);
    if (dataDir !== undefined) {
      throw invalid(
        "FABRIQUE_DATA_DIR is for the embedded SQLite store; unset it when DATABASE_URL is set",
      );
    }
    if (masterKey === undefined) {
      throw invalid(
        "FABRIQUE_MASTER_KEY is required with DATABASE_URL (32 random bytes in base64, e.g. `openssl rand -base64 32`)",
      );
    }
    return { backend: "postgres", url, masterKey };
  }
  const dir = resolve(cwd, dataDir ?? DEFAULT_DATA_DIR);
  return {
    backend: "sqlite",
    dataDir: dir,
    masterKey: masterKey ?? { kind: "file", path: resolve(dir, MASTER_KEY_FILE) },
  };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/** Only postgres:// and postgresql:// URLs (what pg's connection strings accept). */
function requirePostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw invalid("DATABASE_URL is not a URL (expected postgres://user@host:5432/database)", cause);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw invalid(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
}

/** Parser of untrusted text: strict padded base64 (RFC 4648 §4) of exactly 32 bytes, nothing else. */
function masterKeyFromEnv(text: string): MasterKeySource {
  let key: Uint8Array;
  try {
    key = decodeBase64Strict(text, "FABRIQUE_MASTER_KEY");
  } catch (cause) {
    throw invalid("FABRIQUE_MASTER_KEY is not canonical padded base64", cause);
  }
  if (key.length !== MASTER_KEY_BYTES) {
    throw invalid(
      `FABRIQUE_MASTER_KEY must decode to ${MASTER_KEY_BYTES} bytes, not ${key.length}`,
    );
  }
  return { kind: "env", key };
}

function invalid(message: string, cause?: unknown): StoreError {
  return new StoreError("invalid-config", message, cause === undefined ? undefined : { cause });
}
