/**
 * The port through which the sealer has its checkpoints witnessed before it publishes them
 * (c2sp.org/tlog-witness): the sealer signs a checkpoint, hands it over with a way to prove consistency
 * from any earlier size, and gets back the checkpoint with the witnesses' cosignatures once a k-of-n
 * quorum cosigned it, or the reasons there is none. The client of the witness protocol lives outside
 * the store (src/audit/witness/submit.ts, wired by `fabrique serve`); the store only defines what it
 * needs, so it does no network I/O of its own.
 */

/** A checkpoint the sealer wants witnessed. */
export interface CosignRequest {
  readonly space: string;
  /** The checkpoint note as the space's log key signed it. */
  readonly note: string;
  readonly size: number;
  /** The RFC 9162 §2.1.4 consistency proof of this space's tree from `oldSize` to `newSize`. */
  readonly prove: (oldSize: number, newSize: number) => Promise<readonly Uint8Array[]>;
}

/** What the witnesses did with it. */
export type CosignOutcome =
  | {
      readonly kind: "quorum";
      /** The same checkpoint with the log's signature and the cosignatures that verified. */
      readonly note: string;
      readonly cosigned: number;
      readonly threshold: number;
    }
  | {
      readonly kind: "no-quorum";
      readonly cosigned: number;
      readonly threshold: number;
      /** One line per witness that did not cosign, for the operator. */
      readonly reasons: readonly string[];
    };

/** Gathers cosignatures. Never throws for a witness's failure: that is an outcome. */
export interface CheckpointWitnessing {
  /** k, for status and logs. */
  readonly threshold: number;
  cosign(request: CosignRequest): Promise<CosignOutcome>;
}
