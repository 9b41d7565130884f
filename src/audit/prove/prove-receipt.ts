/**
 * `fabrique audit prove`: is the entry a member was promised still in the log? A receipt
 * (src/log/receipt: `fabrique-receipt/v2`, an entry under its batch's signed note, or v1 for older
 * ones) is the log's signed promise that the entry with a given leaf hash sits at a given index. The
 * recipe, trusting only the log's key:
 *   1. open the receipt with the log's key;
 *   2. fetch the log's current checkpoint and open it with the same key;
 *   3. compute the inclusion proof of the receipt's index from the log's tiles, each authenticated
 *      against the checkpoint (createTileReader: its `get` is a HashStore), and verify that it leads
 *      from the receipt's leaf hash to the checkpoint's root (RFC 9162 §2.1.3);
 *   4. read the entry from its bundle and check that it hashes to the receipt's leaf hash.
 * A failure at 3 means the log's tree no longer holds the promised entry at that index (deleted or
 * replaced); at 4, that the entry bundle served was altered. Both are reported with the signed receipt
 * and checkpoint as evidence.
 */
import { type Checkpoint, openCheckpoint } from "../../log/checkpoint/index.js";
import type { Digest } from "../../log/crypto.js";
import { isLogError, LogError } from "../../log/errors.js";
import { inclusionProof, leafHash, sameBytes } from "../../log/merkle/index.js";
import { MAX_NOTE_SIZE, parseVerifierKey, verifierFromKey } from "../../log/note/index.js";
import { openReceipt, type Receipt, verifyReceiptInclusion } from "../../log/receipt/index.js";
import { createTileReader, type TileFetcher } from "../../log/tiles/index.js";

/** What proving a receipt found. */
export type ProveResult =
  | {
      /** The entry is in the log, at the promised index, with the promised bytes. */
      readonly kind: "included";
      readonly receipt: Receipt;
      readonly checkpoint: Checkpoint;
      readonly checkpointNote: string;
      /** The inclusion proof, leaf level first. */
      readonly proof: readonly Digest[];
      readonly entry: Uint8Array;
    }
  | {
      /** The log's tree does not (yet) reach the receipt's index: not sealed yet, or rolled back. */
      readonly kind: "pending";
      readonly receipt: Receipt;
      readonly checkpoint: Checkpoint;
      readonly checkpointNote: string;
    }
  | {
      /** The promise is broken: `reason` says how. */
      readonly kind: "broken";
      readonly reason: "not-in-tree" | "entry-altered";
      readonly detail: string;
      readonly receipt: Receipt;
      readonly checkpoint: Checkpoint;
      readonly checkpointNote: string;
    };

/**
 * Proves a signed receipt against the log that `source` serves. Throws LogError for a receipt or a
 * checkpoint that does not verify under `vkey`, and for tiles that do not match the log's own
 * checkpoint ("inconsistent"); "missing" when the source cannot be read.
 *
 * @example const result = await proveReceipt({ source: urlFetcher(url), vkey, receipt: signedText })
 */
export async function proveReceipt(options: {
  readonly source: TileFetcher;
  readonly vkey: string;
  readonly receipt: string | Uint8Array;
}): Promise<ProveResult> {
  const key = parseVerifierKey(options.vkey.trim());
  if (key.kind !== "ed25519") {
    throw new LogError("malformed", `a log key is an Ed25519 (0x01) key, not ${key.kind}`);
  }
  const logVerifier = verifierFromKey(key);
  const { receipt } = openReceipt(options.receipt, { logVerifier });
  const checkpointBytes = await options.source.fetch("checkpoint");
  if (checkpointBytes.length > MAX_NOTE_SIZE) {
    throw new LogError("too-large", "checkpoint is too large");
  }
  const { checkpoint } = openCheckpoint(checkpointBytes, { logVerifier });
  const checkpointNote = Buffer.from(checkpointBytes).toString("utf8");
  const base = { receipt, checkpoint, checkpointNote };
  if (receipt.index >= checkpoint.size) return { kind: "pending", ...base };
  const reader = createTileReader(checkpoint, options.source);
  const proof = await inclusionProof(reader, receipt.index, checkpoint.size);
  const included = checkInclusion(receipt, checkpoint, proof);
  if (included !== undefined)
    return { kind: "broken", reason: "not-in-tree", detail: included, ...base };
  const entry = await readEntry(reader, receipt.index);
  if (typeof entry === "string") {
    return { kind: "broken", reason: "entry-altered", detail: entry, ...base };
  }
  // Implied by steps 3 and 4 (the bundle matches the authenticated tile, whose leaf the proof fixed),
  // and checked anyway: this is the one comparison the member cares about.
  if (!entryMatchesReceipt(entry, receipt)) {
    const detail = `the entry at index ${receipt.index} does not hash to the receipt's leaf hash`;
    return { kind: "broken", reason: "entry-altered", detail, ...base };
  }
  return { kind: "included", ...base, proof, entry };
}

/** Step 3; undefined when the proof verifies, else why not. */
function checkInclusion(
  receipt: Receipt,
  checkpoint: Checkpoint,
  proof: readonly Digest[],
): string | undefined {
  try {
    verifyReceiptInclusion(receipt, checkpoint, proof);
    return undefined;
  } catch (error) {
    if (!isLogError(error)) throw error;
    return `the log's tree of size ${checkpoint.size} does not hold the receipt's leaf hash at index ${receipt.index}: ${error.message}`;
  }
}

/** Step 4; the entry, or why it is not the promised one. */
async function readEntry(
  reader: ReturnType<typeof createTileReader>,
  index: number,
): Promise<Uint8Array | string> {
  try {
    const [entry] = await reader.readEntries([index]);
    if (entry === undefined) throw new LogError("missing", `entry ${index} was not read`);
    return entry;
  } catch (error) {
    if (isLogError(error, "inconsistent") || isLogError(error, "malformed")) {
      return `the entry bundle holding index ${index} does not match the log's tiles: ${error.message}`;
    }
    throw error;
  }
}

/**
 * True when `entry` is the entry a receipt promises (its RFC 9162 leaf hash).
 *
 * @example entryMatchesReceipt(entry, receipt)
 */
export function entryMatchesReceipt(entry: Uint8Array, receipt: Receipt): boolean {
  return sameBytes(leafHash(entry), receipt.leafHash);
}
