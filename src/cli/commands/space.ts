/**
 * `fabrique space create --name … [--id …] [--data-dir …]`: creates a space directly on the store (no
 * server needed) as the platform admin, with its first admin API key, and prints the space's id, the
 * key (shown once) and the log's verifier key (src/cli/space/create-space.ts). The store is loaded when
 * the command runs, so `fabrique --help` does not pay for it.
 */
import type { Command } from "commander";
import type { Io } from "../io.js";

/** Flags of `fabrique space create`. */
export interface SpaceCreateOptions {
  readonly name: string;
  readonly id?: string;
  readonly dataDir?: string;
}

/**
 * Adds `space create` to `program`.
 *
 * @example registerSpaceCommands(program, io)
 */
export function registerSpaceCommands(program: Command, io: Io): void {
  const space = program.command("space").description("manage spaces on the local store");
  space
    .command("create")
    .description("create a space and its first admin API key (printed once)")
    .requiredOption("--name <name>", "the space's display name")
    .option("--id <id>", "the space id (default: derived from the name)")
    .option("--data-dir <dir>", "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR)")
    .action(async (opts: SpaceCreateOptions) => {
      const { createSpaceCommand } = await import("../space/create-space.js");
      await createSpaceCommand(opts, io, process.env);
    });
}
