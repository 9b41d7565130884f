/**
 * Signed checkpoints (c2sp.org/tlog-checkpoint v1 §Signatures): a checkpoint note signed by its log and,
 * optionally, cosigned by witnesses (c2sp.org/tlog-cosignature v1).
 *
 * Fabrique requires the origin line to be the one the caller expects, by default the log's key name (the
 * spec says the key name SHOULD match the origin): a verifier is configured per log, and a checkpoint for
 * another origin is not this log's, whoever signed it. Older logs whose key name differs from their origin
 * (sum.golang.org signs "go.sum database tree") are opened by passing `origin` explicitly.
 * Parser of untrusted bytes: limits are those of openNote and parseCheckpoint.
 */
import { LogError } from "../errors.js";
import {
  cosignatureTimestamp,
  formatKeyId,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  openNote,
  signNote,
} from "../note/index.js";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint.js";

/** A verified cosignature and the time its cosigner says it saw the checkpoint. */
export interface Cosignature extends NoteSignature {
  /** POSIX seconds, from the cosignature's timestamped_signature. */
  readonly timestamp: number;
}

/** What opening a signed checkpoint establishes. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The exact checkpoint note text that was signed. */
  readonly text: string;
  /** The log's own verified signature. */
  readonly logSignature: NoteSignature;
  /** Verified cosignatures, one per cosigner key, in note order. */
  readonly cosignatures: readonly Cosignature[];
  /** Every verified signature (the log's and the cosigners'). */
  readonly verified: readonly NoteSignature[];
  /** Signatures from keys not given, kept for re-publication (identical lines once). */
  readonly unverified: readonly NoteSignature[];
}

/** The keys a checkpoint is checked against. */
export interface CheckpointVerifiers {
  /** The log's key. */
  readonly logVerifier: NoteVerifier;
  /** The origin line the checkpoint must carry; defaults to the log key name. */
  readonly origin?: string;
  /** tlog-cosignature verifiers (their signatures start with an 8-byte timestamp). */
  readonly cosigners?: readonly NoteVerifier[];
}

/**
 * Signs a checkpoint with each signer (the log's key, or cosigners), keeping `existing` signatures.
 *
 * @example signCheckpoint({ origin: "Log", size: 8, rootHash, extensions: [] }, [signerFromKey(logSkey)])
 */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): string {
  return signNote(formatCheckpoint(checkpoint), signers, existing);
}

/**
 * Opens a signed checkpoint: the note must carry a valid signature by the log's key and the expected
 * origin (by default the log key name); cosignatures by the given cosigners are verified and their
 * timestamps exposed.
 *
 * @example
 * const { checkpoint, cosignatures } = openCheckpoint(signed, { logVerifier, cosigners: [witness] })
 */
export function openCheckpoint(
  signed: string | Uint8Array,
  { logVerifier, origin = logVerifier.name, cosigners = [] }: CheckpointVerifiers,
): OpenedCheckpoint {
  const note = openNote(signed, [logVerifier, ...cosigners]);
  const checkpoint = parseCheckpoint(note.text);
  requireExpectedOrigin(checkpoint, origin);
  const logSignature = requireLogSignature(note.verified, logVerifier);
  return {
    checkpoint,
    text: note.text,
    logSignature,
    cosignatures: cosignaturesOf(note.verified, cosigners, logVerifier),
    verified: note.verified,
    unverified: note.unverified,
  };
}

function requireExpectedOrigin(checkpoint: Checkpoint, origin: string): void {
  if (checkpoint.origin !== origin) {
    throw new LogError(
      "unverified",
      `checkpoint origin "${checkpoint.origin}" is not the expected origin "${origin}"`,
    );
  }
}

function requireLogSignature(verified: readonly NoteSignature[], log: NoteVerifier): NoteSignature {
  const sig = verified.find((s) => isBy(s, log));
  if (sig === undefined) {
    throw new LogError(
      "unverified",
      `checkpoint is not signed by the log key ${log.name}+${formatKeyId(log.keyId)}`,
    );
  }
  return sig;
}

function cosignaturesOf(
  verified: readonly NoteSignature[],
  cosigners: readonly NoteVerifier[],
  log: NoteVerifier,
): Cosignature[] {
  return verified
    .filter((s) => !isBy(s, log) && cosigners.some((c) => isBy(s, c)))
    .map((s) => ({ ...s, timestamp: cosignatureTimestamp(s.signature) }));
}

function isBy(sig: NoteSignature, key: NoteVerifier): boolean {
  return sig.name === key.name && sig.keyId === key.keyId;
}
