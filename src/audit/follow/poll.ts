/**
 * One poll of `fabrique audit follow`: a monitor that trusts the log's key and nothing else. The recipe:
 *   1. load what this monitor verified before (follower-state.ts);
 *   2. fetch the log's checkpoint and open it with the log's key (c2sp.org/tlog-checkpoint);
 *   3. compare it with every checkpoint seen before: same size, same root; a larger tree must extend
 *      each smaller one (consistency.ts), a smaller one must be a prefix of the latest (a stale view);
 *   4. on a fork, write the evidence (both signed checkpoints) and stop;
 *   5. otherwise mirror the new tiles and entry bundles, each authenticated (mirror.ts), and
 *   6. record the checkpoint as verified, durably.
 */
import { join } from "node:path";
import { openCheckpoint } from "../../log/checkpoint/index.js";
import { LogError } from "../../log/errors.js";
import {
  MAX_NOTE_SIZE,
  type NoteVerifier,
  parseVerifierKey,
  verifierFromKey,
} from "../../log/note/index.js";
import { createTileReader, type TileFetcher } from "../../log/tiles/index.js";
import { readSmallFile, writeFileDurably } from "../durable-file.js";
import { directoryFetcher } from "../fetch/fetchers.js";
import { checkAgainstHistory, findSameSizeFork, proveExtension } from "./consistency.js";
import { firstOf } from "./fetchers.js";
import {
  type FollowerState,
  loadFollowerState,
  recordCheckpoint,
  statePaths,
} from "./follower-state.js";
import { type Fork, formatForkEvidence } from "./fork.js";
import { type MirrorStats, mirrorTree, type ProgressSink } from "./mirror.js";
import type { SeenCheckpoint } from "./seen-checkpoint.js";

/** What a poll needs. */
export interface PollOptions {
  /** Where the log is served (a URL prefix or a directory, through a bounded fetcher). */
  readonly source: TileFetcher;
  /** The source as people know it (URL or path), for reports and evidence. */
  readonly sourceName: string;
  /** The log's Ed25519 verifier key (`name+id+key`); its name is the log's origin. */
  readonly vkey: string;
  /** The monitor's state directory (follower-state.ts). */
  readonly stateDir: string;
  /** Progress of mirroring, in entries. */
  readonly report?: ProgressSink;
  /** The wall clock; `new Date()` by default. */
  readonly now?: () => Date;
}

/** What one poll found. */
export type PollResult =
  | { readonly kind: "first"; readonly checkpoint: SeenCheckpoint; readonly mirrored: MirrorStats }
  | {
      readonly kind: "grew";
      readonly previous: SeenCheckpoint;
      readonly checkpoint: SeenCheckpoint;
      /** How many earlier checkpoints the new one was proven consistent with. */
      readonly proven: number;
      readonly mirrored: MirrorStats;
    }
  | { readonly kind: "unchanged"; readonly checkpoint: SeenCheckpoint }
  | {
      /** The log served a smaller tree than the latest verified one, consistent with it. */
      readonly kind: "stale";
      readonly checkpoint: SeenCheckpoint;
      readonly latest: SeenCheckpoint;
    }
  | {
      readonly kind: "fork";
      readonly fork: Fork;
      readonly evidencePath: string;
      readonly evidence: string;
    };

/**
 * Polls the log once. Verification failures that are not forks (a bad checkpoint signature, tiles that
 * do not match the log's own checkpoint) throw LogError; an unreachable source throws ("missing").
 *
 * @example const result = await pollOnce({ source: urlFetcher(url), sourceName: url, vkey, stateDir })
 */
export async function pollOnce(options: PollOptions): Promise<PollResult> {
  const now = options.now ?? (() => new Date());
  const logVerifier = logVerifierOf(options.vkey);
  const state = await loadFollowerState(options.stateDir, logVerifier);
  const served = await fetchCheckpoint(options.source, logVerifier, now());
  const { latest } = state;
  const sameSize = findSameSizeFork(served, state.history);
  if (sameSize !== undefined) return reportFork(options, sameSize, now());
  if (latest !== undefined && served.size <= latest.size) {
    return checkOlderView(options, served, latest, now());
  }
  return advance(options, state, served, now());
}

/** Steps 3 and 5–6 for a tree larger than any seen. */
async function advance(
  options: PollOptions,
  state: FollowerState,
  served: SeenCheckpoint,
  detectedAt: Date,
): Promise<PollResult> {
  const mirror = statePaths(options.stateDir).mirror;
  // With a mirror, tiles it holds are read locally; a first run has none to look up.
  const local =
    state.latest === undefined ? options.source : firstOf(directoryFetcher(mirror), options.source);
  const readers = {
    // Proofs against a long history touch many tiles: keep up to 32 MiB of them authenticated.
    preferred: createTileReader(served, local, { maxCachedTiles: 4096 }),
    sourceOnly: () => createTileReader(served, options.source),
  };
  const verdict = await checkAgainstHistory(served, state.history, readers);
  if (verdict.kind === "fork") return reportFork(options, verdict.fork, detectedAt);
  const from = await mirroredSize(mirror, state.latest);
  const mirrored = await mirrorTree(verdict.reader, from, mirror, served.note, options.report);
  await recordCheckpoint(options.stateDir, state, served);
  if (state.latest === undefined) return { kind: "first", checkpoint: served, mirrored };
  return {
    kind: "grew",
    previous: state.latest,
    checkpoint: served,
    proven: verdict.proven,
    mirrored,
  };
}

/** A tree no larger than the latest: the same one, or a prefix of it (a stale view), or a fork. */
async function checkOlderView(
  options: PollOptions,
  served: SeenCheckpoint,
  latest: SeenCheckpoint,
  detectedAt: Date,
): Promise<PollResult> {
  if (served.size === latest.size) return { kind: "unchanged", checkpoint: latest };
  if (served.size === 0) return { kind: "stale", checkpoint: served, latest };
  // The latest tree is mirrored: prove from its tiles (authenticated against its root) that it
  // extends the tree served now.
  const mirror = statePaths(options.stateDir).mirror;
  const reader = createTileReader(latest, firstOf(directoryFetcher(mirror), options.source));
  const attempt = await proveExtension(reader, served, latest);
  switch (attempt.kind) {
    case "proven":
      return { kind: "stale", checkpoint: served, latest };
    case "fork":
      return reportFork(options, attempt.fork, detectedAt);
    case "unreadable":
      throw attempt.error;
  }
}

/** Step 2: the checkpoint, opened with the log's key (origin = key name). */
async function fetchCheckpoint(
  source: TileFetcher,
  logVerifier: NoteVerifier,
  seenAt: Date,
): Promise<SeenCheckpoint> {
  const bytes = await source.fetch("checkpoint");
  if (bytes.length > MAX_NOTE_SIZE) throw new LogError("too-large", "checkpoint is too large");
  const opened = openCheckpoint(bytes, { logVerifier });
  return {
    size: opened.checkpoint.size,
    rootHash: opened.checkpoint.rootHash,
    note: Buffer.from(bytes).toString("utf8"),
    seen: seenAt.toISOString(),
  };
}

/** Step 4: the evidence file, written durably before the fork is reported. */
async function reportFork(options: PollOptions, fork: Fork, detectedAt: Date): Promise<PollResult> {
  const evidence = formatForkEvidence(fork, {
    origin: logVerifierOf(options.vkey).name,
    source: options.sourceName,
    detectedAt,
  });
  const name = `${detectedAt.toISOString().replaceAll(":", "-")}.txt`;
  const evidencePath = join(statePaths(options.stateDir).evidence, name);
  await writeFileDurably(evidencePath, evidence);
  return { kind: "fork", fork, evidencePath, evidence };
}

/** Where mirroring resumes: the latest size if the mirror holds that checkpoint, else from scratch. */
async function mirroredSize(mirror: string, latest: SeenCheckpoint | undefined): Promise<number> {
  if (latest === undefined) return 0;
  const held = await readSmallFile(join(mirror, "checkpoint"), MAX_NOTE_SIZE);
  return held !== undefined && Buffer.from(held).toString("utf8") === latest.note ? latest.size : 0;
}

function logVerifierOf(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey.trim());
  if (key.kind !== "ed25519") {
    throw new LogError("malformed", `a log key is an Ed25519 (0x01) key, not ${key.kind}`);
  }
  return verifierFromKey(key);
}
