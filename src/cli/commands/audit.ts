/**
 * `fabrique audit …`: check a transparency log from the outside, trusting only its verifier key. A
 * journalist or a regulator runs `follow` to keep a verified mirror and catch forks, and `prove` to
 * check that an entry a member holds a receipt for is still in the log.
 */
import type { Command } from "commander";
import { type PollResult, pollOnce } from "../../audit/follow/poll.js";
import { type ProveResult, proveReceipt } from "../../audit/prove/prove-receipt.js";
import { encodeBase64 } from "../../log/encoding/base64.js";
import { LogError } from "../../log/errors.js";
import { MAX_SIGNED_RECEIPT_SIZE } from "../../log/receipt/index.js";
import type { TileFetcher } from "../../log/tiles/index.js";
import { describeError, EXIT, exitCodeOf } from "../exit-codes.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";
import { positiveSeconds, readText, type SourceOptions, sourceOf } from "./audit-inputs.js";
import { registerRecomputeCommand } from "./audit-recompute.js";
import { registerReportCommand } from "./audit-report.js";
import { witnessCheckOf, witnessLine } from "./audit-space.js";

interface FollowOptions extends SourceOptions {
  readonly vkey: string;
  readonly state: string;
  readonly once?: boolean;
  readonly interval: string;
  readonly json?: boolean;
  readonly witness?: readonly string[];
  readonly witnessThreshold?: string;
}

interface ProveOptions extends SourceOptions {
  readonly vkey: string;
  readonly receipt: string;
  readonly json?: boolean;
}

/** Adds the `audit` command group to `program`. */
export function registerAuditCommands(program: Command, io: Io): void {
  const audit = program
    .command("audit")
    .description("monitor a transparency log and prove receipts, trusting only the log's key");

  sourceOptions(audit.command("follow"))
    .description(
      "poll the checkpoint, prove it consistent with every one seen before, mirror and verify new tiles; exit 1 with evidence on a fork",
    )
    .requiredOption("--vkey <file>", "the log's verifier key file")
    .requiredOption(
      "--state <dir>",
      "the monitor's state: history, latest checkpoint, mirror/, evidence/",
    )
    .option("--once", "poll once and exit (for cron); otherwise poll until interrupted")
    .option("--interval <seconds>", "seconds between polls", "60")
    .option("--json", "print one JSON object per poll on stdout")
    .option(
      "--witness <file>",
      "a witness's cosignature verifier key (repeat for several): exit 1 when the checkpoint lacks their cosignatures",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--witness-threshold <k>",
      "how many of the --witness keys must have cosigned (default all)",
    )
    .action((opts: FollowOptions) => follow(opts, io));

  sourceOptions(audit.command("prove"))
    .description(
      "prove that the entry of a receipt is still in the log: inclusion proof from the tiles, entry hash; exit 1 if not",
    )
    .requiredOption("--vkey <file>", "the log's verifier key file")
    .requiredOption("--receipt <file>", "a receipt (fabrique-receipt/v2, or v1) kept by a member")
    .option("--json", "print the result as JSON on stdout")
    .action((opts: ProveOptions) => prove(opts, io));

  registerRecomputeCommand(audit, io);
  registerReportCommand(audit, io);
}

function sourceOptions(command: Command): Command {
  return command
    .option("--url <url>", "the log's URL prefix (where checkpoint and tile/ live)")
    .option("--dir <dir>", "a local static log directory")
    .option("--timeout <seconds>", "give up on a request after this long", "30");
}

async function follow(opts: FollowOptions, io: Io): Promise<void> {
  const source = sourceOf(opts);
  const interval = positiveSeconds(opts.interval, "--interval");
  const vkey = await readText(opts.vkey, "--vkey", 1 << 16);
  const stop = opts.once ? undefined : stopOnSignals();
  try {
    for (;;) {
      const result = await pollOrRetry(opts, io, source, vkey);
      if (result !== undefined) printPoll(result, io, opts.json === true);
      if (result?.kind === "fork") {
        throw new LogError("inconsistent", `fork detected: evidence in ${result.evidencePath}`);
      }
      if (result !== undefined) await requireWitnesses(opts, io, vkey, result);
      if (stop === undefined || (await stop.sleep(interval * 1000))) return;
    }
  } finally {
    stop?.dispose();
  }
}

/**
 * With --witness keys: the checkpoint served must carry the required cosignatures. A log that shows
 * different views to different monitors cannot get one of them cosigned by a witness that saw the other.
 */
async function requireWitnesses(
  opts: FollowOptions,
  io: Io,
  vkey: string,
  result: Exclude<PollResult, { kind: "fork" }>,
): Promise<void> {
  const check = await witnessCheckOf(opts, vkey, result.checkpoint.note, (path) =>
    readText(path, "--witness", 1 << 16),
  );
  if (check === undefined) return;
  if (opts.json) io.out(`${JSON.stringify({ witnesses: check })}\n`);
  else io.out(witnessLine(check));
  if (!check.met) {
    throw new LogError(
      "unverified",
      `the checkpoint of size ${result.checkpoint.size} carries ${check.cosigned.length} of the ${check.threshold} witness cosignatures required`,
    );
  }
}

/** One poll; in loop mode an unreachable log is reported and retried, never fatal. */
async function pollOrRetry(
  opts: FollowOptions,
  io: Io,
  source: TileFetcher,
  vkey: string,
): Promise<PollResult | undefined> {
  const report = progress(io, "mirror");
  try {
    const result = await pollOnce({
      source,
      sourceName: opts.url ?? opts.dir ?? "",
      vkey,
      stateDir: opts.state,
      report,
    });
    if ((result.kind === "first" || result.kind === "grew") && result.mirrored.entries > 0) {
      report.finish(`${result.mirrored.entries} entries`);
    }
    return result;
  } catch (error) {
    if (opts.once || exitCodeOf(error) !== EXIT.unavailable) throw error;
    io.err(`fabrique: ${describeError(error)} (will retry)\n`);
    return undefined;
  }
}

function printPoll(result: PollResult, io: Io, json: boolean): void {
  if (json) {
    io.out(`${JSON.stringify(pollJson(result))}\n`);
    return;
  }
  const origin = result.kind === "fork" ? "" : `${originOf(result.checkpoint.note)} `;
  switch (result.kind) {
    case "first":
      io.out(
        `OK: ${origin}size ${result.checkpoint.size} (first checkpoint); mirrored ${result.mirrored.entries} entries: ${result.mirrored.tiles} tiles and ${result.mirrored.bundles} bundles\n`,
      );
      return;
    case "grew":
      io.out(
        `OK: ${origin}size ${result.previous.size} → ${result.checkpoint.size}, consistent with ${result.proven} earlier checkpoints; mirrored ${result.mirrored.entries} entries: ${result.mirrored.tiles} tiles and ${result.mirrored.bundles} bundles\n`,
      );
      return;
    case "unchanged":
      io.out(`OK: ${origin}size ${result.checkpoint.size}, unchanged\n`);
      return;
    case "stale":
      io.out(
        `WARNING: ${origin}served size ${result.checkpoint.size}, older than the latest verified size ${result.latest.size} (consistent with it: a stale view)\n`,
      );
      return;
    case "fork":
      io.out(`${result.evidence}FORK: evidence written to ${result.evidencePath}\n`);
      return;
  }
}

/** The origin line of a checkpoint note (already verified). */
function originOf(note: string): string {
  return note.slice(0, note.indexOf("\n"));
}

function pollJson(result: PollResult): Record<string, unknown> {
  const head = (c: { size: number; rootHash: Uint8Array }) => ({
    size: c.size,
    root: encodeBase64(c.rootHash),
  });
  switch (result.kind) {
    case "first":
      return { status: "first", ...head(result.checkpoint), mirrored: result.mirrored };
    case "grew":
      return {
        status: "grew",
        ...head(result.checkpoint),
        previousSize: result.previous.size,
        provenConsistentWith: result.proven,
        mirrored: result.mirrored,
      };
    case "unchanged":
      return { status: "unchanged", ...head(result.checkpoint) };
    case "stale":
      return { status: "stale", ...head(result.checkpoint), latestSize: result.latest.size };
    case "fork":
      return {
        status: "fork",
        reason: result.fork.reason,
        detail: result.fork.detail,
        sizes: [result.fork.older.size, result.fork.newer.size],
        evidencePath: result.evidencePath,
        evidence: result.evidence,
      };
  }
}

async function prove(opts: ProveOptions, io: Io): Promise<void> {
  const source = sourceOf(opts);
  const vkey = await readText(opts.vkey, "--vkey", 1 << 16);
  const receipt = await readText(opts.receipt, "--receipt", MAX_SIGNED_RECEIPT_SIZE);
  const result = await proveReceipt({ source, vkey, receipt });
  if (opts.json) io.out(`${JSON.stringify(proveJson(result))}\n`);
  else io.out(proveText(result, receipt));
  switch (result.kind) {
    case "included":
      return;
    case "pending":
      throw new LogError(
        "invalid-proof",
        `entry ${result.receipt.index} is not in the log's tree of size ${result.checkpoint.size}`,
      );
    case "broken":
      throw new LogError("invalid-proof", `the log broke its receipt: ${result.reason}`);
  }
}

function proveText(result: ProveResult, receipt: string): string {
  const { receipt: r, checkpoint } = result;
  const where = `entry ${r.index} (leaf hash ${encodeBase64(r.leafHash)}, receipt of ${new Date(r.time).toISOString()})`;
  switch (result.kind) {
    case "included":
      return `OK: ${where} is in the log: inclusion proof of ${result.proof.length} hashes verified against the checkpoint of size ${checkpoint.size}, and the entry (${result.entry.length} bytes) hashes to the receipt's leaf hash\n`;
    case "pending":
      return `NOT IN LOG: ${where} is beyond the log's tree of size ${checkpoint.size}. Either the log has not sealed it yet (retry later) or it rolled its tree back.\n\n${evidence(receipt, result.checkpointNote)}`;
    case "broken":
      return `BROKEN RECEIPT (${result.reason}): ${result.detail}\n\n${evidence(receipt, result.checkpointNote)}`;
  }
}

function evidence(receipt: string, checkpointNote: string): string {
  return [
    "Evidence: the receipt and the checkpoint below are both signed by the log's key.",
    "----- receipt -----",
    receipt.trimEnd(),
    "----- checkpoint -----",
    checkpointNote.trimEnd(),
    "----- end -----",
    "",
  ].join("\n");
}

function proveJson(result: ProveResult): Record<string, unknown> {
  const common = {
    index: result.receipt.index,
    leafHash: encodeBase64(result.receipt.leafHash),
    size: result.checkpoint.size,
    root: encodeBase64(result.checkpoint.rootHash),
  };
  switch (result.kind) {
    case "included":
      return {
        status: "included",
        ...common,
        proof: result.proof.map((h) => encodeBase64(h)),
        entry: encodeBase64(result.entry),
      };
    case "pending":
      return { status: "pending", ...common, checkpoint: result.checkpointNote };
    case "broken":
      return {
        status: "broken",
        reason: result.reason,
        detail: result.detail,
        ...common,
        checkpoint: result.checkpointNote,
      };
  }
}

/** SIGINT/SIGTERM end the loop after the current poll; sleeping is cut short. */
function stopOnSignals() {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    /** Sleeps `ms`; true when interrupted (time to stop). */
    sleep(ms: number): Promise<boolean> {
      if (controller.signal.aborted) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          controller.signal.removeEventListener("abort", onAbort);
          resolve(false);
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          resolve(true);
        };
        controller.signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    dispose() {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}
