/**
 * The text of an API key: `fbk_<space>_<id>_<secret>`, e.g.
 * `fbk_market_3f9a0c1e5b7d2a46_<64 hex digits>`. The space comes first so a key names where it works
 * (and secret scanners can match the `fbk_` prefix); the id finds the stored row; the secret (32 random
 * bytes) proves possession. Space ids may hold `_`, so the key is parsed from its fixed-size tail.
 */

/** Random bytes of a key's id and secret. */
export const API_KEY_ID_BYTES = 8;
export const API_KEY_SECRET_BYTES = 32;

/** The longest key text: prefix, a 64-character space id, the id, the secret and separators. */
export const MAX_API_KEY_LENGTH = 4 + 64 + 1 + 2 * API_KEY_ID_BYTES + 1 + 2 * API_KEY_SECRET_BYTES;

const API_KEY = /^fbk_([A-Za-z0-9._-]{1,64})_([0-9a-f]{16})_([0-9a-f]{64})$/;

/** The parts of a key. */
export interface ApiKeyParts {
  readonly space: string;
  readonly id: string;
  /** The secret, 32 bytes. */
  readonly secret: Uint8Array;
}

/**
 * The key text of `parts`.
 *
 * @example formatApiKey({ space: "market", id: "3f9a0c1e5b7d2a46", secret })
 */
export function formatApiKey(parts: ApiKeyParts): string {
  return `fbk_${parts.space}_${parts.id}_${Buffer.from(parts.secret).toString("hex")}`;
}

/**
 * Parser of untrusted text (a bearer token): the parts of a key, or undefined when `text` is not one.
 * Limits: at most MAX_API_KEY_LENGTH characters; lowercase hex only in id and secret (one spelling per
 * key, so the key text and its hash correspond one to one).
 *
 * @example parseApiKey(request.headers.authorization.slice(7))?.space
 */
export function parseApiKey(text: string): ApiKeyParts | undefined {
  if (text.length > MAX_API_KEY_LENGTH) return undefined;
  const match = API_KEY.exec(text);
  if (match === null) return undefined;
  const [, space, id, secret] = match as unknown as [string, string, string, string];
  return { space, id, secret: new Uint8Array(Buffer.from(secret, "hex")) };
}

/**
 * True when `text` looks like an API key (its prefix), whether or not it parses.
 *
 * @example if (looksLikeApiKey(token)) return verifyApiKey(db, token)
 */
export function looksLikeApiKey(text: string): boolean {
  return text.startsWith("fbk_");
}
