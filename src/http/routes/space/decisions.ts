/**
 * Decisions with their statements of reasons (Art. 17 DSA): moderators make them; the statement is
 * public (it is in the log), its texts only when the policy publishes them, or for operators and the
 * member the decision affects.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { DecisionRecord, SpaceRecord } from "../../../domain/index.js";
import { findRecord, listDecisions } from "../../../store/space/index.js";
import { requireScope } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, problemResponses, SpaceParams } from "../../schemas/common.js";
import {
  Millis,
  PageOf,
  PageQuery,
  SpaceItemParams,
  TargetJson,
  WriteFields,
} from "../../schemas/space.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { spaceOf } from "./subjects.js";
import { isOperatorOrSelf, type Viewer, viewerOf } from "./viewer.js";

const Enum = Type.String({ pattern: "^[A-Z][A-Z0-9_]{0,99}$", description: "a DSA enum value" });
const EnumList = Type.Array(Enum, { minItems: 1, maxItems: 50, uniqueItems: true });
const EndDate = Type.Union([Millis, Type.Null()], { description: "null: indefinite" });
const Text = Type.String({ minLength: 1, maxLength: 5000 });

// The Transparency Database's field names; the domain checks the enums and the statement's rules.
const NewDecision = Type.Object(
  {
    target: TargetJson,
    alert: Type.Optional(IdString),
    decisionGround: Enum,
    category: Enum,
    territorialScope: EnumList,
    decisionFacts: Text,
    automatedDetection: Type.Boolean(),
    automatedDecision: Enum,
    decisionVisibility: Type.Optional(EnumList),
    decisionVisibilityOther: Type.Optional(Text),
    endDateVisibilityRestriction: Type.Optional(EndDate),
    decisionMonetary: Type.Optional(Enum),
    decisionMonetaryOther: Type.Optional(Text),
    endDateMonetaryRestriction: Type.Optional(EndDate),
    decisionProvision: Type.Optional(Enum),
    endDateServiceRestriction: Type.Optional(EndDate),
    decisionAccount: Type.Optional(Enum),
    endDateAccountRestriction: Type.Optional(EndDate),
    accountType: Type.Optional(Enum),
    decisionGroundReferenceUrl: Type.Optional(Type.String({ maxLength: 500 })),
    illegalContentLegalGround: Type.Optional(Text),
    illegalContentExplanation: Type.Optional(Text),
    incompatibleContentGround: Type.Optional(Text),
    incompatibleContentExplanation: Type.Optional(Text),
    incompatibleContentIllegal: Type.Optional(Type.Boolean()),
    categoryAddition: Type.Optional(Type.Array(Enum, { maxItems: 50, uniqueItems: true })),
    categorySpecification: Type.Optional(Type.Array(Enum, { maxItems: 100, uniqueItems: true })),
    contentType: Type.Optional(EnumList),
  },
  { additionalProperties: false },
);

const DecisionJson = Type.Object({
  decision: Type.String(),
  madeAt: Millis,
  statement: Type.Record(Type.String(), Type.Unknown(), {
    description: "the public statement of reasons (Transparency Database fields)",
  }),
  texts: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()])),
  reversedBy: Type.Union([Type.String(), Type.Null()]),
  reversedAt: Type.Union([Millis, Type.Null()]),
});

/**
 * Registers the decision routes under `/v1/spaces/:space/decisions`.
 *
 * @example await app.register(decisionRoutes, deps)
 */
export const decisionRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["moderation"];

  app.post(
    "/v1/spaces/:space/decisions",
    {
      preHandler: requireScope("moderate"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Make a moderation decision with its statement of reasons",
        params: SpaceParams,
        body: NewDecision,
        response: {
          201: Type.Object({ decision: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "makeDecision", request.body as never);
      const decision = createdId(done, "decision.made", "decision");
      created(reply, request, `/decisions/${decision}`);
      return { decision, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/decisions",
    {
      schema: {
        tags,
        summary: "Decisions, newest first (public statements; texts per policy)",
        params: SpaceParams,
        querystring: Type.Object(
          { ...PageQuery, affected: Type.Optional(IdString) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(DecisionJson), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const space = await spaceOf(db, request.params.space);
      const { affected, limit, cursor } = request.query;
      const page = okOrThrow(
        await listDecisions(db.kysely, space.id, {
          limit,
          cursor,
          ...(affected === undefined ? {} : { affected }),
        }),
      );
      const viewer = viewerOf(request);
      return {
        items: page.value.items.map((d) => decisionJson(d, space, viewer)),
        next: page.value.next,
      };
    },
  );

  app.get(
    "/v1/spaces/:space/decisions/:id",
    {
      schema: {
        tags,
        summary: "A decision (public statement; texts per policy, to operators and the affected)",
        params: SpaceItemParams,
        response: { 200: DecisionJson, ...problemResponses(404) },
      },
    },
    async (request) => {
      const space = await spaceOf(db, request.params.space);
      const record = await findRecord(db.kysely, space.id, "decision", request.params.id);
      if (record === null) throw new HttpError("not-found", `no decision ${request.params.id}`);
      return decisionJson(record, space, viewerOf(request));
    },
  );
};

function decisionJson(record: DecisionRecord, space: SpaceRecord, viewer: Viewer) {
  const showTexts =
    space.policy.publish.decisionTexts || isOperatorOrSelf(viewer, record.statement.affected);
  return {
    decision: record.id,
    madeAt: record.madeAt,
    statement: { ...record.statement },
    ...(showTexts ? { texts: record.texts === null ? null : { ...record.texts } } : {}),
    reversedBy: record.reversedBy,
    reversedAt: record.reversedAt,
  };
}
