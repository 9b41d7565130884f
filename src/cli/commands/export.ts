/**
 * `fabrique export --space S --member M [--out FILE] [--scope full|portable]`: writes a member's export
 * (the archive of `GET /v1/spaces/{space}/me`, src/store/member-export) from the local store, for
 * operators answering a data-subject request through their own channels. The export is recorded in
 * the member's access log as made from the command line. The store is loaded when the command runs
 * (src/cli/member-data/export-archive.ts), so `fabrique --help` does not pay for it.
 */
import type { Command } from "commander";
import type { Io } from "../io.js";

/** Flags of `fabrique export`. */
export interface ExportFlags {
  readonly space: string;
  readonly member: string;
  readonly out?: string;
  readonly scope?: string;
  readonly dataDir?: string;
}

/**
 * Adds `export` to `program`.
 *
 * @example registerExportCommand(program, io)
 */
export function registerExportCommand(program: Command, io: Io): void {
  program
    .command("export")
    .description(
      "write everything a space holds and derives about a member to a signed ZIP archive",
    )
    .requiredOption("--space <id>", "the member's space")
    .requiredOption("--member <id>", "the member")
    .option("--out <file>", "where to write the archive (default fabrique-<space>-<member>.zip)")
    .option(
      "--scope <scope>",
      "full (everything) or portable (what the member provided or was observed: GDPR Art. 20)",
      "full",
    )
    .option(
      "--data-dir <dir>",
      "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR; default ./data)",
    )
    .addHelpText(
      "after",
      "\nWith DATABASE_URL set, that PostgreSQL database is read instead. The archive is written to\n" +
        "<file>.partial and renamed when complete. Verify it with the space's log key: manifest.sig\n" +
        "signs manifest.json, which lists every file's SHA-256.\n" +
        "Exit codes: 0 written, 2 usage (an unknown space or member), 4 store or file unavailable.\n",
    )
    .action(async (flags: ExportFlags) => {
      const { exportCommand } = await import("../member-data/export-archive.js");
      await exportCommand(flags, io, process.env);
    });
}
