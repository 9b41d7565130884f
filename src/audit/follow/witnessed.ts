/**
 * Whether a checkpoint is witnessed: it carries valid cosignatures (c2sp.org/tlog-cosignature,
 * cosignature/v1) from at least k of the n witnesses a monitor trusts. A witness cosigns only checkpoints
 * consistent with every one it cosigned before (c2sp.org/tlog-witness), so a log cannot show two views
 * of its history that both carry a quorum: requiring one turns a split view into a checkpoint refused.
 */
import { openCheckpoint } from "../../log/checkpoint/index.js";
import { LogError } from "../../log/errors.js";
import { type NoteVerifier, parseVerifierKey, verifierFromKey } from "../../log/note/index.js";

/** The witnesses a monitor trusts, and how many must have cosigned. */
export interface WitnessPolicy {
  readonly witnesses: readonly NoteVerifier[];
  /** k, in 1..n. */
  readonly threshold: number;
}

/** What a checkpoint's cosignatures establish. */
export interface WitnessCheck {
  /** Trusted witnesses whose cosignature verified, with the time they say they saw the checkpoint. */
  readonly cosigned: readonly { readonly witness: string; readonly timestamp: number }[];
  /** Trusted witnesses that did not cosign it. */
  readonly missing: readonly string[];
  readonly threshold: number;
  /** At least `threshold` trusted witnesses cosigned. */
  readonly met: boolean;
}

/**
 * A policy from witness verifier keys (type 0x04) and k. Throws LogError("malformed") for another kind
 * of key and ("out-of-range") for a k outside 1..n.
 *
 * @example witnessPolicy([await readFile("w1.vkey", "utf8")], 1)
 */
export function witnessPolicy(vkeys: readonly string[], threshold: number): WitnessPolicy {
  const witnesses = vkeys.map((text) => {
    const key = parseVerifierKey(text.trim());
    if (key.kind !== "cosignature/v1") {
      throw new LogError("malformed", `witness key ${key.name} is not a cosignature/v1 (0x04) key`);
    }
    return verifierFromKey(key);
  });
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > witnesses.length) {
    throw new LogError(
      "out-of-range",
      `a quorum of ${threshold} out of ${witnesses.length} witnesses cannot be met`,
    );
  }
  return { witnesses, threshold };
}

/**
 * Checks the cosignatures of `note` (a checkpoint the log's key signed). Throws what openCheckpoint
 * throws: a trusted witness's signature that does not verify is LogError("bad-signature").
 *
 * @example const check = checkWitnesses(latest.note, logVerifier, policy); if (!check.met) alarm()
 */
export function checkWitnesses(
  note: string,
  logVerifier: NoteVerifier,
  policy: WitnessPolicy,
): WitnessCheck {
  const opened = openCheckpoint(note, { logVerifier, cosigners: policy.witnesses });
  const cosigned = opened.cosignatures.map((c) => ({ witness: c.name, timestamp: c.timestamp }));
  const names = new Set(cosigned.map((c) => c.witness));
  const missing = policy.witnesses.map((w) => w.name).filter((name) => !names.has(name));
  return {
    cosigned,
    missing,
    threshold: policy.threshold,
    met: names.size >= policy.threshold,
  };
}
