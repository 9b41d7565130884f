/**
 * `fabrique rebuild --space S`: recompute a space's projections from its transparency log
 * (src/store/projections/rebuild.ts), e.g. after a fix to how events become records or after a schema
 * change. Opens the embedded SQLite store (--data-dir, FABRIQUE_DATA_DIR or ./data) or PostgreSQL
 * (DATABASE_URL), applies pending migrations, replays the log in one transaction of the space (writers
 * wait; readers see the old projections until it commits) and reports progress on stderr. No master
 * key is needed: nothing is signed. The store is loaded when the command runs
 * (src/cli/rebuild/rebuild-space.ts), so `fabrique --help` does not pay for it.
 */
import type { Command } from "commander";
import type { StoreEnv } from "../../store/config.js";
import type { Io } from "../io.js";

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
      const { rebuildCommand } = await import("../rebuild/rebuild-space.js");
      const report = await rebuildCommand(flags, io, env);
      io.out(
        `rebuilt ${report.space}: ${report.entries} entries replayed, ${report.withPrivatePart} with their private part\n`,
      );
    });
}
