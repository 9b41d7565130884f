/**
 * The local store for the member-data commands, opened as `serve` opens it (DATABASE_URL, or the
 * embedded SQLite store of --data-dir / FABRIQUE_DATA_DIR), with log signers under the configured log
 * host and the issuer base of the spaces' credentials (FABRIQUE_PUBLIC_URL, else https://<log host>).
 */
import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { httpConfigFromEnv } from "../../http/config.js";
import { DEFAULT_DATA_DIR, storeConfigFromEnv } from "../../store/config.js";
import { isStoreError } from "../../store/errors.js";
import { createSpaceLogSigners, type SpaceLogSigners } from "../../store/log/space-log-signer.js";
import { openStore, type Store } from "../../store/open-store.js";
import { DEFAULT_SQLITE_FILE } from "../../store/sqlite/open-sqlite.js";
import { CliError } from "../cli-error.js";

/** An open store and what the commands sign and name with. */
export interface LocalStore extends Store {
  readonly signers: SpaceLogSigners;
  readonly publicUrl: string | undefined;
  readonly issuerBase: string;
}

/**
 * Opens the store; a missing embedded store is an error (never created by these commands).
 *
 * @example const store = await openLocalStore(flags.dataDir, process.env)
 */
export async function openLocalStore(
  dataDir: string | undefined,
  env: Record<string, string | undefined>,
): Promise<LocalStore> {
  const http = httpConfigFromEnv(env);
  const usesPostgres = (env.DATABASE_URL ?? "") !== "";
  if (usesPostgres && dataDir !== undefined) {
    throw new CliError("usage", "--data-dir is for the embedded store; unset DATABASE_URL");
  }
  if (!usesPostgres) {
    const dir = resolve(dataDir ?? (env.FABRIQUE_DATA_DIR || DEFAULT_DATA_DIR));
    await access(join(dir, DEFAULT_SQLITE_FILE)).catch((cause: unknown) => {
      throw new CliError("io", `no Fabrique store in ${dir}`, { cause });
    });
  }
  const config = storeConfigFromEnv({
    ...env,
    FABRIQUE_DATA_DIR: dataDir ?? env.FABRIQUE_DATA_DIR,
  });
  const store = await openStore(config).catch((e: unknown) => {
    throw asCliError(e);
  });
  return {
    ...store,
    signers: createSpaceLogSigners({ vault: store.vault, host: http.logHost }),
    publicUrl: http.publicUrl,
    issuerBase: http.publicUrl ?? `https://${http.logHost}`,
  };
}

/**
 * Store errors as the CLI's: an unknown space or member is a usage error (2), damaged data bad input
 * (3), the rest unavailability (4).
 *
 * @example catch (e) { throw asCliError(e) }
 */
export function asCliError(e: unknown): unknown {
  if (!isStoreError(e)) return e;
  const code = e.code === "not-found" ? "usage" : e.code === "corrupt" ? "input" : "io";
  return new CliError(code, e.message, { cause: e });
}
