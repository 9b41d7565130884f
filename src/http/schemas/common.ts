/**
 * Schemas shared by routes: path parameters and the problem answers every route documents. TypeBox
 * schemas are JSON Schema: fastify validates with them and @fastify/swagger publishes them.
 */
import { Type } from "typebox";
import { PROBLEM_CODES, PROBLEM_MEDIA_TYPE } from "../errors/problem.js";

/** A domain id (src/domain/shape.ts): 1–64 characters of [A-Za-z0-9._-]. */
export const IdString = Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$", description: "an id" });

/** `:space` of every space route. */
export const SpaceParams = Type.Object({ space: IdString });

/** The largest integer a tree size or index may be (2^53 − 1; tlog sizes are safe integers here). */
export const MAX_TREE_INTEGER = Number.MAX_SAFE_INTEGER;

/** A reference to the shared Problem schema (registered by plugins/openapi.ts). */
const ProblemRef = Type.Unsafe<unknown>({ $ref: "Problem#" });

/**
 * Response declarations of problem answers, for a route's `schema.response`.
 *
 * @example response: { 200: Answer, ...problemResponses(400, 404) }
 */
export function problemResponses(...statuses: readonly number[]): Record<number, unknown> {
  const out: Record<number, unknown> = {};
  for (const status of statuses) {
    out[status] = {
      description: titlesOf(status),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemRef } },
    };
  }
  return out;
}

function titlesOf(status: number): string {
  const titles = Object.values(PROBLEM_CODES)
    .filter((p) => p.status === status)
    .map((p) => p.title);
  return titles.length > 0 ? titles.join("; ") : "Problem";
}

/**
 * The security of member routes (`schema.security`): a member token, or an API key holding `relay` with
 * the Fabrique-On-Behalf-Of header naming the member (both schemes at once: src/http/auth/relay.ts).
 *
 * @example schema: { security: MEMBER_SECURITY, … }
 */
export const MEMBER_SECURITY: { [scheme: string]: string[] }[] = [
  { memberToken: [] },
  { apiKey: [], onBehalfOf: [] },
];
