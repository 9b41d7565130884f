/**
 * Appeals (internal complaint handling, Art. 20 DSA): the affected member or the notifier files one;
 * moderators decide it (by people: `humanReviewed`). Operators list them all; a member sees their own.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppealRecord } from "../../../domain/index.js";
import { findRecord, listAppeals } from "../../../store/space/index.js";
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
  WriteAnswer,
  WriteFields,
} from "../../schemas/space.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { isOperatorOrSelf, viewerOf } from "./viewer.js";

const AppealTarget = Type.Object(
  { kind: OneOf(["decision", "alert"]), id: IdString },
  { additionalProperties: false },
);

const AppealJson = Type.Object({
  appeal: Type.String(),
  target: AppealTarget,
  appellant: Type.Union([Type.String(), Type.Null()], {
    description:
      "who appealed; null once a notifier's appeal lost its private part (erasure, retention)",
  }),
  explanation: Type.Union([Type.String(), Type.Null()]),
  filedAt: Millis,
  outcome: Type.Union([Type.String(), Type.Null()]),
  reasons: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Millis, Type.Null()]),
});

/**
 * Registers the appeal routes under `/v1/spaces/:space/appeals`.
 *
 * @example await app.register(appealRoutes, deps)
 */
export const appealRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["moderation"];
  const memberOrOperator = anyOf(requireMember(), requireScope("read"));

  app.post(
    "/v1/spaces/:space/appeals",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary:
          "Appeal a decision (affected member or notifier) or an alert resolved without action",
        params: SpaceParams,
        body: Type.Object(
          { target: AppealTarget, explanation: LongText },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ appeal: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "fileAppeal", request.body);
      const appeal = createdId(done, "appeal.filed", "appeal");
      created(reply, request, `/appeals/${appeal}`);
      return { appeal, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/appeals",
    {
      preHandler: memberOrOperator,
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "Appeals, oldest first (operators: all; a member: their own)",
        params: SpaceParams,
        querystring: Type.Object(
          { ...PageQuery, status: Type.Optional(OneOf(["pending", "decided", "all"])) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(AppealJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { status, limit, cursor } = request.query;
      const page = okOrThrow(
        await listAppeals(db.kysely, request.params.space, {
          limit,
          cursor,
          ...(status === undefined ? {} : { status }),
          ...(viewer.kind === "member" ? { appellant: viewer.member } : {}),
        }),
      );
      return { items: page.value.items.map(appealJson), next: page.value.next };
    },
  );

  app.get(
    "/v1/spaces/:space/appeals/:id",
    {
      preHandler: memberOrOperator,
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "An appeal (operators, its appellant)",
        params: SpaceItemParams,
        response: { 200: AppealJson, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const record = await findRecord(db.kysely, space, "appeal", id);
      if (record === null || !isOperatorOrSelf(viewerOf(request), record.appellant)) {
        throw new HttpError("not-found", `no appeal ${id}`);
      }
      return appealJson(record);
    },
  );

  app.post(
    "/v1/spaces/:space/appeals/:id/decision",
    {
      preHandler: requireScope("moderate"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Decide an appeal (by people); reversing lifts the decision's restrictions",
        params: SpaceItemParams,
        body: Type.Object(
          {
            outcome: OneOf(["upheld", "reversed"]),
            reasons: LongText,
            humanReviewed: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: { 200: WriteAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      writeFields(
        await runAs(service, request, "decideAppeal", {
          appeal: request.params.id,
          ...request.body,
        }),
      ),
  );
};

function appealJson(record: AppealRecord) {
  return {
    appeal: record.id,
    target: { ...record.target },
    appellant: record.appellant,
    explanation: record.explanation,
    filedAt: record.filedAt,
    outcome: record.outcome,
    reasons: record.reasons,
    decidedAt: record.decidedAt,
  };
}
