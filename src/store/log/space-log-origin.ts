/**
 * The identity of a space's log: its origin, `<host>/spaces/<space id>`, which is also the name of the key
 * that signs its checkpoints and receipts (c2sp.org/tlog-checkpoint: "the origin line … SHOULD match the key
 * name"; c2sp.org/signed-note: the key name identifies the key's owner). The host is a deployment setting
 * (default "fabrique.local"); once a space has published a checkpoint its origin must never change, since
 * verifiers pin it (the sealer refuses to sign under another origin).
 */

import { isId } from "../../domain/shape.js";
import { assertKeyName } from "../../log/note/key-name.js";
import { StoreError } from "../errors.js";

/** The host part of origins when none is configured. */
export const DEFAULT_LOG_HOST = "fabrique.local";

// A DNS-style host, an optional port and optional path segments, no trailing slash: origins stay URL-like
// and hold no character that a key name forbids (spaces, '+').
const HOST = /^[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/;

/**
 * The origin (and key name) of `space`'s log under `host`. Throws StoreError("invalid-config") for a host
 * that cannot start a key name, and RangeError for a space id that is not a domain id (1–64 characters of
 * [A-Za-z0-9._-], src/domain/shape.ts): such ids hold no space, '+' or '/', so every origin is a valid key
 * name and names exactly one space.
 *
 * @example spaceLogOrigin(undefined, "market") // "fabrique.local/spaces/market"
 */
export function spaceLogOrigin(host: string | undefined, space: string): string {
  const base = host ?? DEFAULT_LOG_HOST;
  if (!HOST.test(base)) {
    throw new StoreError(
      "invalid-config",
      `log host "${base}" is not a host name with an optional port and path (e.g. trust.example.com)`,
    );
  }
  if (!isId(space)) throw new RangeError(`space id "${space}" is not 1-64 of [A-Za-z0-9._-]`);
  const origin = `${base}/spaces/${space}`;
  assertKeyName(origin, "space log origin");
  return origin;
}
