/**
 * A monitor's state directory:
 *
 *     <state>/history.jsonl   every distinct checkpoint verified so far, oldest first (seen-checkpoint.ts)
 *     <state>/checkpoint      the latest verified checkpoint (the signed note), for people and scripts
 *     <state>/mirror/         the log's tiles and entry bundles up to the latest checkpoint (C2SP layout)
 *     <state>/evidence/       fork evidence, one file per fork detected
 *
 * Writes go in an order that a crash cannot turn into a lie: mirror tiles, mirror checkpoint, history,
 * then `checkpoint`, each durably; the latest checkpoint is the largest one of the history, so a crash
 * between the last two writes loses nothing.
 */
import { join } from "node:path";
import { openCheckpoint } from "../../log/checkpoint/index.js";
import { LogError } from "../../log/errors.js";
import type { NoteVerifier } from "../../log/note/index.js";
import { readSmallFile, writeFileDurably } from "../durable-file.js";
import {
  formatSeenLine,
  MAX_HISTORY_SIZE,
  parseHistory,
  type SeenCheckpoint,
} from "./seen-checkpoint.js";

/** What the monitor knows about the log. */
export interface FollowerState {
  /** The latest (largest) verified checkpoint; the mirror is complete up to it. */
  readonly latest: SeenCheckpoint | undefined;
  /** Every distinct verified checkpoint, oldest first, the latest included. */
  readonly history: readonly SeenCheckpoint[];
}

/** Paths inside a state directory. */
export function statePaths(dir: string) {
  return {
    history: join(dir, "history.jsonl"),
    checkpoint: join(dir, "checkpoint"),
    mirror: join(dir, "mirror"),
    evidence: join(dir, "evidence"),
  } as const;
}

/**
 * Loads the state of the log `logVerifier` signs (an empty state for a new directory). The latest
 * checkpoint's signature is checked again, so that a state directory of another log, or another key,
 * is refused rather than silently compared.
 *
 * @example const state = await loadFollowerState("state", verifierFromKey(vkey))
 */
export async function loadFollowerState(
  dir: string,
  logVerifier: NoteVerifier,
): Promise<FollowerState> {
  const bytes = await readSmallFile(statePaths(dir).history, MAX_HISTORY_SIZE);
  if (bytes === undefined) return { latest: undefined, history: [] };
  const history = parseHistory(Buffer.from(bytes).toString("utf8"), logVerifier.name);
  const latest = largest(history);
  if (latest !== undefined) {
    try {
      openCheckpoint(latest.note, { logVerifier });
    } catch (cause) {
      throw new LogError(
        "malformed",
        `the state in ${dir} is not that of the log ${logVerifier.name}: its latest checkpoint does not verify`,
        { cause },
      );
    }
  }
  return { latest, history };
}

/**
 * Adds `seen` (a checkpoint verified consistent with the whole history) and makes it the latest when
 * it is the largest; writes the history, then the `checkpoint` file, durably.
 *
 * @example state = await recordCheckpoint("state", state, seen)
 */
export async function recordCheckpoint(
  dir: string,
  state: FollowerState,
  seen: SeenCheckpoint,
): Promise<FollowerState> {
  const history = state.history.some((h) => h.size === seen.size)
    ? state.history
    : [...state.history, seen];
  const latest = largest(history);
  const paths = statePaths(dir);
  await writeFileDurably(paths.history, history.map((h) => `${formatSeenLine(h)}\n`).join(""));
  if (latest !== undefined) await writeFileDurably(paths.checkpoint, latest.note);
  return { latest, history };
}

function largest(history: readonly SeenCheckpoint[]): SeenCheckpoint | undefined {
  let best: SeenCheckpoint | undefined;
  for (const h of history) if (best === undefined || h.size > best.size) best = h;
  return best;
}
