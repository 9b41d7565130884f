/**
 * `fabrique recompute --space S`: recompute a space's stored trust scores (issue 5) — every member's
 * fraud suspicion and every subject's credibility-weighted reputation, each stored with its
 * provenance — in a worker thread, with progress on stderr; then flag the members whose suspicion
 * reaches the threshold into the moderation queue (an alert of the platform's own initiative, through
 * the space's log; it restricts nothing). Incremental by default: only what changed since the stored
 * computation is recomputed (src/store/trust/recompute). Opens the embedded SQLite store (--data-dir,
 * FABRIQUE_DATA_DIR or ./data) or PostgreSQL (DATABASE_URL, with FABRIQUE_MASTER_KEY: flags are log
 * entries, signed like every other). The store and the recompute are loaded when the command runs
 * (src/cli/recompute/recompute-space.ts), so `fabrique --help` does not pay for them.
 */
import type { Command } from "commander";
import { DEFAULT_FLAG_AT, DEFAULT_FLAG_LIMIT } from "../../store/trust/flag-suspicious.js";
import type { Io } from "../io.js";

/** Flags of `fabrique recompute`. */
export interface RecomputeFlags {
  readonly space: string;
  readonly full?: boolean;
  /** A number in (0, 1], or false with --no-flag. */
  readonly flag?: boolean;
  readonly flagAt?: string;
  readonly flagLimit?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
}

/**
 * Adds the `recompute` command to `program`; `env` supplies DATABASE_URL, FABRIQUE_DATA_DIR,
 * FABRIQUE_MASTER_KEY and FABRIQUE_LOG_HOST.
 *
 * @example registerRecomputeCommand(program, io)
 */
export function registerRecomputeCommand(
  program: Command,
  io: Io,
  env: Record<string, string | undefined> = process.env,
): void {
  program
    .command("recompute")
    .description(
      "recompute a space's stored trust scores (suspicion, weighted reputation) and flag suspicious members for moderators",
    )
    .requiredOption("--space <id>", "the space whose scores to recompute")
    .option("--full", "recompute every score, not only what changed since the stored computation")
    .option(
      "--flag-at <score>",
      `flag members whose fraud suspicion reaches this, in (0, 1] (default ${DEFAULT_FLAG_AT})`,
    )
    .option(
      "--flag-limit <n>",
      `flag at most this many members in one run, most suspicious first (default ${DEFAULT_FLAG_LIMIT})`,
    )
    .option("--no-flag", "only recompute; raise no flag")
    .option(
      "--data-dir <dir>",
      "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR; default ./data)",
    )
    .option("--json", "print what was done as JSON")
    .addHelpText(
      "after",
      "\nScores are computed in a worker thread; progress goes to stderr. A flag is an alert of the\n" +
        "platform's own initiative in the space's moderation queue: it restricts nothing, a moderator\n" +
        "decides. With DATABASE_URL set, the PostgreSQL database it names is used (no --data-dir).\n" +
        "Exit codes: 0 done, 2 usage, 3 no such space or damaged data, 4 database unavailable.\n",
    )
    .action(async (flags: RecomputeFlags) => {
      const { recomputeCommand, summary } = await import("../recompute/recompute-space.js");
      const outcome = await recomputeCommand(flags, io, env);
      if (flags.json === true) io.out(`${JSON.stringify(outcome, null, 2)}\n`);
      else io.out(summary(outcome));
    });
}
