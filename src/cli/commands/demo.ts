/**
 * `fabrique demo`: loads a synthetic community (src/cli/demo/load-community.ts) into a NEW space of a
 * running server, through its public API, then prints what to open: the space's log and the command that
 * verifies it, an operator key, a member token valid 15 minutes, and the API docs. The same --seed loads
 * the same community. The loader (src/cli/demo/run-demo.ts) is loaded when the command runs.
 */
import type { Command } from "commander";
import type { Io } from "../io.js";

/** Flags of `fabrique demo`. */
export interface DemoOptions {
  readonly url: string;
  readonly adminToken?: string;
  readonly members: string;
  readonly seed: string;
  readonly space?: string;
}

/**
 * Adds the `demo` command to `program`.
 *
 * @example registerDemoCommand(program, io)
 */
export function registerDemoCommand(program: Command, io: Io): void {
  program
    .command("demo")
    .description("load a synthetic community into a new space of a running server, through its API")
    .option("--url <url>", "the server", "http://127.0.0.1:8080")
    .option(
      "--admin-token <token>",
      "the platform admin token (default: FABRIQUE_ADMIN_TOKEN, else ./data/admin-token)",
    )
    .option("--members <n>", "members to create (4–10000)", "40")
    .option("--seed <seed>", "seed of the generator (same seed, same community)", "1")
    .option("--space <id>", "the new space's id (default demo-<seed>-<time>)")
    .action(async (opts: DemoOptions) => {
      const { runDemo } = await import("../demo/run-demo.js");
      await runDemo(opts, io, process.env);
    });
}
