/**
 * A tlog witness (c2sp.org/tlog-witness) with its key, its logs and its durable state, without HTTP:
 * witness-app.ts serves it. The witness key is a cosignature/v1 (type 0x04) signer key
 * (c2sp.org/tlog-cosignature), so its Ed25519 key never produces a plain note signature by accident.
 */
import {
  type Clock,
  cosignerFromKey,
  formatVerifierKey,
  parseSignerKey,
  verifierKeyOfSigner,
} from "../../log/note/index.js";
import type { AddCheckpointResponse } from "../../log/witness/index.js";
import { addCheckpoint } from "./add-checkpoint.js";
import { createKeyedLock } from "./keyed-lock.js";
import { openWitnessState } from "./witness-state.js";
import type { WitnessedLogs } from "./witnessed-logs.js";

/** What a witness is made of. */
export interface WitnessOptions {
  /** The witness's encoded signer key (`PRIVATE+KEY+name+id+…`, type 0x04). Secret. */
  readonly signerKey: string;
  readonly logs: WitnessedLogs;
  /** The state directory (created if missing; locked while the witness is open). */
  readonly stateDir: string;
  /** POSIX seconds stamped on cosignatures; the system clock by default. */
  readonly clock?: Clock;
}

/** An open witness. */
export interface Witness {
  /** The witness's key name, as on its cosignature lines. */
  readonly name: string;
  /** Its encoded verifier key (type 0x04), for the logs and clients that trust it. */
  readonly verifierKey: string;
  /** Decides one add-checkpoint request body (add-checkpoint.ts). */
  addCheckpoint(body: Uint8Array | string): Promise<AddCheckpointResponse>;
  /** Releases the state directory. */
  close(): Promise<void>;
}

/**
 * Opens a witness over its state directory.
 *
 * @example const witness = await openWitness({ signerKey, logs: parseWitnessedLogs(json), stateDir })
 */
export async function openWitness(options: WitnessOptions): Promise<Witness> {
  const key = parseSignerKey(options.signerKey.trim());
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const cosigner = cosignerFromKey(options.signerKey.trim(), clock);
  const state = await openWitnessState(options.stateDir);
  const core = { logs: options.logs, state, lock: createKeyedLock(), cosigner };
  return {
    name: key.name,
    verifierKey: formatVerifierKey(verifierKeyOfSigner(key)),
    addCheckpoint: (body) => addCheckpoint(core, body),
    close: () => state.close(),
  };
}
