/**
 * The `fabrique` command line. `main(argv, io)` returns the exit code instead of exiting, so tests run it in
 * process. Every command has `--help`.
 */
import { Command, CommanderError } from "commander";
import { registerAuditCommands } from "./commands/audit.js";
import { registerCredentialCommands } from "./commands/credential.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerExportCommand } from "./commands/export.js";
import { registerLogCommands } from "./commands/log.js";
import { registerRebuildCommand } from "./commands/rebuild.js";
import { registerRecomputeCommand } from "./commands/recompute.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerSpaceCommands } from "./commands/space.js";
import { registerTokenCommands } from "./commands/token.js";
import { registerTrustAnalyzeCommand } from "./commands/trust-analyze.js";
import { registerWitnessCommands } from "./commands/witness.js";
import { describeError, EXIT, exitCodeOf } from "./exit-codes.js";
import { type Io, processIo } from "./io.js";

/** Builds the command tree; each command writes through `io`. */
export function buildProgram(io: Io): Command {
  const program = new Command("fabrique")
    .description(
      "Fabrique: a trust fabric for peer-to-peer communities, with a verifiable transparency log",
    )
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerLogCommands(program, io);
  registerRebuildCommand(program, io);
  registerRecomputeCommand(program, io);
  registerTrustAnalyzeCommand(program, io);
  registerServeCommand(program, io);
  registerSpaceCommands(program, io);
  registerTokenCommands(program, io);
  registerDemoCommand(program, io);
  registerAuditCommands(program, io);
  registerWitnessCommands(program, io);
  registerExportCommand(program, io);
  registerCredentialCommands(program, io);
  for (const command of allCommands(program)) {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/**
 * Runs the CLI with `argv` as node gives it (`[node, script, ...args]`) and returns the exit code.
 *
 * @example process.exitCode = await main(process.argv)
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`fabrique: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}
