/**
 * What a witness remembers: for each log, the latest checkpoint it cosigned (c2sp.org/tlog-witness: "the
 * witness is only required to keep track of the latest checkpoint it observed and verified"). One file
 * per log, `<state>/logs/<hex SHA-256 of the origin>.json`, replaced durably (durable-file.ts) before the
 * witness answers, so that a restart never forgets a cosigned size and never cosigns a fork.
 *
 * One process owns a state directory: `<state>/witness.lock` holds its pid, and a second witness over
 * the same directory is refused while that process lives (two processes would each hold their own
 * per-origin lock, and could cosign two forks).
 *
 * Parser of untrusted bytes (the files could be damaged). Limits: MAX_STATE_FILE_SIZE bytes per file;
 * the record must name the origin it is filed under and agree with the signed checkpoint it holds.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseCheckpoint } from "../../log/checkpoint/index.js";
import { sha256 } from "../../log/crypto.js";
import { decodeBase64Strict, encodeBase64 } from "../../log/encoding/base64.js";
import { LogError } from "../../log/errors.js";
import { sameBytes } from "../../log/merkle/index.js";
import { MAX_NOTE_SIZE, splitNote } from "../../log/note/index.js";
import { readSmallFile, writeFileDurably } from "../durable-file.js";

/** Largest state file read: a maximal signed note, JSON-escaped, plus a few fields. */
export const MAX_STATE_FILE_SIZE = 8 * MAX_NOTE_SIZE;

/** The latest checkpoint a witness cosigned for one log. */
export interface CosignedCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed checkpoint as submitted (kept as evidence: the log signed it). */
  readonly checkpoint: string;
}

/** The witness's durable memory. */
export interface WitnessState {
  /** The latest cosigned checkpoint of `origin`, or undefined if the witness never cosigned one. */
  latest(origin: string): Promise<CosignedCheckpoint | undefined>;
  /** Records `cosigned` as the latest of `origin`, durably, before resolving. */
  commit(origin: string, cosigned: CosignedCheckpoint): Promise<void>;
  /** Writes a file under `<state>/evidence/` (a log's signed misbehaviour), durably. */
  keepEvidence(name: string, text: string): Promise<string>;
  /** Releases the state directory. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the state directory `dir`, taking its lock.
 *
 * @example const state = await openWitnessState("/var/lib/fabrique-witness")
 */
export async function openWitnessState(dir: string): Promise<WitnessState> {
  const releaseLock = await lockDirectory(dir);
  const cache = new Map<string, CosignedCheckpoint | undefined>();
  const fileOf = (origin: string) => join(dir, "logs", `${originDigest(origin)}.json`);
  return {
    async latest(origin) {
      if (!cache.has(origin)) cache.set(origin, await readRecord(fileOf(origin), origin));
      return cache.get(origin);
    },
    async commit(origin, cosigned) {
      await writeFileDurably(fileOf(origin), formatRecord(origin, cosigned));
      cache.set(origin, cosigned);
    },
    async keepEvidence(name, text) {
      const path = join(dir, "evidence", name);
      await writeFileDurably(path, text);
      return path;
    },
    close: releaseLock,
  };
}

function originDigest(origin: string): string {
  return Buffer.from(sha256(new TextEncoder().encode(origin))).toString("hex");
}

function formatRecord(origin: string, cosigned: CosignedCheckpoint): string {
  const record = {
    origin,
    size: cosigned.size,
    root: encodeBase64(cosigned.rootHash),
    checkpoint: cosigned.checkpoint,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

async function readRecord(path: string, origin: string): Promise<CosignedCheckpoint | undefined> {
  const bytes = await readSmallFile(path, MAX_STATE_FILE_SIZE);
  if (bytes === undefined) return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new LogError("malformed", `witness state ${path} is not JSON`, { cause });
  }
  const { origin: filed, size, root, checkpoint } = record;
  if (filed !== origin || typeof root !== "string" || typeof checkpoint !== "string") {
    throw new LogError("malformed", `witness state ${path} is not a record of ${origin}`);
  }
  const rootHash = decodeBase64Strict(root, `${path} root`);
  const signed = parseCheckpoint(splitNote(checkpoint).text);
  if (signed.origin !== origin || signed.size !== size || !sameBytes(signed.rootHash, rootHash)) {
    throw new LogError("malformed", `witness state ${path} disagrees with its own checkpoint`);
  }
  return { size: signed.size, rootHash, checkpoint };
}

/** Takes `<dir>/witness.lock`, or refuses while the process named in it is alive. */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, "witness.lock");
  await mkdir(join(dir, "logs"), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, "wx", 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
        throw busy(
          `${dir} is in use by witness process ${holder}: one witness per state directory (if no witness runs, remove ${path})`,
        );
      }
      // The process that held the lock is gone (a crash): its state files are complete, take over.
      await rm(path, { force: true });
    }
  }
  throw busy(`cannot take the lock ${path}`);
}

// A system error's shape (code EBUSY), which the CLI reports as "unavailable" like any other.
function busy(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: "EBUSY" });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
