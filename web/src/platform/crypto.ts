/**
 * The browser's src/log/crypto.ts (web/vite.config.ts swaps it in for every import of that module), with
 * the same exports, so src/log and src/domain run unchanged in the page:
 * - SHA-256 is synchronous (sha256.ts), because src/log's Merkle code is;
 * - Ed25519 verification is WebCrypto's. WebCrypto answers asynchronously and src/log's verifiers are
 *   synchronous, so verification runs in two passes (`withWebCryptoSignatures`): the first pass records
 *   every (key, message, signature) src/log asks about and answers false; WebCrypto then verifies them
 *   all; the second pass answers from those verdicts. src/log still makes every decision (which lines,
 *   which keys, what message a cosignature signs); WebCrypto only does the arithmetic.
 * - Signing and key generation are not offered: the browser verifies, it never signs for a log.
 */
import { sha256Bytes } from "./sha256.js";

/** A 32-byte SHA-256 digest. */
export type Digest = Uint8Array;

/**
 * SHA-256 of the concatenation of `parts`.
 *
 * @example sha256(new TextEncoder().encode("abc")) // ba7816bf…
 */
export function sha256(...parts: readonly Uint8Array[]): Digest {
  return sha256Bytes(...parts);
}

/**
 * SHA-256(prefix ‖ a ‖ b): RFC 9162 leaf and node hashes.
 *
 * @example sha256Prefixed(0x01, left, right)
 */
export function sha256Prefixed(prefix: number, a: Uint8Array, b?: Uint8Array): Digest {
  return b === undefined
    ? sha256Bytes(Uint8Array.of(prefix), a)
    : sha256Bytes(Uint8Array.of(prefix), a, b);
}

/**
 * HMAC-SHA-256 (RFC 2104 §2) of the concatenation of `parts` under `key`.
 *
 * @example hmacSha256(key, new TextEncoder().encode("user-42"))
 */
export function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Digest {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256Bytes(key) : key);
  const inner = block.map((b) => b ^ 0x36);
  const outer = block.map((b) => b ^ 0x5c);
  return sha256Bytes(outer, sha256Bytes(inner, ...parts));
}

/** Not in the browser: it never holds a log's private key. */
export function ed25519PublicKey(_seed: Uint8Array): Uint8Array {
  throw new Error("Ed25519 key derivation is not available in the browser");
}

/** Not in the browser: it never signs for a log. */
export function ed25519Sign(_seed: Uint8Array, _message: Uint8Array): Uint8Array {
  throw new Error("Ed25519 signing is not available in the browser");
}

/** Not in the browser: it never signs for a log. */
export function ed25519SignAsync(_seed: Uint8Array, _message: Uint8Array): Promise<Uint8Array> {
  return Promise.reject(new Error("Ed25519 signing is not available in the browser"));
}

/**
 * The WebCrypto verdict on an Ed25519 signature, when `withWebCryptoSignatures` has one; otherwise
 * the question is recorded for WebCrypto and the answer is false. Never throws.
 *
 * @example if (!ed25519Verify(pub, msg, sig)) reject()
 */
export function ed25519Verify(
  pub: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (pub.length !== 32 || signature.length !== 64) return false;
  const id = questionId(pub, message, signature);
  const verdict = verdicts.get(id);
  if (verdict !== undefined) return verdict;
  pending.set(id, {
    pub: new Uint8Array(pub),
    message: new Uint8Array(message),
    signature: new Uint8Array(signature),
  });
  return false;
}

/**
 * Fresh random bytes from the browser's CSPRNG.
 *
 * @example randomBytes(32)
 */
export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Runs `check` (synchronous code of src/log that verifies Ed25519 signatures) with WebCrypto doing the
 * signature arithmetic: once to learn which signatures it asks about, then again with WebCrypto's
 * verdicts. What `check` returns or throws the second time is the answer.
 *
 * @example const opened = await withWebCryptoSignatures(() => openCheckpoint(note, { logVerifier }))
 */
export async function withWebCryptoSignatures<T>(check: () => T): Promise<T> {
  try {
    const first = check();
    if (pending.size === 0) return first;
  } catch (e) {
    if (pending.size === 0) throw e;
  }
  await settlePending();
  return check();
}

interface Question {
  readonly pub: Uint8Array<ArrayBuffer>;
  readonly message: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

type Subtle = (typeof globalThis.crypto)["subtle"];

// Verdicts are kept for the page's life: a (key, message, signature) triple always has the same answer.
const verdicts = new Map<string, boolean>();
const pending = new Map<string, Question>();

async function settlePending(): Promise<void> {
  const questions = [...pending.entries()];
  pending.clear();
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error(
      "WebCrypto is not available: this page must be served over https or from localhost to verify signatures",
    );
  }
  await Promise.all(
    questions.map(async ([id, q]) => {
      verdicts.set(id, await webCryptoVerify(subtle, q));
    }),
  );
}

async function webCryptoVerify(subtle: Subtle, q: Question): Promise<boolean> {
  try {
    const key = await subtle.importKey("raw", q.pub, { name: "Ed25519" }, false, ["verify"]);
    return await subtle.verify("Ed25519", key, q.signature, q.message);
  } catch {
    // A key WebCrypto refuses (not a curve point) verifies nothing, as in node:crypto.
    return false;
  }
}

function questionId(pub: Uint8Array, message: Uint8Array, signature: Uint8Array): string {
  return `${hex(pub)}.${hex(sha256Bytes(message))}.${hex(signature)}`;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
