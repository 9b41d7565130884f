/**
 * Subjects (what is reviewed: members, listings, businesses…): register (a members key), list and read
 * (public; the name only when the policy publishes subject names, or for operators and the owner; the
 * private description for operators and the owner), their public reviews a page at a time, and their
 * public reputation summary (sealed ratings never counted: src/domain/summary.ts).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Static, Type } from "typebox";
import type { SpaceRecord, SubjectRecord } from "../../../domain/index.js";
import type { Database } from "../../../store/database.js";
import {
  findRecord,
  listSubjectReviews,
  listSubjectReviewsByRating,
  listSubjects,
  subjectReviewSummary,
} from "../../../store/space/index.js";
import { requireScope } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, problemResponses, SpaceParams } from "../../schemas/common.js";
import { ReviewItemJson } from "../../schemas/review.js";
import {
  MemberIdString,
  Millis,
  OneOf,
  PageOf,
  PageQuery,
  SpaceItemParams,
  WriteFields,
} from "../../schemas/space.js";
import { fromCache, prebuiltAnswer, sendPrebuilt } from "../prebuilt-answer.js";
import { created, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { isOperatorOrSelf, type Viewer, viewerOf } from "./viewer.js";

const JSON_UTF8 = "application/json; charset=utf-8";

const SubjectKind = OneOf(["listing", "business", "product", "other"]);

const NewSubject = Type.Object(
  {
    subject: IdString,
    kind: SubjectKind,
    owner: Type.Union([MemberIdString, Type.Null()]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  },
  { additionalProperties: false },
);

const SubjectJson = Type.Object({
  subject: Type.String(),
  kind: Type.String(),
  owner: Type.Union([Type.String(), Type.Null()]),
  registeredAt: Millis,
  removed: Type.Boolean(),
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

const SummaryJson = Type.Object({
  subject: Type.String(),
  published: Type.Integer(),
  removed: Type.Integer(),
  withdrawn: Type.Integer(),
  overallMean: Type.Union([Type.Number(), Type.Null()]),
  histogram: Type.Record(Type.String(), Type.Integer()),
  criteria: Type.Record(
    Type.String(),
    Type.Object({ count: Type.Integer(), sum: Type.Number(), mean: Type.Number() }),
  ),
  byProvenance: Type.Record(Type.String(), Type.Integer()),
});

/** The answer of GET …/subjects/{id}/summary. */
export type SummaryAnswer = Static<typeof SummaryJson>;

/**
 * Registers the subject routes under `/v1/spaces/:space/subjects`.
 *
 * @example await app.register(subjectRoutes, deps)
 */
export const subjectRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service, clock, summaries },
) => {
  const tags = ["subjects"];

  app.post(
    "/v1/spaces/:space/subjects",
    {
      preHandler: requireScope("members"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Register a subject (a listing, a business, a product…)",
        params: SpaceParams,
        body: NewSubject,
        response: {
          201: Type.Object({ subject: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const { description, ...rest } = request.body;
      const input = { ...rest, ...(description === undefined ? {} : { description }) };
      const done = await runAs(service, request, "registerSubject", input);
      created(reply, request, `/subjects/${request.body.subject}`);
      return { subject: request.body.subject, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/subjects",
    {
      schema: {
        tags,
        summary: "The subjects, oldest first (public)",
        params: SpaceParams,
        querystring: Type.Object(
          {
            ...PageQuery,
            owner: Type.Optional(IdString),
            kind: Type.Optional(Type.Union([Type.Literal("member"), SubjectKind])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(SubjectJson), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const space = await spaceOf(db, request.params.space);
      const { owner, kind, limit, cursor } = request.query;
      const page = okOrThrow(
        await listSubjects(db.kysely, space.id, {
          limit,
          cursor,
          ...(owner === undefined ? {} : { owner }),
          ...(kind === undefined ? {} : { kind: kind as SubjectRecord["kind"] }),
        }),
      );
      const viewer = viewerOf(request);
      const now = clock();
      return {
        items: page.value.items.map((s) => subjectJson(s, space, viewer, now)),
        next: page.value.next,
      };
    },
  );

  app.get(
    "/v1/spaces/:space/subjects/:id",
    {
      schema: {
        tags,
        summary: "A subject (public; its description for operators and its owner)",
        params: SpaceItemParams,
        response: { 200: SubjectJson, ...problemResponses(404) },
      },
    },
    async (request) => {
      const space = await spaceOf(db, request.params.space);
      const subject = await subjectOf(db, space.id, request.params.id);
      return subjectJson(subject, space, viewerOf(request), clock());
    },
  );

  app.get(
    "/v1/spaces/:space/subjects/:id/reviews",
    {
      schema: {
        tags: ["reviews"],
        summary:
          "The public reviews of a subject, newest first or by rating (sealed ones never appear)",
        params: SpaceItemParams,
        querystring: Type.Object(
          {
            ...PageQuery,
            order: Type.Optional(
              Type.Union(
                [
                  Type.Literal("submitted"),
                  Type.Literal("revealed"),
                  Type.Literal("rating-desc"),
                  Type.Literal("rating-asc"),
                ],
                {
                  description:
                    "submitted (default) or revealed: newest first by that time; rating-desc or rating-asc: by overall rating, highest or lowest first (ties by id in the same direction), reviews removed by a decision last",
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(ReviewItemJson), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      await subjectOf(db, space, id);
      const { limit, cursor, order } = request.query;
      const now = clock();
      const page = okOrThrow(
        order === "rating-desc" || order === "rating-asc"
          ? await listSubjectReviewsByRating(db, space, id, { limit, cursor, now, order })
          : await listSubjectReviews(db.kysely, space, id, {
              limit,
              cursor,
              now,
              ...(order === undefined ? {} : { order }),
            }),
      );
      return { items: [...page.value.items], next: page.value.next };
    },
  );

  app.get(
    "/v1/spaces/:space/subjects/:id/summary",
    {
      schema: {
        tags: ["reviews"],
        summary: "The public reputation summary of a subject (published reviews only)",
        description:
          "Served from memory for up to 1 s, or 50 times as long as it took to compute when that is longer (at most 30 s, for subjects with very many reviews): a write through this server shows at once; a double-blind window or a removal ending, a write by another process or a retention shredding, that late at most. Sealed ratings are never counted.",
        params: SpaceItemParams,
        response: { 200: SummaryJson, ...problemResponses(404) },
      },
      // A summary kept in memory is sent before validation and the handler (prebuilt-answer.ts).
      preParsing: fromCache((request) => {
        const { space, id } = request.params as { space: string; id: string };
        return summaries?.peek(space, id);
      }),
    },
    async (request, reply) => {
      const { space, id } = request.params;
      const compute = async (): Promise<SummaryAnswer> => {
        const summary = await subjectReviewSummary(db.kysely, space, id, clock());
        if (summary === null) throw new HttpError("not-found", `no subject ${id}`);
        return {
          subject: id,
          published: summary.published,
          removed: summary.removed,
          withdrawn: summary.withdrawn,
          overallMean: summary.overallMean,
          histogram: { ...summary.histogram },
          criteria: { ...summary.criteria },
          byProvenance: { ...summary.byProvenance },
        };
      };
      if (summaries === undefined) return compute();
      // Kept briefly as its bytes, dropped by every write to the space (summary-cache.ts says what may
      // be stale). The same for every viewer: published reviews only. No-cache: clients revalidate.
      const answer = await summaries.get(space, id, async () =>
        prebuiltAnswer(reply.serialize(await compute()), JSON_UTF8, "no-cache"),
      );
      return sendPrebuilt(request, reply, answer);
    },
  );
};

/**
 * The space record, or a 404.
 *
 * @example const space = await spaceOf(db, request.params.space)
 */
export async function spaceOf(db: Database, space: string): Promise<SpaceRecord> {
  const record = await findRecord(db.kysely, space, "space", space);
  if (record === null) throw new HttpError("not-found", `no space ${space}`);
  return record;
}

async function subjectOf(db: Database, space: string, id: string): Promise<SubjectRecord> {
  const record = await findRecord(db.kysely, space, "subject", id);
  if (record === null) throw new HttpError("not-found", `no subject ${id}`);
  return record;
}

function subjectJson(record: SubjectRecord, space: SpaceRecord, viewer: Viewer, now: number) {
  const insider = isOperatorOrSelf(viewer, record.owner);
  const removed =
    record.removedBy !== null && (record.removedUntil === null || now < record.removedUntil);
  return {
    subject: record.id,
    kind: record.kind,
    owner: record.owner,
    registeredAt: record.registeredAt,
    removed,
    ...(insider || (space.policy.publish.subjectName && !removed) ? { name: record.name } : {}),
    ...(insider ? { description: record.description } : {}),
  };
}
