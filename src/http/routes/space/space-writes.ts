/**
 * The write path of the space resources: every domain command runs through the space service as the
 * request's actor, and every answer carries the appended entries' indices and signed receipts. A
 * refusal is thrown as a DomainRefusal, which the error mapping answers with its code and `rule`.
 *
 * Under an Idempotency-Key (src/http/plugins/idempotency.ts) the command carries the request's claim,
 * which the service marks applied in the write's own transaction; a retry of a request whose write
 * committed gets the same ExecuteSuccess read back from the log instead of a second write, so the route
 * builds the first answer again.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../../domain/index.js";
import type { HeldClaim } from "../../../store/access/idempotency.js";
import type {
  CommandInputs,
  CommandName,
  ExecuteResult,
  ExecuteSuccess,
} from "../../../store/space/index.js";
import type { SpaceService } from "../../../store/space/service.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";

/**
 * Runs `command` on the route's space as the request's actor; throws the refusal when refused.
 *
 * @example const done = await runAs(service, request, "joinMember", { member, displayName })
 */
export async function runAs<N extends CommandName>(
  service: SpaceService,
  request: FastifyRequest,
  command: N,
  input: CommandInputs[N],
): Promise<ExecuteSuccess> {
  const space = (request.params as { space: string }).space;
  const actor = domainActor(request);
  return okOrThrow(
    await writeOnce(service, request, space, (claim) =>
      service.execute(space, actor, command, input, claim),
    ),
  );
}

/**
 * Runs `write` with the request's Idempotency-Key claim (none without the header), or, when an earlier
 * try of this request already applied it, reads that write's result back from `space`'s log and runs
 * nothing.
 *
 * @example const done = okOrThrow(await writeOnce(service, request, space, (claim) => service.revealDue(space, { claim })))
 */
export async function writeOnce(
  service: SpaceService,
  request: FastifyRequest,
  space: string,
  write: (claim: HeldClaim | undefined) => Promise<ExecuteResult>,
): Promise<ExecuteResult> {
  const held = request.idempotency;
  if (held?.kind === "applied") return service.readApplied(space, held.indices);
  const result = await write(held?.claim);
  // Committed with the claim applied: a retry is answered from the log (plugins/idempotency.ts).
  if (held !== undefined && result.ok) request.idempotency = { kind: "written", claim: held.claim };
  return result;
}

/**
 * The request's actor as the domain knows it. Guards run first, so an anonymous actor here is a route
 * without a guard: refused rather than passed on.
 *
 * @example service.createSpace(input, domainActor(request))
 */
export function domainActor(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (actor.kind === "anonymous")
    throw new HttpError("unauthenticated", "a credential is required");
  return actor;
}

/**
 * The indices and receipt notes of a write, as every write answers them.
 *
 * @example return { review: id, ...writeFields(done) }
 */
export function writeFields(done: ExecuteSuccess): {
  indices: number[];
  receipts: string[];
} {
  return { indices: [...done.indices], receipts: done.receipts.map((r) => r.note) };
}

/**
 * The id a command created: `field` of the public part of its first `type` event.
 *
 * @example createdId(done, "review.submitted", "review")
 */
export function createdId(done: ExecuteSuccess, type: string, field: string): string {
  const event = done.events.find((e) => e.type === type);
  const id = (event?.public as Record<string, unknown> | undefined)?.[field];
  if (typeof id !== "string") throw new Error(`the command appended no ${type} with a ${field}`);
  return id;
}

/**
 * Answers 201 with the Location of the created resource (`path` under the space).
 *
 * @example created(reply, request, `/reviews/${id}`)
 */
export function created(reply: FastifyReply, request: FastifyRequest, path: string): void {
  const space = (request.params as { space: string }).space;
  reply.code(201).header("location", `/v1/spaces/${space}${path}`);
}
