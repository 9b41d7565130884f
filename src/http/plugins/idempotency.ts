/**
 * Idempotency-Key on every POST (draft-ietf-httpapi-idempotency-key-header): a retry with the same key and
 * the same request gets the first answer (status, body, content type, location) and changes nothing; the
 * same key with another request is refused (422); a duplicate arriving while the first still runs is
 * refused (409, Retry-After) rather than run twice. Keys are scoped per credential
 * (`request.credential.id`) within the route's space, and kept for the configured time (24 h by default).
 *
 * The claim is taken as the last preHandler of each POST route, after its guards: a request refused by
 * authentication, validation or a guard never holds a key. Answers that a retry may change are not kept
 * (401, 403, 408, 409, 425, 429 and 5xx: the claim is released), so those retries run again.
 *
 * Exactly once for writes to a space's log: a route that runs a domain command passes the claim to the
 * space service (routes/space/space-writes.ts), which marks it applied, with the appended entries'
 * indices, in the transaction that appends them (src/store/space/claimed-write.ts). The answer is stored
 * here afterwards. A crash before the commit leaves the claim pending and nothing written (a retry after
 * the lease, 60 s, runs); a crash between the commit and storing the answer leaves it applied: a retry
 * (at once, or any time before the key expires) does not run again but is answered from the log, the
 * entries and their receipts read back (SpaceService.readApplied), which is the first answer again
 * since every such route's answer is a function of the write's result and the request. So when such a
 * write succeeds (a 2xx answer, the claim applied by the write's own commit: kind "written"), its answer
 * is not stored at all: a retry is answered from the log, and the write costs one commit beside its
 * own (the claim) instead of two. The one exception is POST /v1/spaces, whose answer carries an admin
 * key shown once: its answer is stored; if it could not be, its retry is answered 410
 * `idempotency-answer-lost`, naming the entries, and creates nothing.
 *
 * Limit: POSTs that write beside the log (API keys, member-token keys, webhook subscriptions,
 * credentials, a trust recompute) store their answer after their own write, not with it. A crash in
 * between leaves a pending claim; a retry after its lease runs the request again, and their own
 * uniqueness rules (409) are what stop a duplicate, where there is one.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  preHandlerHookHandler,
} from "fastify";
import { sha256 } from "../../log/crypto.js";
import {
  abandonIdempotentRequest,
  claimIdempotencyKey,
  completeIdempotentRequest,
  type HeldClaim,
  purgeExpiredIdempotency,
} from "../../store/access/idempotency.js";
import type { Database } from "../../store/database.js";
import { routeSpace } from "../auth/authenticate.js";
import { HttpError } from "../errors/http-error.js";

/**
 * The Idempotency-Key claim of a request: held while it runs, or applied already by the committed write
 * of an earlier try of the same request (whose entries are `indices`), which the route answers from.
 */
export type RequestClaim =
  | { readonly kind: "held"; readonly claim: HeldClaim }
  | { readonly kind: "applied"; readonly claim: HeldClaim; readonly indices: readonly number[] }
  /** This request's own write committed with the claim marked applied: its answer is not stored. */
  | { readonly kind: "written"; readonly claim: HeldClaim };

declare module "fastify" {
  interface FastifyRequest {
    /** The idempotency claim this request holds, until its answer is stored. */
    idempotency: RequestClaim | undefined;
  }
}

/** The request header. */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** The response header that marks a repeated answer. */
export const REPLAYED_HEADER = "idempotent-replayed";
/** The longest key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** How long a running request's claim blocks duplicates before a retry may take it over. */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** The largest answer kept for replay; a larger one is not kept (a retry runs again). */
export const MAX_STORED_ANSWER_BYTES = 1024 * 1024;
/** How often expired records are purged. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

/** Answers a retry may see differently: never replayed. */
const NOT_KEPT = new Set([401, 403, 408, 409, 425, 429]);
/** Response headers a replay repeats. */
const KEPT_HEADERS = ["content-type", "location"];

/** What idempotency needs. */
export interface IdempotencyDeps {
  readonly db: Database;
  readonly ttlMs: number;
  readonly clock: () => number;
}

/**
 * Adds idempotency to every POST route registered after this call, and a periodic purge of expired
 * records (stopped when the app closes).
 *
 * @example installIdempotency(app, { db, ttlMs: config.idempotencyTtlMs, clock })
 */
export function installIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const claim = claimHook(deps);
  const record = recordHook(deps);
  app.decorateRequest("idempotency", undefined);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes("POST")) return;
    route.preHandler = [...hooksOf(route.preHandler), claim];
    route.onSend = [...hooksOf(route.onSend), record];
  });
  const timer = setInterval(() => {
    purgeExpiredIdempotency(deps.db.kysely, new Date(deps.clock())).catch((e: unknown) => {
      app.log.warn({ err: e }, "idempotency: purging expired records failed");
    });
  }, PURGE_INTERVAL_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
}

/**
 * Parser of an untrusted header: the key, or undefined when absent. Accepts the draft's Structured Field
 * string (`"…"`, RFC 8941 §3.3.3, without escapes) and a bare token; 1–255 visible ASCII characters.
 *
 * @example idempotencyKeyOf('"8e03978e-40d5"') // "8e03978e-40d5"
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw invalidKey("send one Idempotency-Key header");
  const quoted = header.length >= 2 && header.startsWith('"') && header.endsWith('"');
  const key = quoted ? header.slice(1, -1) : header;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalidKey(`an Idempotency-Key has 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  if (!/^[\x21-\x7e]+$/.test(key) || (quoted && /["\\]/.test(key))) {
    throw invalidKey("an Idempotency-Key is visible ASCII without quotes or backslashes");
  }
  return key;
}

/** What makes two requests the same: method, path with query, and the exact body. */
function fingerprintOf(request: FastifyRequest): Uint8Array {
  const encoder = new TextEncoder();
  return sha256(
    encoder.encode(`${request.method} ${request.url}\n`),
    encoder.encode(request.rawBody ?? ""),
  );
}

// Both hooks are plain functions that finish at once (done) for a POST without Idempotency-Key, and
// return the promise of their database work otherwise: most writes carry no key, and an async hook is a
// promise and a microtask turn per request for nothing (bench/http.ts). fastify's hook runners take
// either (a thrown error, a done call, or a returned promise).
function claimHook(deps: IdempotencyDeps): preHandlerHookHandler {
  const claim = claimWith(deps);
  return function claimIdempotencyKeyOf(request, reply, done) {
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_HEADER]);
    if (key === undefined) {
      done();
      return;
    }
    return claim(request, reply, key);
  } as preHandlerHookHandler;
}

function claimWith(deps: IdempotencyDeps) {
  return async function claimKey(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
  ): Promise<FastifyReply | undefined> {
    const outcome = await claimIdempotencyKey(deps.db.kysely, {
      space: routeSpace(request) ?? "",
      credential: request.credential.id,
      key,
      fingerprint: fingerprintOf(request),
      now: new Date(deps.clock()),
      ttlMs: deps.ttlMs,
      leaseMs: IDEMPOTENCY_LEASE_MS,
    });
    switch (outcome.kind) {
      case "claimed":
        request.idempotency = { kind: "held", claim: outcome.claim };
        return;
      case "applied":
        // The route answers from the log (space-writes.ts); that answer is then stored like a first.
        request.idempotency = { kind: "applied", claim: outcome.claim, indices: outcome.indices };
        reply.header(REPLAYED_HEADER, "true");
        return;
      case "replay": {
        const { status, headers, body } = outcome.response;
        await reply
          .code(status)
          .headers({ ...headers, [REPLAYED_HEADER]: "true" })
          .send(Buffer.from(body));
        return reply;
      }
      case "mismatch":
        throw new HttpError(
          "idempotency-key-reused",
          "this Idempotency-Key was used for a different request; use a new key for a new request",
        );
      case "in-progress":
        throw new HttpError(
          "idempotency-in-progress",
          "a request with this Idempotency-Key is still running; retry once it has answered",
          { headers: { "retry-after": "1" } },
        );
    }
  };
}

function recordHook(deps: IdempotencyDeps): onSendHookHandler {
  const record = recordWith(deps);
  return function recordIdempotentAnswer(request, reply, payload, done) {
    const held = request.idempotency;
    if (held === undefined) {
      done(null, payload);
      return;
    }
    request.idempotency = undefined;
    return record(request, reply, payload, held);
  } as onSendHookHandler;
}

function recordWith(deps: IdempotencyDeps) {
  return async function storeAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    held: RequestClaim,
  ): Promise<unknown> {
    const status = reply.statusCode;
    // Applied in the write's transaction: a retry is answered from the log, so storing the answer
    // would be a third commit for nothing (bench/http.ts, "with Idempotency-Key").
    if (held.kind === "written" && status >= 200 && status <= 299) return payload;
    const body = bytesOf(payload);
    try {
      if (status >= 500 || NOT_KEPT.has(status) || body === undefined) {
        await abandonIdempotentRequest(deps.db.kysely, held.claim);
      } else {
        await completeIdempotentRequest(deps.db.kysely, held.claim, {
          status,
          headers: keptHeaders(reply),
          body,
        });
      }
    } catch (e) {
      // The answer still goes out; the claim stays pending until its lease ends, or applied (its retry
      // is answered from the log).
      request.log.warn({ err: e }, "idempotency: could not store the answer");
    }
    return payload;
  };
}

function bytesOf(payload: unknown): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  if (payload === null || payload === undefined) bytes = new Uint8Array(0);
  else if (typeof payload === "string") bytes = new TextEncoder().encode(payload);
  else if (payload instanceof Uint8Array) bytes = payload;
  return bytes !== undefined && bytes.length <= MAX_STORED_ANSWER_BYTES ? bytes : undefined;
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === "string") kept[name] = value;
  }
  return kept;
}

function hooksOf<T>(hooks: T | readonly T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? [...(hooks as readonly T[])] : [hooks as T];
}

function invalidKey(message: string): HttpError {
  return new HttpError("invalid-input", message);
}
