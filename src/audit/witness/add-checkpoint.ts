/**
 * The witness's decision on one `add-checkpoint` request (c2sp.org/tlog-witness §add-checkpoint), as a
 * recipe in the spec's order:
 *   1. parse the body (400 when it does not follow the format);
 *   2. find the log by the checkpoint's origin line (404 when unknown);
 *   3. verify the checkpoint with the log's trusted keys, ignoring unknown keys (403 when none verifies);
 *   4. the old size may not exceed the checkpoint's size (400);
 *   then, atomically per log (keyed-lock.ts) with the durable state (witness-state.ts):
 *   5. the old size must be the latest cosigned size, or 0 when none (409, body `<size>\n`,
 *      Content-Type text/x.tlog.size);
 *   6. at the same size, the root must be the cosigned one (409: a fork, kept as evidence);
 *   7. the consistency proof from the cosigned tree must verify (RFC 6962 §2.1.2; 422);
 *   8. persist the checkpoint as the latest cosigned, durably, and only then
 *   9. cosign it (c2sp.org/tlog-cosignature, cosignature/v1 with a timestamp) and answer 200.
 */
import { type Checkpoint, parseCheckpoint } from "../../log/checkpoint/index.js";
import { sha256 } from "../../log/crypto.js";
import { isLogError, LogError } from "../../log/errors.js";
import { sameBytes, verifyConsistency } from "../../log/merkle/index.js";
import { type NoteSigner, openNote, signText, splitNote } from "../../log/note/index.js";
import {
  type AddCheckpointRequest,
  type AddCheckpointResponse,
  parseAddCheckpointRequest,
} from "../../log/witness/index.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { CosignedCheckpoint, WitnessState } from "./witness-state.js";
import type { WitnessedLog, WitnessedLogs } from "./witnessed-logs.js";

/** What the witness decides with. */
export interface WitnessCore {
  readonly logs: WitnessedLogs;
  readonly state: WitnessState;
  readonly lock: KeyedLock;
  /** The witness's cosignature/v1 signer (its clock stamps each cosignature). */
  readonly cosigner: NoteSigner;
}

/** A request that passed the checks outside the lock: a verified checkpoint of a known log. */
interface VerifiedRequest {
  readonly request: AddCheckpointRequest;
  readonly log: WitnessedLog;
  readonly checkpoint: Checkpoint;
  /** The checkpoint note text (what the cosignature signs). */
  readonly text: string;
}

/**
 * Decides an add-checkpoint request body. Never throws for a client's mistake: every refusal is a
 * response of the spec; errors of the witness itself (a full disk) are thrown.
 *
 * @example const response = await addCheckpoint(core, body); formatAddCheckpointResponse(response)
 */
export async function addCheckpoint(
  core: WitnessCore,
  body: Uint8Array | string,
): Promise<AddCheckpointResponse> {
  const parsed = parseRequest(body);
  if (parsed.kind !== "parsed") return parsed;
  const known = findLog(core.logs, parsed.request);
  if (known.kind !== "found") return known;
  const verified = verifyCheckpoint(parsed.request, known.log);
  if (verified.kind !== "verified") return verified;
  const { request, checkpoint } = verified.value;
  if (request.oldSize > checkpoint.size) {
    return {
      kind: "bad-request",
      message: `old size ${request.oldSize} is greater than the checkpoint size ${checkpoint.size}`,
    };
  }
  return core.lock.run(checkpoint.origin, () => decideAndCommit(core, verified.value));
}

/** Steps 5–9, under the log's lock. */
async function decideAndCommit(
  core: WitnessCore,
  verified: VerifiedRequest,
): Promise<AddCheckpointResponse> {
  const { request, checkpoint } = verified;
  const latest = await core.state.latest(checkpoint.origin);
  const latestSize = latest?.size ?? 0;
  if (request.oldSize !== latestSize) return { kind: "old-size-mismatch", latestSize };
  const refusal =
    latest !== undefined && latest.size === checkpoint.size
      ? await requireSameTree(core, verified, latest)
      : requireConsistentExtension(verified, latest);
  if (refusal !== undefined) return refusal;
  await core.state.commit(checkpoint.origin, {
    size: checkpoint.size,
    rootHash: checkpoint.rootHash,
    checkpoint: request.checkpoint,
  });
  return { kind: "cosigned", cosignatures: signText(verified.text, [core.cosigner]) };
}

function parseRequest(
  body: Uint8Array | string,
): { readonly kind: "parsed"; readonly request: AddCheckpointRequest } | AddCheckpointResponse {
  try {
    return { kind: "parsed", request: parseAddCheckpointRequest(body) };
  } catch (error) {
    return { kind: "bad-request", message: messageOf(error) };
  }
}

/** Step 2: the origin line names the log; read it before trusting anything (it only routes). */
function findLog(
  logs: WitnessedLogs,
  request: AddCheckpointRequest,
): { readonly kind: "found"; readonly log: WitnessedLog } | AddCheckpointResponse {
  let origin: string;
  try {
    origin = parseCheckpoint(splitNote(request.checkpoint).text).origin;
  } catch (error) {
    return { kind: "bad-request", message: `checkpoint: ${messageOf(error)}` };
  }
  const log = logs.get(origin);
  if (log === undefined) return { kind: "unknown-origin", message: `unknown log ${origin}` };
  return { kind: "found", log };
}

/**
 * Step 3: "verify the checkpoint signature against the public key(s) it trusts for the checkpoint
 * origin, and … ignore signatures from unknown keys". openNote ignores unknown keys and fails on a
 * trusted key's bad signature, or when no trusted key signed.
 */
function verifyCheckpoint(
  request: AddCheckpointRequest,
  log: WitnessedLog,
): { readonly kind: "verified"; readonly value: VerifiedRequest } | AddCheckpointResponse {
  try {
    const note = openNote(request.checkpoint, log.verifiers);
    const checkpoint = parseCheckpoint(note.text);
    return { kind: "verified", value: { request, log, checkpoint, text: note.text } };
  } catch (error) {
    if (!isLogError(error)) throw error;
    const untrusted = error.code === "bad-signature" || error.code === "unverified";
    return untrusted
      ? { kind: "forbidden", message: `checkpoint of ${log.origin}: ${error.message}` }
      : { kind: "bad-request", message: `checkpoint: ${error.message}` };
  }
}

/**
 * Step 6: "If the old size matches the checkpoint size, the witness MUST check that the root hashes are
 * also identical" (409 otherwise). Two roots signed by the log for one size are a fork: kept.
 */
async function requireSameTree(
  core: WitnessCore,
  { request, checkpoint }: VerifiedRequest,
  latest: CosignedCheckpoint,
): Promise<AddCheckpointResponse | undefined> {
  if (!sameBytes(latest.rootHash, checkpoint.rootHash)) {
    await core.state.keepEvidence(
      forkEvidenceName(checkpoint),
      forkEvidence(checkpoint, latest, request.checkpoint),
    );
    return {
      kind: "conflict",
      message: `the witness cosigned another root for ${checkpoint.origin} at size ${checkpoint.size}`,
    };
  }
  if (request.consistencyProof.length > 0) {
    return { kind: "invalid-proof", message: "a proof between equal sizes must be empty" };
  }
  return undefined;
}

/** Step 7: the consistency proof from the latest cosigned tree (none when the witness has none). */
function requireConsistentExtension(
  { request, checkpoint }: VerifiedRequest,
  latest: CosignedCheckpoint | undefined,
): AddCheckpointResponse | undefined {
  if (latest === undefined || latest.size === 0) {
    // Old size 0: the parser already required an empty proof (every tree extends the empty one).
    return undefined;
  }
  try {
    verifyConsistency({
      oldSize: latest.size,
      newSize: checkpoint.size,
      oldRoot: latest.rootHash,
      newRoot: checkpoint.rootHash,
      proof: request.consistencyProof,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof LogError)) throw error;
    return { kind: "invalid-proof", message: error.message };
  }
}

// One file per (origin, size, root): a log that submits the same fork again does not fill the disk.
function forkEvidenceName({ origin, size, rootHash }: Checkpoint): string {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex").slice(0, 16);
  return `fork-${hex(sha256(new TextEncoder().encode(origin)))}-${size}-${hex(rootHash)}.txt`;
}

function forkEvidence(
  checkpoint: Checkpoint,
  latest: CosignedCheckpoint,
  submitted: string,
): string {
  return [
    `FORK: two checkpoints of ${checkpoint.origin} for tree size ${checkpoint.size} with different roots,`,
    "both signed by a key this witness trusts for the log. The first was cosigned; the second refused.",
    "",
    "----- cosigned checkpoint -----",
    latest.checkpoint.trimEnd(),
    "----- refused checkpoint -----",
    submitted.trimEnd(),
    "",
  ].join("\n");
}

function messageOf(error: unknown): string {
  if (isLogError(error)) return error.message;
  throw error;
}
