/**
 * `fabrique serve`: the server. Reads the configuration (environment and flags), opens the store
 * (applying migrations), starts the sealer (one pass a second) and the reveal scheduler (ending
 * double-blind windows in the log, one pass a minute), listens, prints where, and on SIGINT or
 * SIGTERM stops gracefully: requests in flight are answered, the sealer finishes its pass, the database
 * closes last (src/http/server.ts). The server (src/cli/serve/run-server.ts: fastify, the store, pino)
 * is loaded when the command runs, so `fabrique --help` and the other commands do not pay for it.
 */
import type { Command } from "commander";
import type { HttpEnv } from "../../http/config.js";
import type { StoreEnv } from "../../store/config.js";
import type { Io } from "../io.js";
import type { WitnessEnv } from "../witnessing/load-witnesses.js";

/** Flags of `fabrique serve`. */
export interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly witnesses?: string;
}

/**
 * Adds the `serve` command to `program`.
 *
 * @example registerServeCommand(program, io)
 */
export function registerServeCommand(program: Command, io: Io): void {
  program
    .command("serve")
    .description(
      "run the HTTP API: open the store (applying migrations), seal the logs every second, listen until SIGINT/SIGTERM",
    )
    .option("--port <port>", "port to listen on (env PORT; default 8080)")
    .option("--host <host>", "address to listen on (env HOST; default 127.0.0.1, all: 0.0.0.0)")
    .option(
      "--data-dir <dir>",
      "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR; default ./data)",
    )
    .option(
      "--witnesses <file>",
      "JSON file of witnesses and k: publish each checkpoint once k of them cosigned it (env FABRIQUE_WITNESSES)",
    )
    .action(async (opts: ServeOptions) => {
      await serve(opts, io, process.env, untilSignal(["SIGINT", "SIGTERM"]));
    });
}

/**
 * Runs the server until `stopWhen` resolves, then stops it gracefully. Configuration errors are usage
 * errors (exit code 2) that name the variable or flag.
 *
 * @example await serve({ port: "0" }, io, process.env, untilSignal(["SIGTERM"]))
 */
export async function serve(
  opts: ServeOptions,
  io: Io,
  env: HttpEnv & StoreEnv & WitnessEnv,
  stopWhen: Promise<unknown>,
): Promise<void> {
  const { runServer } = await import("../serve/run-server.js");
  await runServer(opts, io, env, stopWhen);
}

/**
 * A promise that resolves on the first of `signals`; its handlers are removed then, so a second signal
 * gets the default behaviour (ending the process at once) if a graceful stop hangs.
 *
 * @example await serve(opts, io, process.env, untilSignal(["SIGINT", "SIGTERM"]))
 */
export function untilSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        for (const [s, h] of handlers) process.off(s, h);
        resolve(signal);
      };
      process.once(signal, handler);
      return [signal, handler] as const;
    });
  });
}
