/**
 * The space service: the one write path of Fabrique. Every change to a space is a domain command run
 * inside the space's writer transaction (db.spaceTransaction): load the space record, run the command
 * against the SQL reader on the same transaction, and on success write its events (event-writer.ts:
 * private parts, projections, log entries, node hashes, receipts) before the commit. A refused command
 * returns its DomainError and writes nothing.
 *
 * Single commands (execute) that arrive while the space's transaction is busy are grouped into the next
 * batch (group-commit.ts), so concurrent writers share one durable commit.
 *
 * Batches (executeBatch) run several commands in one transaction for throughput. Outcomes are per
 * command: a refused command is skipped (nothing of it is written) and the commands after it see the
 * state without it; the accepted ones commit together. An infrastructure error (thrown) rolls back the
 * whole batch.
 *
 * A call may carry the Idempotency-Key claim of the request it serves: the claim is marked applied, with
 * the call's log indices, in the same transaction (claimed-write.ts), and readApplied answers a retry
 * from the log once it is.
 */
import {
  type Actor,
  type CommandContext,
  type CreateSpace,
  createSpace as createSpaceCommand,
  type DomainReader,
  domainError,
  type SpaceRecord,
} from "../../domain/index.js";
import { isId } from "../../domain/shape.js";
import type { HeldClaim } from "../access/idempotency.js";
import type { Database, SpaceTx } from "../database.js";
import type { KeyVault } from "../keys/key-vault.js";
import { createSpaceKey } from "../keys/space-keys.js";
import type { IssuedReceipt } from "../log/receipts.js";
import type { SpaceLogSigners } from "../log/space-log-signer.js";
import { createRecordCache } from "../projections/record-cache.js";
import { prefetchNamedRecords } from "../projections/record-prefetch.js";
import { createSqlDomainReader } from "../projections/sql-reader.js";
import { readAppliedResult } from "./applied-result.js";
import { writeUnderClaim } from "./claimed-write.js";
import {
  type CommandCall,
  type CommandInputs,
  type CommandName,
  SPACE_COMMANDS,
  type SpaceCommand,
} from "./commands.js";
import { createEventWriter } from "./event-writer.js";
import { groupCommit } from "./group-commit.js";
import { createIdMinter } from "./ids.js";
import type { AppendedEvent, ExecuteFailure, ExecuteResult, ExecuteSuccess } from "./results.js";

/** The most commands one executeBatch call runs. */
export const MAX_BATCH_COMMANDS = 1000;

/** The reveals one revealDue call makes at most, unless told otherwise. */
export const DEFAULT_REVEAL_LIMIT = 100;

/** What the service needs. */
export interface SpaceServiceOptions {
  readonly db: Database;
  /** Seals the signing key a new space gets. */
  readonly vault: KeyVault;
  /** Signs receipts (createSpaceLogSigners, over the same vault). */
  readonly signers: SpaceLogSigners;
  /** Milliseconds since the epoch: the time of every event (Date.now by default). */
  readonly clock?: () => number;
  /** Mints event and record ids (time-sortable ids from createIdMinter by default). */
  readonly newId?: () => string;
}

/** The write path of every space. */
export interface SpaceService {
  /**
   * Creates a space: its signing key, then the space.created event (admin operators only). Refused
   * (nothing written) when the id is taken or the input is invalid. `claim` is marked applied with it.
   */
  createSpace(input: CreateSpace, actor: Actor, claim?: HeldClaim): Promise<ExecuteResult>;
  /**
   * Runs `command` on `space` as `actor`. `claim` (the request's Idempotency-Key claim) is marked
   * applied, with the entries' indices, in the transaction that appends them.
   */
  execute<N extends CommandName>(
    space: string,
    actor: Actor,
    command: N,
    input: CommandInputs[N],
    claim?: HeldClaim,
  ): Promise<ExecuteResult>;
  /**
   * Runs `calls` in order in one transaction; one outcome per call. Refused calls write nothing and
   * do not stop the others. Throws RangeError beyond MAX_BATCH_COMMANDS calls.
   */
  executeBatch(space: string, calls: readonly CommandCall[]): Promise<ExecuteResult[]>;
  /**
   * Reveals the reviews of `space` whose double-blind window has ended, at most `limit`
   * (DEFAULT_REVEAL_LIMIT), as the system actor: the scheduler's call. `now` defaults to the clock.
   */
  revealDue(
    space: string,
    options?: { readonly now?: number; readonly limit?: number; readonly claim?: HeldClaim },
  ): Promise<ExecuteResult>;
  /**
   * What a write that committed earlier answered, read back from the log: its entries at `indices` (as
   * an applied Idempotency-Key claim recorded them) and their receipts, signed again.
   */
  readApplied(space: string, indices: readonly number[]): Promise<ExecuteSuccess>;
}

const SYSTEM: Actor = { kind: "system" };

/**
 * The space service over `db`.
 *
 * @example
 * const service = createSpaceService({ db, vault, signers: createSpaceLogSigners({ vault }) })
 * await service.createSpace({ space: "stays", name: "Stays" }, admin)
 * const r = await service.execute("stays", admin, "joinMember", { member, displayName: "Ada" })
 * if (!r.ok) console.log(r.error.code, r.error.rule)
 */
export function createSpaceService(options: SpaceServiceOptions): SpaceService {
  const { db, vault, signers } = options;
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? createIdMinter(clock);
  const contextOf = (actor: Actor, now = clock()): CommandContext => ({ now, newId, actor });
  const signerOf = (w: SpaceTx) => () => signers.signerFor(w.tx, w.space);

  async function createSpace(
    input: CreateSpace,
    actor: Actor,
    claim?: HeldClaim,
  ): Promise<ExecuteResult> {
    const ctx = contextOf(actor);
    const space = (input as { readonly space?: unknown } | null)?.space;
    if (typeof space !== "string" || !isId(space)) {
      // No transaction to open: the domain refuses the input before it reads anything.
      const refused = await createSpaceCommand(unreadable, input, ctx);
      if (refused.ok) throw new Error("createSpace accepted a space id that is not an id");
      return refused;
    }
    try {
      return await db.spaceTransaction(space, async (w) => {
        const writer = await createEventWriter(w);
        const outcome = await writeUnderClaim(w.tx, claim, async () => {
          const result = await createSpaceCommand(createSqlDomainReader(w.tx), input, ctx);
          if (!result.ok) return result;
          await createSpaceKey(w, vault);
          const created = result.events.find((e) => e.type === "space.created");
          if (created?.type !== "space.created") throw new Error("createSpace made no space");
          return writer.write(result.events, created.public.policy);
        });
        if ("ok" in outcome) return outcome;
        return succeeded(outcome, await writer.finish(signerOf(w)));
      });
    } catch (e) {
      // The signer cache may hold the key this rolled-back transaction created.
      signers.forget(space);
      throw e;
    }
  }

  async function executeBatch(
    space: string,
    calls: readonly CommandCall[],
    now?: number,
  ): Promise<ExecuteResult[]> {
    if (calls.length > MAX_BATCH_COMMANDS) {
      throw new RangeError(`a batch runs at most ${MAX_BATCH_COMMANDS} commands`);
    }
    if (!isId(space)) return calls.map(() => noSuchSpace(space));
    return db.spaceTransaction(space, async (w) => {
      // Commands of a batch read the same records again and again: one cache for the transaction.
      const cache = createRecordCache();
      // One query per kind for the members, subjects and interactions the batch names, not one per
      // command (record-prefetch.ts); a batch of one reads what it needs as it goes.
      if (calls.length > 1) {
        await prefetchNamedRecords(
          w.tx,
          cache,
          space,
          calls.map((c) => [c.input, c.actor]),
        );
      }
      const reader = createSqlDomainReader(w.tx, cache);
      const writer = await createEventWriter(w, cache);
      const outcomes: (readonly AppendedEvent[] | ExecuteFailure)[] = [];
      for (const call of calls) {
        const record = await reader.get("space", space, space);
        if (record === null) {
          outcomes.push(noSuchSpace(space));
          continue;
        }
        const outcome = await writeUnderClaim(w.tx, call.claim, async () => {
          const result = await runCommand(reader, record, call, contextOf(call.actor, now));
          return result.ok ? writer.write(result.events, record.policy) : result;
        });
        outcomes.push(outcome);
      }
      const receipts = await writer.finish(signerOf(w));
      return outcomes.map((o) => ("ok" in o ? o : succeeded(o, receiptsOf(o, receipts))));
    });
  }

  // Single commands share durable commits under load (group-commit.ts).
  const submit = groupCommit<CommandCall, ExecuteResult>(
    (space, calls) => executeBatch(space, calls),
    MAX_BATCH_COMMANDS,
  );

  return {
    createSpace,
    execute: (space, actor, command, input, claim) =>
      submit(space, {
        actor,
        command,
        input,
        ...(claim === undefined ? {} : { claim }),
      } as CommandCall),
    executeBatch: (space, calls) => executeBatch(space, calls),
    async revealDue(space, opts = {}) {
      const input = { limit: opts.limit ?? DEFAULT_REVEAL_LIMIT };
      const call: CommandCall = {
        actor: SYSTEM,
        command: "revealDueReviews",
        input,
        ...(opts.claim === undefined ? {} : { claim: opts.claim }),
      };
      const [outcome] = await executeBatch(space, [call], opts.now);
      if (outcome === undefined) throw new Error("a batch of one returned nothing");
      return outcome;
    },
    readApplied: (space, indices) => readAppliedResult(db, signers, space, indices),
  };
}

/** Runs one call; a name outside the command map (from an untyped caller) is refused, not thrown. */
async function runCommand(
  reader: DomainReader,
  space: SpaceRecord,
  call: CommandCall,
  ctx: CommandContext,
) {
  if (!Object.hasOwn(SPACE_COMMANDS, call.command)) {
    return failure("invalid-input", "command.known", `no command ${String(call.command)}`);
  }
  const command = SPACE_COMMANDS[call.command] as SpaceCommand<unknown>;
  return command(reader, space, call.input, ctx);
}

function succeeded(
  events: readonly AppendedEvent[],
  receipts: readonly IssuedReceipt[],
): ExecuteResult {
  return { ok: true, events, indices: events.map((e) => e.index), receipts };
}

function receiptsOf(events: readonly AppendedEvent[], receipts: readonly IssuedReceipt[]) {
  const first = receipts[0]?.index ?? 0;
  return events.map((e) => {
    const receipt = receipts[e.index - first];
    if (receipt?.index !== e.index) throw new Error(`no receipt for entry ${e.index}`);
    return receipt;
  });
}

function noSuchSpace(space: string): ExecuteFailure {
  return failure("not-found", "space.exists", `no space ${space}`);
}

function failure(
  code: Parameters<typeof domainError>[0],
  rule: string,
  message: string,
): ExecuteFailure {
  return { ok: false, error: domainError(code, rule, message) };
}

/** A reader for commands that must refuse before reading (createSpace with a bad id). */
const unreadable: DomainReader = new Proxy({} as DomainReader, {
  get: () => () => Promise.reject(new Error("this command must not read")),
});
