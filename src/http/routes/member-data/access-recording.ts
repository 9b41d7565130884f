/**
 * Records operator reads of member data into the access log (GDPR Art. 15(1)(c)), in one hook at the
 * root of the app so that the routes themselves stay unaware of it. A read is recorded before its
 * answer is sent (onSend): when the record cannot be written, the data is not served (the request
 * fails), so no operator read escapes the log.
 *
 * Which reads: a successful GET by an operator key (or a relay, which is the operator acting) on a
 * route naming one member, and the reads of every member at once (the member list, the suspicion
 * signals), recorded for all members as "*". Member tokens reading their own data are not recorded:
 * it is theirs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from "fastify";
import type { Database } from "../../../store/database.js";
import { EVERY_MEMBER, recordAccess } from "../../../store/member-data/access-log.js";
import { accessorOf } from "./accessor.js";

/** Routes that read one member's data: the member is `:member`. */
const ONE_MEMBER = new Set([
  "/v1/spaces/:space/members/:member",
  "/v1/spaces/:space/members/:member/interactions",
  "/v1/spaces/:space/members/:member/vouches",
  "/v1/spaces/:space/trust/:member",
]);

/** Routes that read every member's data at once. */
const EVERY = new Set(["/v1/spaces/:space/members", "/v1/spaces/:space/signals"]);

/**
 * Adds the hook to `app` (the root instance).
 *
 * @example installAccessRecording(app, { db, clock })
 */
export function installAccessRecording(
  app: FastifyInstance,
  deps: { readonly db: Database; readonly clock: () => number },
): void {
  const hook = recordingHook(deps);
  // Only on the routes that read member data: every other answer is spared a hook (bench/http.ts).
  app.addHook("onRoute", (route) => {
    if (!ONE_MEMBER.has(route.url) && !EVERY.has(route.url)) return;
    const own = route.onSend;
    route.onSend = own === undefined ? [hook] : [...(Array.isArray(own) ? own : [own]), hook];
  });
}

function recordingHook(deps: {
  readonly db: Database;
  readonly clock: () => number;
}): onSendHookHandler {
  return async function recordMemberDataRead(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== "GET" || reply.statusCode < 200 || reply.statusCode > 299) return;
    const member = readMember(request);
    if (member === null) return;
    const c = request.credential;
    if (c.kind !== "api-key" && c.kind !== "relay") return;
    const accessor = accessorOf(request);
    if (accessor === null) return;
    const { space } = request.params as { space: string };
    await recordAccess(deps.db.kysely, {
      space,
      member,
      at: deps.clock(),
      accessor,
      action: "read",
      resource: `GET ${request.url.split("?")[0]}`,
      detail: c.kind === "relay" ? `acting for member ${c.member}` : null,
    });
  } as onSendHookHandler;
}

function readMember(request: FastifyRequest): string | null {
  const route = request.routeOptions.url;
  if (route === undefined) return null;
  if (EVERY.has(route)) return EVERY_MEMBER;
  if (!ONE_MEMBER.has(route)) return null;
  const member = (request.params as { member?: unknown }).member;
  return typeof member === "string" ? member : null;
}
