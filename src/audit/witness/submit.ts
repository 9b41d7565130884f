/**
 * The client side of c2sp.org/tlog-witness, for a log's sealer: submit a freshly signed checkpoint to
 * each witness with a consistency proof from the size that witness last cosigned, retry once when the
 * witness answers 409 with its actual size (text/x.tlog.size), keep only cosignatures that verify under
 * the witness's own key ("The client MUST ignore any cosignatures from unknown keys"), and publish the
 * checkpoint only when a k-of-n quorum cosigned it.
 */
import type { Cosignature } from "../../log/checkpoint/index.js";
import { parseCheckpoint } from "../../log/checkpoint/index.js";
import { LogError } from "../../log/errors.js";
import {
  type NoteVerifier,
  parseVerifierKey,
  signNote,
  splitNote,
  verifierFromKey,
} from "../../log/note/index.js";
import {
  type AddCheckpointResponse,
  formatAddCheckpointRequest,
  parseAddCheckpointResponse,
  verifyCosignatures,
} from "../../log/witness/index.js";
import { addCheckpointUrl, httpTransport, type WitnessTransport } from "./witness-transport.js";

/** A witness the log submits to. */
export interface WitnessEndpoint {
  /** The witness's cosignature/v1 (type 0x04) verifier key. */
  readonly vkey: string;
  /** Its submission prefix; requests go to `<url>/add-checkpoint`. */
  readonly url: string;
}

/** The RFC 9162 §2.1.4 consistency proof from the tree of `oldSize` to that of `newSize` (0 < old < new). */
export type ConsistencyProver = (
  oldSize: number,
  newSize: number,
) => Promise<readonly Uint8Array[]>;

/** Options of submitToWitnesses. */
export interface SubmitOptions {
  /** k: how many witnesses must cosign for the checkpoint to be returned (1 ≤ k ≤ n). */
  readonly threshold: number;
  /** How requests travel; HTTP(S) with a 10 s timeout by default. */
  readonly transport?: WitnessTransport;
  /** The size each witness (by key name) is believed to have cosigned last; 0 when unknown. */
  readonly knownSizes?: ReadonlyMap<string, number>;
}

/** What happened at one witness. */
export type WitnessOutcome =
  | {
      readonly kind: "cosigned";
      readonly witness: string;
      /** The old size the accepted request carried (the witness's previous cosigned size). */
      readonly oldSize: number;
      readonly cosignatures: readonly Cosignature[];
    }
  | { readonly kind: "refused"; readonly witness: string; readonly response: AddCheckpointResponse }
  | { readonly kind: "failed"; readonly witness: string; readonly error: string };

/** The checkpoint with its quorum of cosignatures, or the reasons there is none. */
export type SubmitResult =
  | {
      readonly kind: "quorum";
      /** The signed checkpoint with every verified cosignature appended. */
      readonly checkpoint: string;
      readonly cosigned: number;
      readonly outcomes: readonly WitnessOutcome[];
    }
  | {
      readonly kind: "no-quorum";
      readonly cosigned: number;
      readonly threshold: number;
      readonly outcomes: readonly WitnessOutcome[];
    };

interface Submission {
  /** The checkpoint as signed by the log. */
  readonly signed: string;
  /** Its note text: what cosignatures sign. */
  readonly text: string;
  readonly size: number;
  readonly prove: ConsistencyProver;
  readonly transport: WitnessTransport;
}

/**
 * Submits `checkpoint` (signed by the log) to every witness at once and applies the k-of-n policy.
 * Witness failures never throw: they are outcomes. Throws LogError("out-of-range") for a threshold
 * outside 1..n and ("malformed") for a checkpoint that is not a signed checkpoint note.
 *
 * @example
 * const result = await submitToWitnesses(signed, witnesses, (m, n) => consistencyProof(store, m, n), { threshold: 2 })
 * if (result.kind === "quorum") publish(result.checkpoint)
 */
export async function submitToWitnesses(
  checkpoint: string,
  witnesses: readonly WitnessEndpoint[],
  prove: ConsistencyProver,
  options: SubmitOptions,
): Promise<SubmitResult> {
  requireThreshold(options.threshold, witnesses.length);
  const { text, signatures } = splitNote(checkpoint);
  const { size } = parseCheckpoint(text);
  const transport = options.transport ?? httpTransport();
  const submission: Submission = { signed: checkpoint, text, size, prove, transport };
  const outcomes = await Promise.all(
    witnesses.map((witness) => submitOne(submission, witness, options.knownSizes)),
  );
  const cosignatures = outcomes.flatMap((o) => (o.kind === "cosigned" ? o.cosignatures : []));
  const cosigned = outcomes.filter((o) => o.kind === "cosigned").length;
  if (cosigned < options.threshold) {
    return { kind: "no-quorum", cosigned, threshold: options.threshold, outcomes };
  }
  // Cosignatures replace older ones by the same key; the log's own signatures stay first.
  const kept = signatures.filter(
    (s) => !cosignatures.some((c) => c.name === s.name && c.keyId === s.keyId),
  );
  return {
    kind: "quorum",
    checkpoint: signNote(text, [], [...kept, ...cosignatures]),
    cosigned,
    outcomes,
  };
}

/** One witness: submit, and once more with the size it says it has (409 text/x.tlog.size). */
async function submitOne(
  submission: Submission,
  witness: WitnessEndpoint,
  knownSizes: ReadonlyMap<string, number> | undefined,
): Promise<WitnessOutcome> {
  let verifier: NoteVerifier;
  try {
    verifier = witnessVerifier(witness.vkey);
  } catch (error) {
    return { kind: "failed", witness: witness.vkey, error: messageOf(error) };
  }
  const name = verifier.name;
  try {
    let oldSize = knownSizes?.get(name) ?? 0;
    for (let attempt = 0; ; attempt += 1) {
      const response = await post(submission, witness.url, oldSize);
      if (isRetryableMismatch(response, attempt, submission.size)) {
        oldSize = response.latestSize;
        continue;
      }
      if (response.kind !== "cosigned") return { kind: "refused", witness: name, response };
      const cosignatures = verifyCosignatures(submission.text, response.cosignatures, [verifier]);
      return { kind: "cosigned", witness: name, oldSize, cosignatures };
    }
  } catch (error) {
    return { kind: "failed", witness: name, error: messageOf(error) };
  }
}

async function post(
  { signed, size, prove, transport }: Submission,
  url: string,
  oldSize: number,
): Promise<AddCheckpointResponse> {
  // The spec: the proof "MUST be empty if the old size is zero"; between equal sizes there is none.
  const consistencyProof = oldSize === 0 || oldSize === size ? [] : await prove(oldSize, size);
  const body = formatAddCheckpointRequest({ oldSize, consistencyProof, checkpoint: signed });
  const answer = await transport.post(addCheckpointUrl(url), body);
  return parseAddCheckpointResponse(answer.status, answer.contentType, answer.body);
}

// One retry only, and only towards a size the checkpoint extends: a witness that cosigned a larger tree
// cannot cosign this one, whatever proof we send.
function isRetryableMismatch(
  response: AddCheckpointResponse,
  attempt: number,
  size: number,
): response is Extract<AddCheckpointResponse, { kind: "old-size-mismatch" }> {
  return response.kind === "old-size-mismatch" && attempt === 0 && response.latestSize <= size;
}

function witnessVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey.trim());
  if (key.kind !== "cosignature/v1") {
    throw new LogError("malformed", `witness key ${key.name} is not a cosignature/v1 (0x04) key`);
  }
  return verifierFromKey(key);
}

function requireThreshold(threshold: number, witnesses: number): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > witnesses) {
    throw new LogError(
      "out-of-range",
      `a quorum of ${threshold} out of ${witnesses} witnesses cannot be met`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
