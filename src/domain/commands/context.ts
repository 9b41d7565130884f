/**
 * What every command handler receives besides its input, and the steps they all share: building
 * events, authorising the actor, refusing events that would not fit in a log entry.
 */
import { randomBytes } from "../../log/crypto.js";
import { type Actor, actorRef } from "../actor.js";
import { entryByteLength, MAX_ENTRY_BYTES } from "../entry.js";
import { domainError, type Result } from "../errors.js";
import type { DomainEvent, EventOf, EventType } from "../events.js";

/** The command context: the clock, the id source and who is acting. */
export interface CommandContext {
  /** Milliseconds since the epoch; every event of the command carries it. */
  readonly now: number;
  /** Mints a fresh id (1–64 characters of [A-Za-z0-9._-]), unique within the space. */
  readonly newId: () => string;
  readonly actor: Actor;
  /** Random bytes for rating salts; the OS CSPRNG when absent. */
  readonly random?: (n: number) => Uint8Array;
}

/**
 * Builds an event of `type` stamped with the context's id, time and actor.
 *
 * @example makeEvent(ctx, "vouch.revoked", { space, vouch })
 */
export function makeEvent<T extends EventType>(
  ctx: CommandContext,
  type: T,
  pub: EventOf<T>["public"],
  priv?: NonNullable<EventOf<T>["private"]>,
): EventOf<T> {
  const id = ctx.newId();
  const at = ctx.now;
  const actor = actorRef(ctx.actor);
  // Two literals, not a spread of the public-only event into a copy with the private part.
  const event =
    priv === undefined
      ? { type, id, at, actor, public: pub }
      : { type, id, at, actor, public: pub, private: priv };
  return event as unknown as EventOf<T>;
}

/** Random bytes from the context, or the OS CSPRNG. */
export function random(ctx: CommandContext, n: number): Uint8Array {
  return (ctx.random ?? randomBytes)(n);
}

/**
 * The successful result of `events`, unless one of them would exceed the log's entry limit.
 *
 * @example return emit([event])
 */
export function emit(events: readonly DomainEvent[]): Result {
  for (const event of events) {
    const size = entryByteLength(event);
    if (size > MAX_ENTRY_BYTES) {
      return {
        ok: false,
        error: domainError(
          "too-large",
          "entry.max-size",
          `${event.type} would be a ${size}-byte entry (max ${MAX_ENTRY_BYTES})`,
        ),
      };
    }
  }
  return { ok: true, events };
}
