/**
 * `fabrique witness …`: run a transparency-log witness (c2sp.org/tlog-witness) that cosigns the
 * checkpoints of the logs it is configured for, only ever along one append-only history per log.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { witnessKeygen } from "../../audit/witness/witness-keygen.js";
import { MAX_LOGS_FILE_SIZE, parseWitnessedLogs } from "../../audit/witness/witnessed-logs.js";
import { assertKeyName } from "../../log/note/index.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

interface ServeOptions {
  readonly key: string;
  readonly logs: string;
  readonly state: string;
  readonly port: string;
  readonly host: string;
  readonly prefix: string;
}

/** Adds the `witness` command group to `program`. */
export function registerWitnessCommands(program: Command, io: Io): void {
  const witness = program
    .command("witness")
    .description(
      "a transparency-log witness: cosign checkpoints that extend what it cosigned before",
    );

  witness
    .command("keygen")
    .description(
      "create a witness cosigning key (type 0x04, cosignature/v1; mode 0600) and its verifier key",
    )
    .requiredOption("--name <name>", "the witness's key name, e.g. witness.example.org/w1")
    .requiredOption("--out <dir>", "directory to write <name>.key and <name>.vkey into")
    .action(async (opts: { name: string; out: string }) => {
      requireKeyName(opts.name);
      const result = await witnessKeygen(opts.name, opts.out).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        throw new CliError(
          "usage",
          `a key exists already in ${opts.out}: refusing to overwrite it`,
          {
            cause: error,
          },
        );
      });
      io.out(`signer key:   ${result.signerKeyPath} (secret, mode 0600)\n`);
      io.out(`verifier key: ${result.verifierKeyPath}\n${result.verifierKey}\n`);
    });

  witness
    .command("serve")
    .description("serve POST <prefix>/add-checkpoint (c2sp.org/tlog-witness) until interrupted")
    .requiredOption("--key <file>", "the witness signer key file (from witness keygen)")
    .requiredOption("--logs <file>", 'the logs to witness: JSON [{"origin": …, "vkey": …}]')
    .requiredOption("--state <dir>", "where the latest cosigned checkpoint of each log is kept")
    .option("--port <port>", "TCP port (0: any free port)", "7380")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--prefix <path>", "the submission prefix, e.g. /witness", "")
    .action((opts: ServeOptions) => serve(opts, io));
}

async function serve(opts: ServeOptions, io: Io): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError("usage", `--port must be a TCP port number, not ${opts.port}`);
  }
  if (opts.prefix !== "" && !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(opts.prefix)) {
    throw new CliError("usage", `--prefix must be a path like /witness, not ${opts.prefix}`);
  }
  const signerKey = await readText(opts.key, "--key", 1 << 16);
  const logs = parseWitnessedLogs(await readText(opts.logs, "--logs", MAX_LOGS_FILE_SIZE));
  // Loaded here, not at startup: fastify costs every other command a few hundred milliseconds.
  const { openWitness } = await import("../../audit/witness/witness.js");
  const { createWitnessApp } = await import("../../audit/witness/witness-app.js");
  const witness = await openWitness({ signerKey, logs, stateDir: opts.state });
  const app = createWitnessApp(witness, { prefix: opts.prefix });
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  try {
    const address = await app.listen({ port, host: opts.host });
    io.out(`witness ${witness.name} listening on ${address}${opts.prefix}/add-checkpoint\n`);
    io.out(`verifier key: ${witness.verifierKey}\n`);
    io.out(`witnessing ${logs.size} log(s); state in ${opts.state}\n`);
    await stopped;
  } finally {
    await app.close();
  }
}

function requireKeyName(name: string): void {
  try {
    assertKeyName(name);
  } catch (error) {
    throw new CliError("usage", `--name ${JSON.stringify(name)} cannot name a key`, {
      cause: error,
    });
  }
}

async function readText(path: string, option: string, limit: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError("io", `cannot read ${option} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (bytes.length > limit) throw new CliError("input", `${option} ${path} is too large`);
  return bytes.toString("utf8");
}
