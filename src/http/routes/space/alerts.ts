/**
 * Alerts (notice and action, Art. 16 DSA): a member or a moderate key raises one; moderators work the
 * queue and resolve them. The reporter follows their own alert (Art. 16(5)) through the domain's
 * reporterAlertView; nobody else but moderators learns who reported, least of all the reported member.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { type AlertRecord, reporterAlertView } from "../../../domain/index.js";
import { findRecord, listAlerts } from "../../../store/space/index.js";
import { anyOf, requireMember, requireScope } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import {
  LongText,
  Millis,
  OneOf,
  PageOf,
  PageQuery,
  SpaceItemParams,
  TargetJson,
  WriteAnswer,
  WriteFields,
} from "../../schemas/space.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { viewerOf } from "./viewer.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const NewAlert = Type.Object(
  {
    target: TargetJson,
    category: Type.String({ pattern: "^STATEMENT_CATEGORY_[A-Z_]{1,80}$" }),
    explanation: LongText,
    goodFaith: Type.Boolean({ description: "the bona fide statement (must be true)" }),
    notifier: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ minLength: 3, maxLength: 254 }),
        },
        { additionalProperties: false },
      ),
    ),
    trustedFlagger: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const AlertJson = Type.Object({
  alert: Type.String(),
  target: TargetJson,
  reporter: Nullable(Type.String()),
  sourceType: Type.String(),
  category: Type.String(),
  explanation: Nullable(Type.String()),
  notifierName: Nullable(Type.String()),
  notifierEmail: Nullable(Type.String()),
  raisedAt: Millis,
  outcome: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  resolutionMessage: Nullable(Type.String()),
  resolvedAt: Nullable(Millis),
});

const ReporterAlertJson = Type.Object({
  id: Type.String(),
  raisedAt: Millis,
  status: Type.String(),
  outcome: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  message: Nullable(Type.String()),
  resolvedAt: Nullable(Millis),
});

const Resolution = Type.Object(
  {
    outcome: OneOf(["actioned", "no-action", "rejected"]),
    decision: Type.Union([IdString, Type.Null()]),
    message: LongText,
  },
  { additionalProperties: false },
);

/**
 * Registers the alert routes under `/v1/spaces/:space/alerts`.
 *
 * @example await app.register(alertRoutes, deps)
 */
export const alertRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["moderation"];
  const moderators = requireScope("moderate");

  app.post(
    "/v1/spaces/:space/alerts",
    {
      preHandler: anyOf(requireMember(), moderators),
      schema: {
        tags,
        security: [...MEMBER_SECURITY, { apiKey: [] }],
        summary: "Raise an alert about a review, reply, subject, member or vouch",
        params: SpaceParams,
        body: NewAlert,
        response: {
          201: Type.Object({ alert: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "raiseAlert", request.body as never);
      const alert = createdId(done, "alert.raised", "alert");
      created(reply, request, `/alerts/${alert}`);
      return { alert, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/alerts",
    {
      preHandler: moderators,
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "The moderation queue (pending alerts by default), oldest first",
        params: SpaceParams,
        querystring: Type.Object(
          {
            ...PageQuery,
            status: Type.Optional(OneOf(["pending", "resolved", "all"])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(AlertJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const page = okOrThrow(
        await listAlerts(db.kysely, request.params.space, {
          limit,
          cursor,
          ...(status === undefined ? {} : { status: status as "pending" }),
        }),
      );
      return { items: page.value.items.map(alertJson), next: page.value.next };
    },
  );

  app.get(
    "/v1/spaces/:space/alerts/:id",
    {
      preHandler: anyOf(requireMember(), moderators),
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "An alert: in full for moderators, as its reporter is told for the reporter",
        params: SpaceItemParams,
        response: {
          200: Type.Union([AlertJson, ReporterAlertJson]),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const record = await findRecord(db.kysely, space, "alert", id);
      const viewer = viewerOf(request);
      if (record !== null && viewer.kind === "operator") return alertJson(record);
      const view =
        record !== null && viewer.kind === "member"
          ? reporterAlertView(record, viewer.member)
          : null;
      // Members who did not raise it get the 404 of a missing alert: nothing about who reported.
      if (view === null) throw new HttpError("not-found", `no alert ${id}`);
      return { ...view };
    },
  );

  app.post(
    "/v1/spaces/:space/alerts/:id/resolution",
    {
      preHandler: moderators,
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Resolve an alert and tell its sender",
        params: SpaceItemParams,
        body: Resolution,
        response: { 200: WriteAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      writeFields(
        await runAs(service, request, "resolveAlert", {
          alert: request.params.id,
          ...request.body,
        } as never),
      ),
  );
};

function alertJson(record: AlertRecord) {
  return {
    alert: record.id,
    target: { ...record.target },
    reporter: record.reporter,
    sourceType: record.sourceType,
    category: record.category,
    explanation: record.explanation,
    notifierName: record.notifierName,
    notifierEmail: record.notifierEmail,
    raisedAt: record.raisedAt,
    outcome: record.outcome,
    decision: record.decision,
    resolutionMessage: record.resolutionMessage,
    resolvedAt: record.resolvedAt,
  };
}
