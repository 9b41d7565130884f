/**
 * What every operation of /openapi.json has in common, added to each route's entry of the document
 * (never to the schema fastify validates with): the answers any route may give besides its own — 429
 * from the rate limiter (routes exempt from it excepted), 413 and 415 for a request body, and a
 * `default` problem for the rest (a 503 while the database is unavailable, a 500) — and on every POST
 * the optional `Idempotency-Key` header (plugins/idempotency.ts) with the 409 and 422 it may bring.
 * A client generated from the document then knows every status it may meet is a problem+json.
 */
import type { FastifySchema, RouteOptions } from "fastify";
import { Type } from "typebox";
import { PROBLEM_MEDIA_TYPE } from "../errors/problem.js";
import { problemResponses } from "../schemas/common.js";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "./idempotency.js";

const IdempotencyKey = Type.String({
  minLength: 1,
  maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
  description:
    "Retrying with the same key and the same request returns the first answer (header Idempotent-Replayed: true) and writes nothing new; the same key with another request is a 422, while the first still runs a 409 (draft-ietf-httpapi-idempotency-key-header)",
});

const DefaultProblem = {
  description: "Any other answer: a problem (RFC 9457) with a stable `code`",
  content: { [PROBLEM_MEDIA_TYPE]: { schema: Type.Unsafe<unknown>({ $ref: "Problem#" }) } },
};

/**
 * The route's schema as the document shows it (@fastify/swagger's `transform`).
 *
 * @example await app.register(swagger, { openapi, transform: withCommonParts })
 */
export function withCommonParts({
  schema,
  url,
  route,
}: {
  readonly schema: FastifySchema;
  readonly url: string;
  readonly route: RouteOptions;
}): { schema: FastifySchema; url: string } {
  if (schema === undefined || (schema as { hide?: boolean }).hide === true) return { schema, url };
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const post = methods.includes("POST");
  const rateLimited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;
  const added = problemResponses(
    ...(rateLimited ? [429] : []),
    ...(schema.body !== undefined ? [413, 415] : []),
    ...(post ? [409, 422] : []),
  );
  const response = { ...added, ...(schema.response as object), default: DefaultProblem };
  if (!post) return { schema: { ...schema, response }, url };
  const headers = (schema.headers as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  return {
    schema: {
      ...schema,
      response,
      headers: Type.Object({
        ...(headers as Record<string, never>),
        "idempotency-key": Type.Optional(IdempotencyKey),
      }),
    },
    url,
  };
}
