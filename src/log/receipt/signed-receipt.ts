/**
 * Signed receipts: receipt text (receipt.ts) as a C2SP signed note (c2sp.org/signed-note), signed by the
 * log's own Ed25519 key (type 0x01), the key that signs its checkpoints. As with checkpoints
 * (signed-checkpoint.ts), the receipt's origin must be the one the verifier expects, by default the key
 * name: a receipt for another log is not this log's, whoever signed it.
 *
 * Parser of untrusted bytes. Limits: MAX_SIGNED_RECEIPT_SIZE bytes for the whole note, checked before
 * anything is parsed; then openNote's and parseReceipt's limits.
 */
import { LogError } from "../errors.js";
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
import { formatReceipt, parseReceipt, type Receipt } from "./receipt.js";

/**
 * Largest signed receipt accepted, in UTF-8 bytes: the text (≤ 1 KiB) and a handful of signature lines
 * (~150 bytes each for Ed25519), with room for a future cosignature or two.
 */
export const MAX_SIGNED_RECEIPT_SIZE = 16 * 1024;

/** What opening a signed receipt establishes. */
export interface OpenedReceipt {
  readonly receipt: Receipt;
  /** The exact receipt text that was signed. */
  readonly text: string;
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
 * Opens a signed receipt: a valid signature by the log's key and the expected origin, or LogError
 * ("unverified", "bad-signature", "malformed", "too-large").
 *
 * @example const { receipt } = openReceipt(signed, { logVerifier: verifierFromKey(vkey) })
 */
export function openReceipt(
  signed: string | Uint8Array,
  { logVerifier, origin = logVerifier.name }: ReceiptVerifier,
): OpenedReceipt {
  decodeUtf8(signed, MAX_SIGNED_RECEIPT_SIZE, "signed receipt");
  const note = openNote(signed, [logVerifier]);
  const receipt = parseReceipt(note.text);
  if (receipt.origin !== origin) {
    throw new LogError(
      "unverified",
      `receipt origin "${receipt.origin}" is not the expected origin "${origin}"`,
    );
  }
  const signature = note.verified.find(
    (s) => s.name === logVerifier.name && s.keyId === logVerifier.keyId,
  );
  if (signature === undefined) {
    const key = `${logVerifier.name}+${formatKeyId(logVerifier.keyId)}`;
    throw new LogError("unverified", `receipt is not signed by the log key ${key}`);
  }
  return { receipt, text: note.text, signature };
}

/**
 * Verifies a signed receipt with the log's encoded verifier key (`name+keyid+base64`, the vkey that opens
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
