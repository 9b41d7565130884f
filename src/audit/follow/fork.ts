/**
 * Forks, and the evidence a monitor keeps of them. A log forks when it signs two checkpoints that cannot
 * both describe one append-only tree: two roots for one size, or a larger tree that does not extend a
 * smaller one (RFC 9162 §2.1.4: no consistency proof exists). Both checkpoints carry the log's
 * signature, so together they are evidence that anyone holding the log's verifier key can check;
 * the evidence file says how.
 */
import type { Digest } from "../../log/crypto.js";
import { encodeBase64 } from "../../log/encoding/base64.js";
import type { SeenCheckpoint } from "./seen-checkpoint.js";

/** Two signed checkpoints of one log that cannot both be honest. */
export interface Fork {
  /** `same-size`: two roots for one tree size; `inconsistent`: the larger tree does not extend the smaller. */
  readonly reason: "same-size" | "inconsistent";
  /** The checkpoint of the smaller tree (for same-size, the one seen first). */
  readonly older: SeenCheckpoint;
  /** The checkpoint of the larger tree (for same-size, the one seen last). */
  readonly newer: SeenCheckpoint;
  /** The consistency proof from older to newer computed from the tiles of newer's tree, if any. */
  readonly proof?: readonly Digest[];
  /** Why the proof failed, for people. */
  readonly detail: string;
}

/**
 * The evidence file: what was found, where, and both signed checkpoints verbatim.
 *
 * @example formatForkEvidence(fork, { origin, source: "https://log.example/", detectedAt: new Date() })
 */
export function formatForkEvidence(
  fork: Fork,
  context: { readonly origin: string; readonly source: string; readonly detectedAt: Date },
): string {
  const lines = [
    `FORK DETECTED in the transparency log ${context.origin}`,
    `detected: ${context.detectedAt.toISOString()} by fabrique audit follow`,
    `source:   ${context.source}`,
    `reason:   ${describeReason(fork)}`,
    `detail:   ${fork.detail}`,
    "",
    "Both checkpoints below carry the log's signature: check them with its verifier key",
    "(`fabrique log verify` opens checkpoints the same way). A log that signs both has shown two",
    "different histories, to this monitor or to others.",
    "",
    `----- checkpoint A: size ${fork.older.size}, first seen ${fork.older.seen} -----`,
    fork.older.note.trimEnd(),
    `----- checkpoint B: size ${fork.newer.size}, seen ${fork.newer.seen} -----`,
    fork.newer.note.trimEnd(),
  ];
  if (fork.proof !== undefined) {
    lines.push(
      `----- consistency proof from size ${fork.older.size} to ${fork.newer.size}, from the tiles of B (base64, RFC 9162 §2.1.4.1) -----`,
      ...fork.proof.map((hash) => encodeBase64(hash)),
    );
  }
  lines.push("----- end -----", "");
  return lines.join("\n");
}

function describeReason(fork: Fork): string {
  switch (fork.reason) {
    case "same-size":
      return `two signed checkpoints for tree size ${fork.older.size} with different root hashes`;
    case "inconsistent":
      return `the signed tree of size ${fork.newer.size} does not extend the signed tree of size ${fork.older.size}`;
  }
}
