/**
 * The log entry encoding of a domain event.
 *
 * Entry bytes = RFC 8785 canonical JSON of `{ v: 1, type, id, at, actor, public, commitment? }`,
 * where `commitment` = base64url(SHA-256(salt ‖ JCS(private))) with a fresh 32-byte salt, present
 * exactly when the event has a private part. The salt keeps short private parts (a display name)
 * from being guessed by hashing candidates; shredding the private part and its salt leaves the
 * entry, and so the Merkle tree, untouched.
 *
 * Limit: an entry is at most 65,535 bytes, the largest entry a tlog-tiles log carries (C2SP
 * tlog-tiles: entries in data tiles are prefixed with a 16-bit length). Every public text field has
 * a code-point limit (shape.ts) chosen so that the largest possible public part of each event type
 * stays below it; `encodeEntry` still checks, and throws, because exceeding it is a bug.
 */
import { sha256 } from "../log/crypto.js";
import type { ActorRef } from "./actor.js";
import { isActorRef } from "./actor.js";
import { encodeBase64Url } from "./base64url.js";
import { canonicalBytes, canonicalJson, parseCanonicalJson } from "./canonical-json.js";
import { domainError, type Parsed } from "./errors.js";
import { digest64 } from "./events/review.js";
import { type DomainEvent, EVENT_SCHEMA, type EventType, isEventType } from "./events.js";
import { isId, time } from "./shape.js";

const encoder = new TextEncoder();

/** The entry format version. */
export const ENTRY_VERSION = 1;
/** The largest entry (C2SP tlog-tiles). */
export const MAX_ENTRY_BYTES = 65_535;
/** Length of a commitment salt. */
export const SALT_BYTES = 32;

/** A decoded log entry: an event without its private part, plus the commitment to it. */
export interface LogEntry {
  readonly v: typeof ENTRY_VERSION;
  readonly type: EventType;
  readonly id: string;
  readonly at: number;
  readonly actor: ActorRef;
  readonly public: DomainEvent["public"];
  readonly commitment?: string;
}

/**
 * The commitment to a private part: base64url(SHA-256(salt ‖ JCS(private))).
 * Throws RangeError on a salt that is not 32 bytes and TypeError on a value JCS cannot represent.
 *
 * @example commitmentOf({ displayName: "Ada" }, salt)
 */
export function commitmentOf(priv: unknown, salt: Uint8Array): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`a commitment salt is ${SALT_BYTES} bytes`);
  return encodeBase64Url(sha256(salt, canonicalBytes(priv)));
}

/**
 * Encodes `event` as entry bytes. `salt` (32 fresh random bytes, kept by the store beside the
 * private part) is required when the event has a private part and ignored otherwise.
 * Throws on programmer error: missing salt, a value JCS refuses, an entry over MAX_ENTRY_BYTES.
 *
 * @example const { bytes, commitment } = encodeEntry(event, randomBytes(32))
 */
export function encodeEntry(
  event: DomainEvent,
  salt?: Uint8Array,
): { readonly bytes: Uint8Array; readonly commitment: string | null } {
  let commitment: string | null = null;
  if (event.private !== undefined) {
    if (salt === undefined) throw new RangeError(`${event.type} has a private part: pass a salt`);
    commitment = commitmentOf(event.private, salt);
  }
  const bytes = encoder.encode(
    measured(event, commitment) ?? canonicalJson(envelopeOf(event, commitment)),
  );
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new RangeError(`${event.type} entry is ${bytes.length} bytes > ${MAX_ENTRY_BYTES}`);
  }
  return { bytes, commitment };
}

/**
 * The size in bytes of the entry `event` encodes to (the commitment, when present, always has the
 * same length). Lets command handlers refuse an oversized event as `too-large` instead of throwing.
 *
 * @example if (entryByteLength(event) > MAX_ENTRY_BYTES) return fail(…)
 */
export function entryByteLength(event: DomainEvent): number {
  const text = canonicalJson(envelopeOf(event, event.private === undefined ? null : PLACEHOLDER));
  measuredTexts.set(event, text);
  return encoder.encode(text).length;
}

/** A commitment's length in base64url (SHA-256: 43 characters), none of which JSON escapes. */
const PLACEHOLDER = "A".repeat(43);

/**
 * The canonical texts entryByteLength computed, by event: a command measures each event it emits and
 * the store then encodes the same event, so encodeEntry reuses the text instead of canonicalising the
 * envelope again. Events are readonly data (a changed event would not be the one measured).
 */
const measuredTexts = new WeakMap<DomainEvent, string>();

/**
 * The entry text of `event` with `commitment`, from its measured text, or undefined when it was not
 * measured. The envelope's canonical members sort as actor, at, commitment, …, so the commitment's
 * value starts right after that exact prefix; the placeholder is replaced there and nowhere else.
 */
function measured(event: DomainEvent, commitment: string | null): string | undefined {
  const text = measuredTexts.get(event);
  if (text === undefined || commitment === null) return text;
  const prefix = `{"actor":${canonicalJson(event.actor)},"at":${canonicalJson(event.at)},"commitment":"`;
  if (commitment.length !== PLACEHOLDER.length || !text.startsWith(prefix)) return undefined;
  const after = prefix.length + PLACEHOLDER.length;
  if (text.slice(prefix.length, after) !== PLACEHOLDER) return undefined;
  return prefix + commitment + text.slice(after);
}

function envelopeOf(event: DomainEvent, commitment: string | null) {
  return {
    v: ENTRY_VERSION,
    type: event.type,
    id: event.id,
    at: event.at,
    actor: event.actor,
    public: event.public,
    ...(commitment === null ? {} : { commitment }),
  };
}

const ENVELOPE_KEYS = new Set(["v", "type", "id", "at", "actor", "public", "commitment"]);

/**
 * Decodes entry bytes. Parser of untrusted bytes: at most MAX_ENTRY_BYTES; must be canonical JCS
 * (canonical-json.ts: UTF-8, sorted unique members, shortest numbers, nesting ≤ 32); exactly the
 * envelope members; a known version and type; a well-formed id, time and actor; a public part of
 * that type's shape (every text within its limit, unknown members refused); a commitment exactly
 * when the type can have a private part. Never throws.
 *
 * @example const r = decodeEntry(bytes); if (r.ok) console.log(r.value.type)
 */
export function decodeEntry(bytes: Uint8Array): Parsed<LogEntry> {
  const parsed = parseCanonicalJson(bytes, MAX_ENTRY_BYTES);
  if (!parsed.ok) {
    const code = parsed.reason === "too-large" ? "too-large" : "malformed";
    return malformed(`entry.${parsed.reason}`, parsed.detail, code);
  }
  const e = parsed.value;
  if (typeof e !== "object" || e === null || Array.isArray(e)) {
    return malformed("entry.envelope", "an entry is a JSON object");
  }
  const env = e as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(env).find((k) => !ENVELOPE_KEYS.has(k));
  if (unknown !== undefined) return malformed("entry.envelope", `unknown member ${unknown}`);
  if (env.v !== ENTRY_VERSION) return malformed("entry.version", "unknown entry version");
  if (!isEventType(env.type)) return malformed("entry.type", "unknown event type");
  if (!isId(env.id)) return malformed("entry.id", "bad event id");
  if (!time(env.at, "at").ok) return malformed("entry.at", "bad time");
  if (!isActorRef(env.actor)) return malformed("entry.actor", "bad actor");
  const schema = EVENT_SCHEMA[env.type];
  const pub = (schema.public as (v: unknown, p: string) => Parsed<DomainEvent["public"]>)(
    env.public,
    "public",
  );
  if (!pub.ok) return malformed("entry.public", pub.error.message, "malformed", pub.error);
  const hasCommitment = env.commitment !== undefined;
  if (hasCommitment && !digest64(env.commitment, "commitment").ok) {
    return malformed("entry.commitment", "a commitment is 32 bytes in base64url");
  }
  if (hasCommitment && !schema.hasPrivate) {
    return malformed("entry.commitment", `${env.type} has no private part to commit to`);
  }
  const entry: LogEntry = {
    v: ENTRY_VERSION,
    type: env.type,
    id: env.id,
    at: env.at as number,
    actor: env.actor,
    public: pub.value,
    ...(hasCommitment ? { commitment: env.commitment as string } : {}),
  };
  return { ok: true, value: entry };
}

/**
 * True when `priv` with `salt` opens the entry's commitment. False when the entry has no
 * commitment, the salt is not 32 bytes or `priv` is not representable. Never throws.
 *
 * @example verifyCommitment(entry, storedPrivate, storedSalt)
 */
export function verifyCommitment(
  entry: { readonly commitment?: string | null },
  priv: unknown,
  salt: Uint8Array,
): boolean {
  if (typeof entry.commitment !== "string" || salt.length !== SALT_BYTES) return false;
  try {
    return commitmentOf(priv, salt) === entry.commitment;
  } catch {
    return false;
  }
}

function malformed(
  rule: string,
  message: string,
  code: "malformed" | "too-large" = "malformed",
  cause?: unknown,
): Parsed<never> {
  return { ok: false, error: domainError(code, rule, message, cause) };
}
