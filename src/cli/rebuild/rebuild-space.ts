/**
 * What `fabrique rebuild` runs: opens the embedded SQLite store or PostgreSQL, applies pending
 * migrations and replays a space's log into its projections (src/store/projections/rebuild.ts) with
 * progress on stderr.
 */
import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isId } from "../../domain/shape.js";
import { DEFAULT_DATA_DIR, type StoreEnv } from "../../store/config.js";
import type { Database } from "../../store/database.js";
import { isStoreError } from "../../store/errors.js";
import { readLogState } from "../../store/log/log-state.js";
import { migrateToLatest } from "../../store/migrations.js";
import { openPostgres } from "../../store/postgres/open-postgres.js";
import { type RebuildReport, rebuild } from "../../store/projections/rebuild.js";
import { DEFAULT_SQLITE_FILE, openSqlite } from "../../store/sqlite/open-sqlite.js";
import { CliError } from "../cli-error.js";
import type { RebuildFlags } from "../commands/rebuild.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";

/**
 * Opens the configured database and rebuilds `flags.space`. Throws CliError: "usage" for a bad space id
 * or conflicting configuration, "input" for a space with no log or a damaged log, "io" when the
 * database cannot be opened.
 *
 * @example await rebuildCommand({ space: "stays", dataDir: "./data" }, io, process.env)
 */
export async function rebuildCommand(
  flags: RebuildFlags,
  io: Io,
  env: StoreEnv,
): Promise<RebuildReport> {
  if (!isId(flags.space))
    throw new CliError("usage", "--space is a space id ([A-Za-z0-9._-]{1,64})");
  const db = await openDatabase(flags, env);
  try {
    await migrateToLatest(db);
    const { size } = await readLogState(db.kysely, flags.space);
    if (size === 0)
      throw new CliError("input", `there is no space ${flags.space} in this database`);
    const bar = progress(io, `rebuild ${flags.space}`);
    const report = await rebuild(db, flags.space, { onProgress: bar.update });
    bar.finish(`${report.entries} entries`);
    return report;
  } catch (e) {
    throw asCliError(e);
  } finally {
    await db.close();
  }
}

async function openDatabase(flags: RebuildFlags, env: StoreEnv): Promise<Database> {
  const url = present(env.DATABASE_URL);
  try {
    if (url !== undefined) {
      if (flags.dataDir !== undefined) {
        throw new CliError("usage", "--data-dir is for the embedded store; unset DATABASE_URL");
      }
      return await openPostgres({ url });
    }
    const dataDir = resolve(flags.dataDir ?? present(env.FABRIQUE_DATA_DIR) ?? DEFAULT_DATA_DIR);
    // Rebuilding where no store exists is a typo, not a request to create one.
    await access(join(dataDir, DEFAULT_SQLITE_FILE)).catch((cause: unknown) => {
      throw new CliError("io", `no Fabrique store in ${dataDir}`, { cause });
    });
    return await openSqlite({ dataDir });
  } catch (e) {
    throw asCliError(e);
  }
}

/** Store errors as the CLI's: damaged data is bad input (3), the rest is unavailability (4). */
function asCliError(e: unknown): unknown {
  if (!isStoreError(e)) return e;
  return new CliError(e.code === "corrupt" ? "input" : "io", `${e.code}: ${e.message}`, {
    cause: e,
  });
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
