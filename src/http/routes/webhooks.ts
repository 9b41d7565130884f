/**
 * Webhook subscriptions of a space (admin API keys of the space only): subscribe a URL to event types
 * ("review.revealed", a family "alert.*", or "*"), list, read and delete subscriptions, and follow their
 * deliveries and attempts. The signing secret (`whsec_…`, Standard Webhooks) is in the creation's answer
 * only. Deliveries are written with the events (src/store/webhooks/outbox.ts) and sent by the worker
 * (src/http/webhooks/delivery-worker.ts). A URL whose host is a private, loopback or link-local address
 * (or a localhost name) is refused unless the operator allowed private targets
 * (FABRIQUE_WEBHOOK_ALLOW_PRIVATE); the worker checks what a host name resolves to at each delivery.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Database } from "../../store/database.js";
import type { KeyVault } from "../../store/keys/key-vault.js";
import { listDeliveries, MAX_DELIVERIES_LISTED } from "../../store/webhooks/deliveries.js";
import { eventPatternProblem, MAX_EVENT_PATTERNS } from "../../store/webhooks/event-types.js";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  type WebhookInfo,
} from "../../store/webhooks/subscriptions.js";
import { requireScope } from "../auth/guards.js";
import { HttpError } from "../errors/http-error.js";
import { IdString, problemResponses, SpaceParams } from "../schemas/common.js";
import { urlHostProblem } from "../webhooks/target-address.js";

/** What the webhook routes need. */
export interface WebhookRoutesDeps {
  readonly db: Database;
  /** Seals the subscriptions' secrets. */
  readonly vault: KeyVault;
  readonly clock: () => number;
  /** Accept URLs on private, loopback and link-local addresses (HttpConfig.allowPrivateWebhookTargets). */
  readonly allowPrivateTargets: boolean;
}

/** The longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const EventPattern = Type.String({
  pattern: "^(\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)*(\\.\\*)?)$",
  maxLength: 64,
  description: 'an event type ("review.revealed"), a family ("alert.*") or "*" for every event',
});

const NewWebhook = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: MAX_WEBHOOK_URL_LENGTH, format: "uri" }),
    eventTypes: Type.Array(EventPattern, {
      minItems: 1,
      maxItems: MAX_EVENT_PATTERNS,
      uniqueItems: true,
    }),
    description: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, pattern: "^[^\\u0000-\\u001f\\u007f]*$" }),
    ),
  },
  { additionalProperties: false },
);

const Webhook = Type.Object({
  id: Type.String(),
  space: Type.String(),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  description: Type.Optional(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  deletedAt: Type.Optional(Type.String({ format: "date-time" })),
});

const CreatedWebhook = Type.Object({
  secret: Type.String({
    description: "the signing secret (Standard Webhooks whsec_ form): shown once, store it now",
  }),
  webhook: Webhook,
});

const Attempt = Type.Object({
  attempt: Type.Integer(),
  at: Type.String({ format: "date-time" }),
  statusCode: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.String()),
  durationMs: Type.Integer(),
});

const DeliveryStatus = Type.Union([
  Type.Literal("pending"),
  Type.Literal("delivered"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
]);

const Delivery = Type.Object({
  id: Type.String({ description: "the webhook-id header: the same on every attempt" }),
  webhookId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  index: Type.Integer({ description: "the event's index in the space's log" }),
  status: DeliveryStatus,
  attempts: Type.Array(Attempt),
  nextAttemptAt: Type.Optional(Type.String({ format: "date-time" })),
  createdAt: Type.String({ format: "date-time" }),
  finishedAt: Type.Optional(Type.String({ format: "date-time" })),
});

const WebhookParams = Type.Object({
  space: IdString,
  id: Type.String({ pattern: "^wh_[0-9a-f]{16}$" }),
});

/**
 * Registers the webhook routes under `/v1/spaces/:space/webhooks`.
 *
 * @example await app.register(webhookRoutes, { db, vault, clock })
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRoutesDeps> = async (
  app,
  { db, vault, clock, allowPrivateTargets },
) => {
  const tags = ["webhooks"];
  const admin = requireScope("admin");
  const security = [{ apiKey: [] }];

  app.post(
    "/v1/spaces/:space/webhooks",
    {
      preHandler: admin,
      schema: {
        tags,
        security,
        summary: "Subscribe a URL to events of the space (the signing secret is returned once)",
        description:
          "The URL's host must be a public address: private, loopback and link-local addresses and localhost names are refused (400) unless the server allows private targets (FABRIQUE_WEBHOOK_ALLOW_PRIVATE); a host name is checked again, with the addresses it resolves to, at every delivery.",
        params: SpaceParams,
        body: NewWebhook,
        response: { 201: CreatedWebhook, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { url, eventTypes, description } = request.body;
      requireDeliverableUrl(url, allowPrivateTargets);
      requireKnownPatterns(eventTypes);
      const created = await createWebhook(
        db.kysely,
        vault,
        { space: request.params.space, url, eventTypes, description },
        new Date(clock()),
      );
      reply.code(201).header("location", `${request.url}/${created.info.id}`);
      return { secret: created.secret, webhook: webhookJson(created.info) };
    },
  );

  app.get(
    "/v1/spaces/:space/webhooks",
    {
      preHandler: admin,
      schema: {
        tags,
        security,
        summary: "List the space's webhook subscriptions (never their secrets)",
        params: SpaceParams,
        response: {
          200: Type.Object({ webhooks: Type.Array(Webhook) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({
      webhooks: (await listWebhooks(db.kysely, request.params.space)).map(webhookJson),
    }),
  );

  app.get(
    "/v1/spaces/:space/webhooks/:id",
    {
      preHandler: admin,
      schema: {
        tags,
        security,
        summary: "One webhook subscription",
        params: WebhookParams,
        response: { 200: Webhook, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      webhookJson(await getWebhook(db.kysely, request.params.space, request.params.id)),
  );

  app.delete(
    "/v1/spaces/:space/webhooks/:id",
    {
      preHandler: admin,
      schema: {
        tags,
        security,
        summary: "Delete a subscription: no new deliveries, pending ones cancelled",
        params: WebhookParams,
        response: { 200: Webhook, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      webhookJson(
        await deleteWebhook(db.kysely, request.params.space, request.params.id, new Date(clock())),
      ),
  );

  app.get(
    "/v1/spaces/:space/webhooks/:id/deliveries",
    {
      preHandler: admin,
      schema: {
        tags,
        security,
        summary: "The subscription's deliveries, newest first, with their attempts",
        params: WebhookParams,
        querystring: Type.Object(
          {
            status: Type.Optional(DeliveryStatus),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DELIVERIES_LISTED })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ deliveries: Type.Array(Delivery) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      await getWebhook(db.kysely, space, id); // 404 for a subscription that never existed
      const { status, limit } = request.query;
      const deliveries = await listDeliveries(db.kysely, space, id, {
        ...(status === undefined ? {} : { status }),
        ...(limit === undefined ? {} : { limit }),
      });
      return { deliveries: deliveries.map((d) => ({ ...d, attempts: [...d.attempts] })) };
    },
  );
};

/**
 * Only http(s) URLs without credentials (the secret signs the body, and a password in a URL would be
 * shown in every listing), on a public address unless private targets are allowed (SSRF:
 * webhooks/target-address.ts).
 */
function requireDeliverableUrl(text: string, allowPrivateTargets: boolean): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new HttpError("invalid-input", "url is not an absolute URL", { cause });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new HttpError("invalid-input", "url must be http or https");
  }
  if (url.username !== "" || url.password !== "") {
    throw new HttpError("invalid-input", "url must not carry credentials");
  }
  const problem = allowPrivateTargets ? undefined : urlHostProblem(url);
  if (problem !== undefined) {
    throw new HttpError(
      "invalid-input",
      `url must reach a public address: ${problem} (the server allows private targets only with FABRIQUE_WEBHOOK_ALLOW_PRIVATE=true)`,
    );
  }
}

function requireKnownPatterns(patterns: readonly string[]): void {
  for (const pattern of patterns) {
    const problem = eventPatternProblem(pattern);
    if (problem !== undefined) throw new HttpError("invalid-input", problem);
  }
}

function webhookJson(info: WebhookInfo) {
  return {
    id: info.id,
    space: info.space,
    url: info.url,
    eventTypes: [...info.eventTypes],
    ...(info.description === undefined ? {} : { description: info.description }),
    createdAt: info.createdAt,
    ...(info.deletedAt === undefined ? {} : { deletedAt: info.deletedAt }),
  };
}
