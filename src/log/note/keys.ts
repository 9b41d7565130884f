/**
 * Encoded keys, in the text forms of golang.org/x/mod/sumdb/note (also c2sp.org/signed-note "vkeys"):
 *
 *     verifier key: <name>+<key ID hex>+base64(type || public key)
 *     signer key:   PRIVATE+KEY+<name>+<key ID hex>+base64(type || Ed25519 seed)
 *
 * Parser of untrusted text (keys come from config files and command lines). Limits: MAX_KEY_SIZE
 * characters. Rules enforced: a valid key name; eight lowercase hex digits; strict padded base64; a
 * 32-byte key for the types we implement; and a key ID equal to SHA-256(name || "\n" || type || pub)[:4].
 * The base64 may itself contain '+', so a key is split on its first separators only.
 */
import { ed25519PublicKey, randomBytes } from "../crypto.js";
import { decodeBase64Strict, encodeBase64 } from "../encoding/base64.js";
import { LogError } from "../errors.js";
import { computeKeyId, formatKeyId, parseKeyId } from "./key-id.js";
import { assertKeyName } from "./key-name.js";
import { type KnownKeyKind, kindOfTypeByte, typeByteOf } from "./key-types.js";
import { MAX_KEY_SIZE } from "./limits.js";

const ED25519_KEY_SIZE = 32;
const SIGNER_PREFIX = "PRIVATE+KEY+";

/** A parsed verifier key of a type Fabrique implements (0x01 Ed25519, 0x04 cosignature/v1). */
export interface KnownVerifierKey {
  readonly kind: KnownKeyKind;
  readonly name: string;
  readonly keyId: number;
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/**
 * A parsed verifier key of any other type. Its key-ID rule belongs to its own spec (0x02 hashes the SPKI,
 * for one), so its key ID is kept as written, unchecked.
 */
export interface UnknownVerifierKey {
  readonly kind: "unknown";
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  /** The key bytes after the type byte. */
  readonly keyMaterial: Uint8Array;
}

/** A parsed verifier key. */
export type VerifierKey = KnownVerifierKey | UnknownVerifierKey;

/** A parsed signer key: an Ed25519 seed used either for plain note signatures or for cosignatures. */
export interface SignerKey {
  readonly kind: KnownKeyKind;
  readonly name: string;
  readonly keyId: number;
  /** The 32-byte Ed25519 seed (RFC 8032 private key). Secret. */
  readonly seed: Uint8Array;
  /** The 32-byte Ed25519 public key derived from the seed. */
  readonly publicKey: Uint8Array;
}

/** The parts of a checked Ed25519 verifier key that a NoteVerifier needs (its key ID is trusted). */
export interface KeyOfVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

/** The parts of a checked Ed25519 signer key that a NoteSigner needs (its key ID is trusted). */
export interface KeyOfSigner {
  readonly name: string;
  readonly keyId: number;
  readonly seed: Uint8Array;
}

/** A freshly generated key pair, both encoded. */
export interface EncodedKeyPair {
  /** `PRIVATE+KEY+…`: secret. */
  readonly signerKey: string;
  /** `name+id+key`: give to verifiers. */
  readonly verifierKey: string;
}

/**
 * Parses an encoded verifier key.
 *
 * @example parseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
 */
export function parseVerifierKey(text: string): VerifierKey {
  assertKeySize(text, "verifier key");
  const [name, idHex, key64] = splitOnFirstPluses(text, 2, "verifier key");
  assertKeyName(name);
  const keyId = parseKeyId(idHex);
  const [type, material] = splitTypeByte(decodeBase64Strict(key64, "verifier key"));
  const kind = kindOfTypeByte(type);
  if (kind === undefined) return { kind: "unknown", name, keyId, type, keyMaterial: material };
  assertEd25519KeySize(material, "verifier key");
  assertKeyIdMatches(keyId, name, type, material);
  return { kind, name, keyId, publicKey: material };
}

/**
 * Encodes a verifier key.
 *
 * @example formatVerifierKey(parseVerifierKey(vkey)) === vkey
 */
export function formatVerifierKey(key: VerifierKey): string {
  assertKeyName(key.name);
  const typed =
    key.kind === "unknown"
      ? withTypeByte(key.type, key.keyMaterial)
      : withTypeByte(typeByteOf(key.kind), key.publicKey);
  return `${key.name}+${formatKeyId(key.keyId)}+${encodeBase64(typed)}`;
}

/**
 * The verifier key of an Ed25519 public key, with its key ID computed for `kind`.
 *
 * @example verifierKeyOf("example.com/log", pub) // { kind: "ed25519", name, keyId, publicKey }
 */
export function verifierKeyOf(
  name: string,
  publicKey: Uint8Array,
  kind: KnownKeyKind = "ed25519",
): KnownVerifierKey {
  assertKeyName(name);
  assertEd25519KeySize(publicKey, "public key");
  return { kind, name, keyId: computeKeyId(name, typeByteOf(kind), publicKey), publicKey };
}

/**
 * Parses an encoded signer key; the key ID must match the public key derived from the seed.
 *
 * @example parseSignerKey("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
 */
export function parseSignerKey(text: string): SignerKey {
  assertKeySize(text, "signer key");
  if (!text.startsWith(SIGNER_PREFIX)) {
    throw new LogError("malformed", "signer key does not start with PRIVATE+KEY+");
  }
  const [name, idHex, key64] = splitOnFirstPluses(
    text.slice(SIGNER_PREFIX.length),
    2,
    "signer key",
  );
  assertKeyName(name);
  const keyId = parseKeyId(idHex);
  const [type, seed] = splitTypeByte(decodeBase64Strict(key64, "signer key"));
  const kind = kindOfTypeByte(type);
  if (kind === undefined) throw new LogError("malformed", `unsupported signer key type ${type}`);
  assertEd25519KeySize(seed, "signer key");
  const publicKey = ed25519PublicKey(seed);
  assertKeyIdMatches(keyId, name, type, publicKey);
  return { kind, name, keyId, seed, publicKey };
}

/**
 * Encodes a signer key.
 *
 * @example formatSignerKey(parseSignerKey(skey)) === skey
 */
export function formatSignerKey(key: SignerKey): string {
  assertKeyName(key.name);
  assertEd25519KeySize(key.seed, "seed");
  const typed = withTypeByte(typeByteOf(key.kind), key.seed);
  return `${SIGNER_PREFIX}${key.name}+${formatKeyId(key.keyId)}+${encodeBase64(typed)}`;
}

/**
 * The signer key of an Ed25519 seed, with its key ID computed for `kind`.
 *
 * @example signerKeyOf("example.com/log", seed)
 */
export function signerKeyOf(
  name: string,
  seed: Uint8Array,
  kind: KnownKeyKind = "ed25519",
): SignerKey {
  assertKeyName(name);
  assertEd25519KeySize(seed, "seed");
  const publicKey = ed25519PublicKey(seed);
  return { kind, name, keyId: computeKeyId(name, typeByteOf(kind), publicKey), seed, publicKey };
}

/**
 * The verifier key matching a signer key.
 *
 * @example formatVerifierKey(verifierKeyOfSigner(parseSignerKey(skey))) === vkey
 */
export function verifierKeyOfSigner(key: SignerKey): KnownVerifierKey {
  return { kind: key.kind, name: key.name, keyId: key.keyId, publicKey: key.publicKey };
}

/**
 * Generates a fresh Ed25519 key pair for `name` (a plain note key by default, or a cosigner key).
 *
 * @example const { signerKey, verifierKey } = generateKeyPair("example.com/log")
 */
export function generateKeyPair(name: string, kind: KnownKeyKind = "ed25519"): EncodedKeyPair {
  const signer = signerKeyOf(name, randomBytes(ED25519_KEY_SIZE), kind);
  return {
    signerKey: formatSignerKey(signer),
    verifierKey: formatVerifierKey(verifierKeyOfSigner(signer)),
  };
}

function assertKeySize(text: string, what: string): void {
  if (text.length > MAX_KEY_SIZE) {
    throw new LogError("too-large", `${what} exceeds ${MAX_KEY_SIZE} characters`);
  }
}

// Splits on the first `count` '+' only: the base64 key material may contain '+' itself.
function splitOnFirstPluses(text: string, count: number, what: string): [string, string, string] {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf("+");
    if (at < 0) throw new LogError("malformed", `${what} is not name+keyid+key`);
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [parts[0] ?? "", parts[1] ?? "", rest];
}

function splitTypeByte(bytes: Uint8Array): [number, Uint8Array] {
  const type = bytes[0];
  if (type === undefined) throw new LogError("malformed", "key has no type byte");
  return [type, bytes.subarray(1)];
}

function withTypeByte(type: number, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length);
  out[0] = type;
  out.set(key, 1);
  return out;
}

function assertEd25519KeySize(key: Uint8Array, what: string): void {
  if (key.length !== ED25519_KEY_SIZE) {
    throw new LogError("malformed", `${what} holds ${key.length} bytes, not ${ED25519_KEY_SIZE}`);
  }
}

function assertKeyIdMatches(keyId: number, name: string, type: number, pub: Uint8Array): void {
  const expected = computeKeyId(name, type, pub);
  if (keyId !== expected) {
    throw new LogError(
      "malformed",
      `key ID ${formatKeyId(keyId)} does not match the key (expected ${formatKeyId(expected)})`,
    );
  }
}
