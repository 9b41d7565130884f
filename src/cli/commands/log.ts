/**
 * `fabrique log …`: publish and verify a static transparency log (C2SP tlog-tiles layout) that any file
 * server can host. Each action loads what it runs (src/cli/static-log/), so other commands and
 * `fabrique --help` do not pay for it.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";

/** Adds the `log` command group to `program`. */
export function registerLogCommands(program: Command, io: Io): void {
  const log = program
    .command("log")
    .description("publish and verify a static transparency log (C2SP checkpoint + tiles)");

  log
    .command("keygen")
    .description(
      "create a log signing key (mode 0600) and its verifier key, named after the origin",
    )
    .requiredOption("--origin <origin>", "the log's origin line, e.g. example.org/mylog")
    .requiredOption("--out <dir>", "directory to write <origin>.key and <origin>.vkey into")
    .action(async (opts: { origin: string; out: string }) => {
      const { keygen } = await import("../static-log/keygen.js");
      const result = await keygen(opts.origin, opts.out);
      io.out(`signer key:   ${result.signerKeyPath} (secret, mode 0600)\n`);
      io.out(`verifier key: ${result.verifierKeyPath}\n${result.verifierKey}\n`);
    });

  log
    .command("append")
    .description(
      "append one entry per input line (the line's bytes without its newline), then sign",
    )
    .requiredOption("--dir <dir>", "the log directory (created if missing)")
    .requiredOption("--key <file>", "the log's signer key file (from log keygen)")
    .option("--file <file>", "read entries from this file instead of standard input")
    .action(async (opts: { dir: string; key: string; file?: string }) => {
      const { appendEntries } = await import("../static-log/append.js");
      const { splitLines } = await import("../static-log/input-lines.js");
      const skey = await readText(opts.key, "--key");
      const input = opts.file === undefined ? await readStdin(io) : await readBytes(opts.file);
      const entries = splitLines(input);
      const report = progress(io, "append");
      const result = await appendEntries(opts.dir, skey, entries, report);
      report.finish(`${entries.length} entries`);
      io.out(
        `appended ${result.size - result.oldSize} entries: size ${result.oldSize} → ${result.size}\n`,
      );
      io.out(result.checkpoint);
    });

  log
    .command("verify")
    .description(
      "check the checkpoint signature, every tile and entry bundle, and consistency with --old",
    )
    .option("--dir <dir>", "a log directory")
    .option("--url <url>", "a log URL prefix (where checkpoint and tile/ live)")
    .requiredOption("--vkey <file>", "the log's verifier key file")
    .option("--old <file>", "an older signed checkpoint the log must be consistent with")
    .action(async (opts: { dir?: string; url?: string; vkey: string; old?: string }) => {
      if ((opts.dir === undefined) === (opts.url === undefined)) {
        throw new CliError("usage", "give exactly one of --dir and --url");
      }
      const { directoryFetcher, urlFetcher } = await import("../../audit/fetch/fetchers.js");
      const { verifyStaticLog } = await import("../static-log/verify.js");
      const fetcher =
        opts.dir !== undefined ? directoryFetcher(opts.dir) : urlFetcher(opts.url as string);
      const vkey = await readText(opts.vkey, "--vkey");
      const old = opts.old === undefined ? undefined : await readText(opts.old, "--old");
      const report = progress(io, "verify");
      const result = await verifyStaticLog(fetcher, vkey, {
        report,
        ...(old === undefined ? {} : { oldCheckpoint: old }),
      });
      report.finish(`${result.checkpoint.size} entries`);
      const consistent =
        result.consistentWith === undefined
          ? ""
          : `, consistent with size ${result.consistentWith}`;
      io.out(
        `OK: ${result.checkpoint.origin} size ${result.checkpoint.size}, ${result.tilesChecked} tiles and bundles checked${consistent}\n`,
      );
    });
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliError("io", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function readText(path: string, option: string): Promise<string> {
  const bytes = await readBytes(path);
  if (bytes.length > 1 << 20) throw new CliError("input", `${option} ${path} is too large`);
  return Buffer.from(bytes).toString("utf8");
}

async function readStdin(io: Io): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}
