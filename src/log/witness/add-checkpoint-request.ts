/**
 * The body of a tlog-witness `add-checkpoint` request (c2sp.org/tlog-witness §add-checkpoint):
 *
 *     old <size>\n                 decimal, no leading zeros ("0" for none)
 *     <base64 hash>\n …            0 to 63 consistency proof lines (RFC 6962 §2.1.2 proof)
 *     \n                           an empty line
 *     <signed checkpoint note>     may carry several signatures
 *
 * Pure: bytes or text in, values out; the witness verifies the checkpoint (openCheckpoint) and the proof.
 * Parser of untrusted bytes. Limits: MAX_ADD_CHECKPOINT_REQUEST_SIZE bytes, MAX_CONSISTENCY_PROOF_LINES
 * proof lines (the spec's cap: clients MUST NOT send more than 63), sizes up to Number.MAX_SAFE_INTEGER
 * (larger: LogError "too-large"). Also enforced: the proof MUST be empty when the old size is zero.
 */
import { parseTreeSize } from "../checkpoint/checkpoint.js";
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "../merkle/hash.js";
import { MAX_NOTE_SIZE } from "../note/limits.js";
import { decodeUtf8 } from "../note/utf8.js";

/** Most consistency proof lines in a request (c2sp.org/tlog-witness). */
export const MAX_CONSISTENCY_PROOF_LINES = 63;

/** Largest request body: a maximal signed note plus the old-size and proof lines, in bytes. */
export const MAX_ADD_CHECKPOINT_REQUEST_SIZE = MAX_NOTE_SIZE + 8 * 1024;

const OLD_PREFIX = "old ";

/** A parsed add-checkpoint request. */
export interface AddCheckpointRequest {
  /** Size of the checkpoint the client believes the witness last cosigned (0 if none). */
  readonly oldSize: number;
  /** RFC 6962 consistency proof from oldSize to the checkpoint's size (32-byte hashes). */
  readonly consistencyProof: readonly Uint8Array[];
  /** The signed checkpoint note, exactly as submitted (not yet verified). */
  readonly checkpoint: string;
}

/**
 * Parses an add-checkpoint request body. The checkpoint is returned unverified.
 *
 * @example parseAddCheckpointRequest("old 0\n\nexample.com/log\n1\n…=\n\n— example.com/log …\n")
 */
export function parseAddCheckpointRequest(body: string | Uint8Array): AddCheckpointRequest {
  const { text } = decodeUtf8(body, MAX_ADD_CHECKPOINT_REQUEST_SIZE, "add-checkpoint request");
  const lines = headerReader(text);
  const oldSize = parseOldSizeLine(lines.next());
  const consistencyProof = readProofLines(lines);
  const checkpoint = lines.rest();
  if (checkpoint.length === 0)
    throw new LogError("malformed", "add-checkpoint request has no checkpoint");
  requireEmptyProofForZeroSize(oldSize, consistencyProof);
  return { oldSize, consistencyProof, checkpoint };
}

/**
 * Formats an add-checkpoint request body.
 *
 * @example formatAddCheckpointRequest({ oldSize: 6, consistencyProof: proof, checkpoint: signed })
 */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, consistencyProof, checkpoint } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) {
    throw new LogError("malformed", `old size ${oldSize} is not a non-negative safe integer`);
  }
  if (consistencyProof.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw new LogError(
      "too-large",
      `a consistency proof has at most ${MAX_CONSISTENCY_PROOF_LINES} hashes`,
    );
  }
  for (const hash of consistencyProof) requireHashSize(hash);
  requireEmptyProofForZeroSize(oldSize, consistencyProof);
  if (!checkpoint.endsWith("\n"))
    throw new LogError("malformed", "signed checkpoint does not end in a newline");
  const proofLines = consistencyProof.map((h) => `${encodeBase64(h)}\n`).join("");
  const body = `${OLD_PREFIX}${oldSize}\n${proofLines}\n${checkpoint}`;
  decodeUtf8(body, MAX_ADD_CHECKPOINT_REQUEST_SIZE, "add-checkpoint request");
  return body;
}

interface HeaderReader {
  /** The next newline-terminated line, without its newline. */
  next(): string;
  /** Everything after the lines read so far. */
  rest(): string;
}

function headerReader(text: string): HeaderReader {
  let at = 0;
  return {
    next() {
      const end = text.indexOf("\n", at);
      if (end < 0) throw new LogError("malformed", "add-checkpoint request ends inside its header");
      const line = text.slice(at, end);
      at = end + 1;
      return line;
    },
    rest: () => text.slice(at),
  };
}

function parseOldSizeLine(line: string): number {
  if (!line.startsWith(OLD_PREFIX)) {
    throw new LogError("malformed", "add-checkpoint request does not start with 'old <size>'");
  }
  return parseTreeSize(line.slice(OLD_PREFIX.length), "old size");
}

// Proof lines run until the empty line; hashes are never empty, so the first empty line ends them.
function readProofLines(lines: HeaderReader): Uint8Array[] {
  const proof: Uint8Array[] = [];
  for (let line = lines.next(); line !== ""; line = lines.next()) {
    if (proof.length === MAX_CONSISTENCY_PROOF_LINES) {
      throw new LogError(
        "too-large",
        `more than ${MAX_CONSISTENCY_PROOF_LINES} consistency proof lines`,
      );
    }
    proof.push(requireHashSize(decodeBase64Strict(line, "consistency proof line")));
  }
  return proof;
}

function requireHashSize(hash: Uint8Array): Uint8Array {
  if (hash.length !== HASH_SIZE) {
    throw new LogError(
      "malformed",
      `consistency proof hash is ${hash.length} bytes, not ${HASH_SIZE}`,
    );
  }
  return hash;
}

function requireEmptyProofForZeroSize(oldSize: number, proof: readonly Uint8Array[]): void {
  if (oldSize === 0 && proof.length > 0) {
    throw new LogError("malformed", "the consistency proof must be empty when the old size is 0");
  }
}
