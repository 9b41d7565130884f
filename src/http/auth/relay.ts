/**
 * Operator relay: the operator's backend calls a member route with its own API key and names, in the
 * `Fabrique-On-Behalf-Of` header, the member it authenticated. The request then acts as that member
 * (`{ kind: "member", member, via: <the key> }`): member routes let it through as they would a member
 * token of that member, operator routes refuse it, and every event it appends records the relay in its
 * public actor (`member:<id>;via=operator:<key>`, src/domain/actor.ts), so the log shows which actions
 * the operator spoke for. A relay that also holds `attest` may attest the call's circumstances (an
 * invited review).
 *
 * Who may relay: an API key of the route's space holding `relay` (or `admin`). Relaying gives the
 * operator no power it lacks otherwise (an admin key registers member-token keys and mints tokens for
 * any member), but it needs no token round trip and it is visible in the log, which a minted token is
 * not. It is meant for servers: browsers never hold API keys, so CORS does not allow the header.
 *
 * A refused relay is answered before the route runs, after rate limiting (authenticate.ts): 400 for a
 * malformed header, 401 with no credential, 403 for a credential that may not relay here.
 */
import type { MemberId } from "../../domain/index.js";
import { isId } from "../../domain/shape.js";
import { scopeGrants } from "../../store/access/scopes.js";
import { HttpError } from "../errors/http-error.js";
import { missingTokenChallenge } from "./challenge.js";
import { type Credential, relayCredential } from "./credential.js";

/** The request header naming the member an API key acts for (lower case, as node gives headers). */
export const RELAY_HEADER = "fabrique-on-behalf-of";

/** What a request's relay header makes of its credential. */
export type RelayOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "relay"; readonly credential: Credential }
  | { readonly kind: "refused"; readonly error: HttpError };

const NONE: RelayOutcome = { kind: "none" };

/**
 * Applies the relay header to the credential a request authenticated with. `header` is untrusted: one
 * header whose value is a member id (1–64 characters of [A-Za-z0-9._-]); `space` is the route's valid
 * `:space`, undefined on routes without one.
 *
 * @example const relay = relayOf(request.headers[RELAY_HEADER], space, credential)
 */
export function relayOf(
  header: string | string[] | undefined,
  space: string | undefined,
  credential: Credential,
): RelayOutcome {
  if (header === undefined) return NONE;
  const member = memberOf(header);
  if (member === undefined) {
    return refused(
      "invalid-input",
      "Fabrique-On-Behalf-Of is one member id ([A-Za-z0-9._-]{1,64})",
    );
  }
  switch (credential.kind) {
    case "anonymous":
      return refused(
        "unauthenticated",
        "Fabrique-On-Behalf-Of needs an API key of the space holding the relay scope",
      );
    case "member-token":
      return refused(
        "forbidden",
        "a member token acts as its own member: drop Fabrique-On-Behalf-Of",
      );
    case "platform-admin":
    case "relay":
      return refused("forbidden", "only an API key of the space relays for a member");
    case "api-key":
      break;
  }
  const key = credential.key;
  if (space === undefined) {
    return refused(
      "forbidden",
      "a relayed request acts as a member of a space: this route has none",
    );
  }
  if (key.space !== space) {
    return refused("forbidden", `API key ${key.id} belongs to another space`);
  }
  if (!scopeGrants(key.scopes, "relay")) {
    return refused(
      "forbidden",
      `API key ${key.id} lacks the relay scope (it holds ${key.scopes.join(", ")})`,
    );
  }
  return { kind: "relay", credential: relayCredential(key, member) };
}

function memberOf(header: string | string[]): MemberId | undefined {
  if (Array.isArray(header)) return undefined;
  const value = header.trim();
  return isId(value) ? value : undefined;
}

function refused(code: "invalid-input" | "unauthenticated" | "forbidden", message: string) {
  const headers = code === "unauthenticated" ? { "www-authenticate": missingTokenChallenge() } : {};
  return { kind: "refused", error: new HttpError(code, message, { headers }) } as const;
}
