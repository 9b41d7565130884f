/**
 * Signed receipts, both versions, signed by the log's own Ed25519 key (type 0x01), the key that signs its
 * checkpoints:
 * - v1: receipt text (receipt.ts) as a C2SP signed note (c2sp.org/signed-note), one signature per entry;
 * - v2: an entry's head (index, leaf hash, audit path; entry-receipt.ts) and the signed note of its batch
 *   (batch-note.ts), one signature per batch of appended entries.
 * The first line says which. As with checkpoints (signed-checkpoint.ts), the receipt's origin must be the
 * one the verifier expects, by default the key name: a receipt for another log is not this log's,
 * whoever signed it.
 *
 * Parser of untrusted bytes. Limits: MAX_SIGNED_RECEIPT_SIZE bytes for the whole receipt, checked before
 * anything is parsed; then openNote's, parseReceipt's, splitEntryReceipt's and parseReceiptBatch's.
 */
import { LogError } from "../errors.js";
import { sameBytes } from "../merkle/same-bytes.js";
import { rootFromInclusionProof } from "../merkle/verify-inclusion.js";
import {
  formatKeyId,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  openNote,
  parseVerifierKey,
  signNote,
  type VerifierKey,
  verifierFromKey,
} from "../note/index.js";
import { decodeUtf8 } from "../note/utf8.js";
import { formatReceiptBatch, parseReceiptBatch, type ReceiptBatch } from "./batch-note.js";
import { RECEIPT_V2_HEADER, splitEntryReceipt } from "./entry-receipt.js";
import { formatReceipt, parseReceipt, RECEIPT_HEADER, type Receipt } from "./receipt.js";

/**
 * Largest signed receipt accepted, in UTF-8 bytes: the text (≤ 1 KiB) and a handful of signature lines
 * (~150 bytes each for Ed25519), with room for a future cosignature or two.
 */
export const MAX_SIGNED_RECEIPT_SIZE = 16 * 1024;

/** What opening a signed receipt establishes. */
export interface OpenedReceipt {
  /** 1: the receipt is a signed note of its own; 2: an entry of a signed batch. */
  readonly version: 1 | 2;
  readonly receipt: Receipt;
  /** The exact text that was signed: the v1 receipt text, or the v2 batch note text. */
  readonly text: string;
  /** The signed batch (v2 only). */
  readonly batch?: ReceiptBatch;
  /** The log's verified signature (its keyId is the note key ID, c2sp.org/signed-note). */
  readonly signature: NoteSignature;
}

/** The key a receipt is checked against, and the origin it must carry. */
export interface ReceiptVerifier {
  /** The log's key. */
  readonly logVerifier: NoteVerifier;
  /** The origin line the receipt must carry; defaults to the log key name. */
  readonly origin?: string;
}

/**
 * Signs a receipt with the log's key, whose name must be the receipt's origin (the log names itself).
 *
 * @example const signed = signReceipt({ origin, index, leafHash, time }, ed25519NoteSigner(origin, seed))
 */
export function signReceipt(receipt: Receipt, logSigner: NoteSigner): string {
  if (logSigner.name !== receipt.origin) {
    throw new LogError(
      "malformed",
      `receipt origin "${receipt.origin}" is not the signer's key name "${logSigner.name}"`,
    );
  }
  return signNote(formatReceipt(receipt), [logSigner]);
}

/**
 * Signs a batch note once for all its entries (receipt v2) with the log's key, whose name must be the
 * batch's origin. Each entry's receipt is then formatEntryReceipt(its proof, this note).
 *
 * @example const signedBatch = signReceiptBatch({ origin, first, size, root, time }, signer)
 */
export function signReceiptBatch(batch: ReceiptBatch, logSigner: NoteSigner): string {
  if (logSigner.name !== batch.origin) {
    throw new LogError(
      "malformed",
      `receipt batch origin "${batch.origin}" is not the signer's key name "${logSigner.name}"`,
    );
  }
  return signNote(formatReceiptBatch(batch), [logSigner]);
}

/**
 * Opens a signed receipt of either version: a valid signature by the log's key and the expected origin,
 * and for v2 an audit path that leads from the leaf hash to the signed batch root at an index inside the
 * batch; or LogError ("unverified", "bad-signature", "invalid-proof", "out-of-range", "malformed",
 * "too-large").
 *
 * @example const { receipt } = openReceipt(signed, { logVerifier: verifierFromKey(vkey) })
 */
export function openReceipt(
  signed: string | Uint8Array,
  { logVerifier, origin = logVerifier.name }: ReceiptVerifier,
): OpenedReceipt {
  const { text: whole } = decodeUtf8(signed, MAX_SIGNED_RECEIPT_SIZE, "signed receipt");
  if (whole.startsWith(`${RECEIPT_V2_HEADER}\n`))
    return openEntryReceipt(whole, logVerifier, origin);
  if (!whole.startsWith(`${RECEIPT_HEADER}\n`)) {
    throw new LogError(
      "malformed",
      `a receipt starts with ${RECEIPT_HEADER} or ${RECEIPT_V2_HEADER}`,
    );
  }
  const note = openNote(whole, [logVerifier]);
  const receipt = parseReceipt(note.text);
  requireOrigin(receipt.origin, origin);
  const signature = logSignature(note.verified, logVerifier);
  return { version: 1, receipt, text: note.text, signature };
}

function openEntryReceipt(whole: string, logVerifier: NoteVerifier, origin: string): OpenedReceipt {
  const entry = splitEntryReceipt(whole);
  const note = openNote(entry.signedBatch, [logVerifier]);
  const batch = parseReceiptBatch(note.text);
  requireOrigin(batch.origin, origin);
  const signature = logSignature(note.verified, logVerifier);
  if (entry.index < batch.first || entry.index - batch.first >= batch.size) {
    throw new LogError(
      "out-of-range",
      `receipt index ${entry.index} is not in the batch [${batch.first}, ${batch.first + batch.size})`,
    );
  }
  const root = rootFromInclusionProof({
    index: entry.index - batch.first,
    treeSize: batch.size,
    leafHash: entry.leafHash,
    proof: entry.path,
  });
  if (!sameBytes(root, batch.root)) {
    throw new LogError(
      "invalid-proof",
      `the receipt's leaf hash and path do not lead to the signed root of batch ${batch.first}+${batch.size}`,
    );
  }
  const receipt = {
    origin: batch.origin,
    index: entry.index,
    leafHash: entry.leafHash,
    time: batch.time,
  };
  return { version: 2, receipt, text: note.text, batch, signature };
}

function requireOrigin(actual: string, expected: string): void {
  if (actual !== expected) {
    throw new LogError(
      "unverified",
      `receipt origin "${actual}" is not the expected origin "${expected}"`,
    );
  }
}

function logSignature(
  verified: readonly NoteSignature[],
  logVerifier: NoteVerifier,
): NoteSignature {
  const signature = verified.find(
    (s) => s.name === logVerifier.name && s.keyId === logVerifier.keyId,
  );
  if (signature === undefined) {
    const key = `${logVerifier.name}+${formatKeyId(logVerifier.keyId)}`;
    throw new LogError("unverified", `receipt is not signed by the log key ${key}`);
  }
  return signature;
}

/**
 * Verifies a signed receipt (v1 or v2) with the log's encoded verifier key (`name+keyid+base64`, the vkey that opens
 * its checkpoints) and returns what it promises. Only Ed25519 (type 0x01) log keys sign receipts.
 *
 * @example verifyReceipt(signed, "fabrique.local/spaces/market+1a2b3c4d+AW…").index // 7
 */
export function verifyReceipt(signed: string | Uint8Array, vkey: string | VerifierKey): Receipt {
  const key = typeof vkey === "string" ? parseVerifierKey(vkey) : vkey;
  if (key.kind !== "ed25519") {
    throw new LogError(
      "malformed",
      `receipts are signed by Ed25519 log keys, not ${key.kind} keys`,
    );
  }
  return openReceipt(signed, { logVerifier: verifierFromKey(key) }).receipt;
}
