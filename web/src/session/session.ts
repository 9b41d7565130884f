/**
 * Who the page acts as in a space: a member (an operator-minted member token, at most 15 minutes) and/or
 * a moderator (an API key with the moderate scope). Credentials live in sessionStorage, per tab and per
 * space, and leave with the tab; they are only ever sent to this origin's API. A sign-in link carries
 * its credential in the URL fragment, which browsers never send to servers; the page removes it from
 * the address bar as soon as it is read.
 */
import { decodeBase64Url } from "../../../src/domain/base64url.js";

/** A member signed in with a token. */
export interface MemberSession {
  readonly token: string;
  readonly member: string;
  /** When the token stops working (ms since the epoch), from its `exp`; null when unreadable. */
  readonly expiresAt: number | null;
}

/** A moderator signed in with an API key. */
export interface ModeratorSession {
  readonly key: string;
  readonly scopes: readonly string[];
}

/** The credentials the tab holds for one space. */
export interface SpaceSession {
  readonly member: MemberSession | null;
  readonly moderator: ModeratorSession | null;
}

export const NO_SESSION: SpaceSession = { member: null, moderator: null };

const PREFIX = "fabrique.session.";

/**
 * The session the tab holds for `space`.
 *
 * @example const { member } = loadSession("stays")
 */
export function loadSession(space: string): SpaceSession {
  try {
    const text = sessionStorage.getItem(PREFIX + space);
    if (text === null) return NO_SESSION;
    const parsed = JSON.parse(text) as Partial<SpaceSession>;
    return { member: parsed.member ?? null, moderator: parsed.moderator ?? null };
  } catch {
    return NO_SESSION;
  }
}

/**
 * Keeps `session` for `space` in this tab.
 *
 * @example saveSession("stays", { ...session, member: null }) // signs the member out
 */
export function saveSession(space: string, session: SpaceSession): void {
  if (session.member === null && session.moderator === null) {
    sessionStorage.removeItem(PREFIX + space);
  } else {
    sessionStorage.setItem(PREFIX + space, JSON.stringify(session));
  }
}

/**
 * The expiry of a member token (its `exp` claim, in ms), read without verifying it: only to tell the
 * person when to sign in again. The server verifies every token it receives. Parser of untrusted text:
 * at most 4,096 characters, three base64url parts, a JSON object payload.
 *
 * @example tokenExpiry(token) // 1767225600000
 */
export function tokenExpiry(token: string): number | null {
  if (token.length > 4096) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const bytes = decodeBase64Url(parts[1] ?? "");
  if (bytes === null) return null;
  try {
    const claims: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (typeof claims !== "object" || claims === null) return null;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
