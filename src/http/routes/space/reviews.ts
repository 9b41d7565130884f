/**
 * Reviews: a member submits one (sealed under the double-blind rule until the counterpart reviews too
 * or the window ends), amends it while sealed, withdraws it, and follows its reveal status; the
 * reviewed party replies once it is public. Reading one: anyone gets the public view (a sealed review
 * is a 404, exactly like a missing one: not even its existence shows); its author gets what they wrote
 * with its status.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { isVisible, type ReviewRecord } from "../../../domain/index.js";
import { getOwnReview, getPublicReview } from "../../../store/space/index.js";
import { requireMember } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import { OwnReviewJson, ReviewItemJson, ReviewStatusJson } from "../../schemas/review.js";
import {
  LongText,
  OneOf,
  ShortText,
  SpaceItemParams,
  WriteAnswer,
  WriteFields,
} from "../../schemas/space.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { viewerOf } from "./viewer.js";

const Ratings = {
  overall: Type.Number({ description: "on the space's rating scale" }),
  criteria: Type.Optional(Type.Record(IdString, Type.Number())),
  text: LongText,
  title: Type.Optional(ShortText),
};

const NewReview = Type.Object(
  {
    subject: IdString,
    interaction: Type.Optional(IdString),
    ...Ratings,
    connection: Type.Optional(
      OneOf(["none", "incentivized", "employee", "family", "business-partner"]),
    ),
    invited: Type.Optional(
      Type.Boolean({
        description:
          "a review the operator invited (no interaction): only an API key holding relay and attest, relaying for the author, may say so",
      }),
    ),
  },
  { additionalProperties: false },
);

const Amendment = Type.Object(Ratings, { additionalProperties: false });

/**
 * Registers the review routes under `/v1/spaces/:space/reviews`.
 *
 * @example await app.register(reviewRoutes, deps)
 */
export const reviewRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service, clock },
) => {
  const tags = ["reviews"];
  const member = MEMBER_SECURITY;

  app.post(
    "/v1/spaces/:space/reviews",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: member,
        summary: "Submit a review (sealed until the counterpart reviews or the window ends)",
        params: SpaceParams,
        body: NewReview,
        response: {
          201: Type.Object({ review: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "submitReview", request.body as never);
      const review = createdId(done, "review.submitted", "review");
      created(reply, request, `/reviews/${review}`);
      return { review, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/reviews/:id",
    {
      schema: {
        tags,
        summary: "A review: the public view, or for its author what they wrote (sealed or not)",
        params: SpaceItemParams,
        response: {
          200: Type.Union([ReviewItemJson, OwnReviewJson]),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const own = await ownReview(request, db, space, id);
      if (own !== null) return ownJson(own, clock());
      const item = await getPublicReview(db.kysely, space, id, clock());
      if (item === null) throw new HttpError("not-found", `no review ${id}`);
      return item;
    },
  );

  app.get(
    "/v1/spaces/:space/reviews/:id/status",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: member,
        summary: "Where the author's review stands: sealed, revealed or withdrawn",
        params: SpaceItemParams,
        response: { 200: ReviewStatusJson, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const own = await ownReview(request, db, space, id);
      if (own === null) throw new HttpError("not-found", `no review ${id} of yours`);
      return statusJson(own, clock());
    },
  );

  app.put(
    "/v1/spaces/:space/reviews/:id",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: member,
        summary: "Amend a review while it is sealed (its author)",
        params: SpaceItemParams,
        body: Amendment,
        response: { 200: WriteAnswer, ...problemResponses(400, 401, 403, 404, 409, 410, 422) },
      },
    },
    async (request) =>
      writeFields(
        await runAs(service, request, "amendReview", {
          review: request.params.id,
          ...request.body,
        } as never),
      ),
  );

  app.delete(
    "/v1/spaces/:space/reviews/:id",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: member,
        summary: "Withdraw a review (its author): an event, the log keeps it",
        params: SpaceItemParams,
        response: { 200: WriteAnswer, ...problemResponses(401, 403, 404, 409, 410, 422) },
      },
    },
    async (request) =>
      writeFields(await runAs(service, request, "withdrawReview", { review: request.params.id })),
  );

  app.post(
    "/v1/spaces/:space/reviews/:id/reply",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: member,
        summary: "The reviewed party replies, once, to a published review",
        params: SpaceItemParams,
        body: Type.Object({ text: LongText }, { additionalProperties: false }),
        response: {
          201: Type.Object({ reply: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "replyToReview", {
        review: request.params.id,
        text: request.body.text,
      });
      created(reply, request, `/reviews/${request.params.id}`);
      return { reply: createdId(done, "review.replied", "reply"), ...writeFields(done) };
    },
  );
};

async function ownReview(
  request: Parameters<typeof viewerOf>[0],
  db: SpaceRoutesDeps["db"],
  space: string,
  id: string,
): Promise<ReviewRecord | null> {
  const viewer = viewerOf(request);
  if (viewer.kind !== "member") return null;
  return getOwnReview(db.kysely, space, id, viewer.member);
}

function statusJson(record: ReviewRecord, now: number) {
  const state =
    record.withdrawnAt !== null ? "withdrawn" : isVisible(record, now) ? "revealed" : "sealed";
  return {
    review: record.id,
    state: state as "sealed" | "revealed" | "withdrawn",
    sealedUntil: record.sealedUntil,
    revealedAt: record.revealedAt,
    withdrawnAt: record.withdrawnAt,
  };
}

/**
 * A review as its author sees it: what they wrote, sealed or not, with its status.
 *
 * @example return ownJson(record, clock())
 */
export function ownJson(record: ReviewRecord, now: number) {
  return {
    ...statusJson(record, now),
    subject: record.subject,
    interaction: record.interaction,
    provenance: record.provenance,
    connection: record.connection,
    overall: record.overall,
    criteria: record.criteria === null ? null : { ...record.criteria },
    title: record.title,
    text: record.text,
    submittedAt: record.submittedAt,
    amendedAt: record.amendedAt,
  };
}
