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
import { canonicalJson, parseCanonicalJson } from "./canonical-json.js";
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
  return commitmentOfJson(canonicalJson(priv), salt);
}

/** commitmentOf for a private part already in canonical JSON (encodeEntry keeps the text for the store). */
function commitmentOfJson(privateJson: string, salt: Uint8Array): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`a commitment salt is ${SALT_BYTES} bytes`);
  return encodeBase64Url(sha256(salt, encoder.encode(privateJson)));
}

/**
 * Encodes `event` as entry bytes. `salt` (32 fresh random bytes, kept by the store beside the
 * private part) is required when the event has a private part and ignored otherwise. Also returns
 * the private part's canonical JSON (what the commitment hashes after the salt, and what the store
 * keeps), null without one.
 * Throws on programmer error: missing salt, a value JCS refuses, an entry over MAX_ENTRY_BYTES.
 *
 * @example const { bytes, commitment, privateJson } = encodeEntry(event, randomBytes(32))
 */
export function encodeEntry(
  event: DomainEvent,
  salt?: Uint8Array,
): {
  readonly bytes: Uint8Array;
  readonly commitment: string | null;
  readonly privateJson: string | null;
} {
  let commitment: string | null = null;
  let privateJson: string | null = null;
  if (event.private !== undefined) {
    if (salt === undefined) throw new RangeError(`${event.type} has a private part: pass a salt`);
    privateJson = canonicalJson(event.private);
    commitment = commitmentOfJson(privateJson, salt);
  }
  const bytes =
    measured(event, commitment) ?? encoder.encode(canonicalJson(envelopeOf(event, commitment)));
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new RangeError(`${event.type} entry is ${bytes.length} bytes > ${MAX_ENTRY_BYTES}`);
  }
  return { bytes, commitment, privateJson };
}

/**
 * The size in bytes of the entry `event` encodes to (the commitment, when present, always has the
 * same length). Lets command handlers refuse an oversized event as `too-large` instead of throwing.
 *
 * @example if (entryByteLength(event) > MAX_ENTRY_BYTES) return fail(…)
 */
export function entryByteLength(event: DomainEvent): number {
  const hasPrivate = event.private !== undefined;
  const text = canonicalJson(envelopeOf(event, hasPrivate ? PLACEHOLDER : null));
  const bytes = encoder.encode(text);
  const commitmentAt = hasPrivate ? placeholderOffset(event, text) : NO_COMMITMENT;
  if (commitmentAt !== UNUSABLE) measuredEntries.set(event, { bytes, commitmentAt });
  return bytes.length;
}

/** A commitment's length in base64url (SHA-256: 43 characters), none of which JSON escapes. */
const PLACEHOLDER = "A".repeat(43);
const PLACEHOLDER_BYTES = encoder.encode(PLACEHOLDER);

/**
 * The entry bytes entryByteLength encoded, by event, and where the placeholder commitment starts in
 * them: a command measures each event it emits and the store then encodes the same event, so
 * encodeEntry writes the commitment over the placeholder instead of canonicalising and encoding the
 * envelope again. Events are readonly data (a changed event would not be the one measured). Taken
 * out when used, so the bytes encodeEntry returns are its caller's alone.
 */
const measuredEntries = new WeakMap<
  DomainEvent,
  { readonly bytes: Uint8Array; readonly commitmentAt: number }
>();
/** commitmentAt of an event without a private part. */
const NO_COMMITMENT = -1;
/** The placeholder is not where the envelope's member order puts it (never expected): not kept. */
const UNUSABLE = -2;

/**
 * The byte offset of the placeholder commitment in the entry `text` of `event`. The envelope's
 * canonical members sort as actor, at, commitment, …, so the commitment's value starts right after
 * that exact prefix; UNUSABLE when the text does not read so.
 */
function placeholderOffset(event: DomainEvent, text: string): number {
  const prefix = `{"actor":${canonicalJson(event.actor)},"at":${canonicalJson(event.at)},"commitment":"`;
  if (!text.startsWith(prefix) || !text.startsWith(PLACEHOLDER, prefix.length)) return UNUSABLE;
  return utf8Length(prefix);
}

/**
 * The length in UTF-8 of `text`, which holds no lone surrogate (canonical JSON refuses them), counted
 * without encoding it: every event's entry is measured on the write path.
 */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else if (unit >= 0x800) bytes += 2;
    else if (unit >= 0x80) bytes += 1;
  }
  return bytes;
}

/**
 * The entry bytes of `event` with `commitment`, from its measured bytes, or undefined when it was
 * not measured. The commitment (base64url: ASCII, one byte a character, never escaped) is written
 * over the placeholder's bytes, so the result is the encoding of the text with the commitment in
 * the placeholder's place.
 */
function measured(event: DomainEvent, commitment: string | null): Uint8Array | undefined {
  const entry = measuredEntries.get(event);
  if (entry === undefined) return undefined;
  measuredEntries.delete(event);
  const { bytes, commitmentAt } = entry;
  if (commitment === null) return commitmentAt === NO_COMMITMENT ? bytes : undefined;
  if (commitmentAt < 0 || commitment.length !== PLACEHOLDER.length) return undefined;
  for (let i = 0; i < PLACEHOLDER_BYTES.length; i++) {
    if (bytes[commitmentAt + i] !== PLACEHOLDER_BYTES[i]) return undefined;
  }
  const written = encoder.encodeInto(commitment, bytes.subarray(commitmentAt));
  return written.written === PLACEHOLDER.length ? bytes : undefined;
}

/**
 * The entry's members before canonicalisation. Two literals rather than one with a spread of an
 * optional commitment, which made a temporary object and copied it for every event measured.
 */
function envelopeOf(event: DomainEvent, commitment: string | null) {
  const { type, id, at, actor } = event;
  return commitment === null
    ? { v: ENTRY_VERSION, type, id, at, actor, public: event.public }
    : { v: ENTRY_VERSION, type, id, at, actor, public: event.public, commitment };
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
