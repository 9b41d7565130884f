/**
 * `fabrique rebuild --space S`: recompute a space's projections from its transparency log
 * (src/store/projections/rebuild.ts), e.g. after a fix to how events become records or after a schema
 * change. Opens the embedded SQLite store (--data-dir, FABRIQUE_DATA_DIR or ./data) or PostgreSQL
 * (DATABASE_URL), applies pending migrations, replays the log in one transaction of the space (writers
 * wait; readers see the old projections until it commits) and reports progress on stderr. No master
 * key is needed: nothing is signed.
 */
import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
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
import type { Io } from "../io.js";
import { progress } from "../progress.js";

/** Flags of `fabrique rebuild`. */
export interface RebuildFlags {
  readonly space: string;
  readonly dataDir?: string;
}

/**
 * Adds the `rebuild` command to `program`; `env` supplies DATABASE_URL and FABRIQUE_DATA_DIR.
 *
 * @example registerRebuildCommand(program, io)
 */
export function registerRebuildCommand(program: Command, io: Io, env: StoreEnv = process.env) {
  program
    .command("rebuild")
    .description("recompute a space's projections (records) from its transparency log")
    .requiredOption("--space <id>", "the space to rebuild")
    .option(
      "--data-dir <dir>",
      "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR; default ./data)",
    )
    .addHelpText(
      "after",
      "\nWith DATABASE_URL set, the PostgreSQL database it names is rebuilt instead (no --data-dir).\n" +
        "Exit codes: 0 rebuilt, 2 usage, 3 the log or a private part is damaged, 4 database unavailable.\n",
    )
    .action(async (flags: RebuildFlags) => {
      const report = await rebuildCommand(flags, io, env);
      io.out(
        `rebuilt ${report.space}: ${report.entries} entries replayed, ${report.withPrivatePart} with their private part\n`,
      );
    });
}

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
