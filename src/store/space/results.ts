/**
 * What the space service returns. A command's outcome is a value: its appended events (public parts
 * only, as the log holds them), their log indices and signed receipts, or the DomainError that refused
 * it (nothing was written). Infrastructure failures are thrown as StoreError (src/store/errors.ts).
 */
import type { DomainError, LogEntry } from "../../domain/index.js";
import type { IssuedReceipt } from "../log/receipts.js";

/**
 * An appended event as the public log holds it: the entry (type, id, time, actor, public part and the
 * commitment to the private part) and its index. Never the private part.
 */
export interface AppendedEvent extends LogEntry {
  readonly index: number;
}

/** A command that ran: what it appended. */
export interface ExecuteSuccess {
  readonly ok: true;
  /** Its events in log order; empty when the command had nothing to do (no reviews due). */
  readonly events: readonly AppendedEvent[];
  /** The log indices of `events`. */
  readonly indices: readonly number[];
  /** One receipt per event, in the same order, under the space's log key (v2: one signature a batch). */
  readonly receipts: readonly IssuedReceipt[];
}

/** A command refused by a domain rule or its input; nothing of it was written. */
export interface ExecuteFailure {
  readonly ok: false;
  readonly error: DomainError;
}

/** The outcome of one command. */
export type ExecuteResult = ExecuteSuccess | ExecuteFailure;
