/**
 * A member's own records, for that member only: the reviews they wrote, with where each stands
 * (sealed, revealed, withdrawn), and the alerts they raised, as a reporter is told about them
 * (reporterAlertView: outcome and message, never who else reported). The web UI's reviewing and
 * vigilance pages list them. Nobody else may read these lists, operators included: a sealed review's
 * rating is for its author alone until it is revealed (src/domain/sealing.ts).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { reporterAlertView } from "../../../domain/index.js";
import { listAlertsBy, listReviewsBy } from "../../../store/space/queries/own-queries.js";
import { requireMember } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { problemResponses } from "../../schemas/common.js";
import { OwnReviewJson } from "../../schemas/review.js";
import { Millis, PageOf, PageQuery, SpaceMemberParams } from "../../schemas/space.js";
import { ownJson } from "./reviews.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { viewerOf } from "./viewer.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const ReporterAlertJson = Type.Object({
  id: Type.String(),
  raisedAt: Millis,
  status: Type.String(),
  outcome: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  message: Nullable(Type.String()),
  resolvedAt: Nullable(Millis),
});

/**
 * Registers `GET …/members/:member/reviews` and `GET …/members/:member/alerts`.
 *
 * @example await app.register(ownRecordRoutes, deps)
 */
export const ownRecordRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, clock },
) => {
  const member = [{ memberToken: [] }];

  app.get(
    "/v1/spaces/:space/members/:member/reviews",
    {
      preHandler: requireMember(),
      schema: {
        tags: ["reviews"],
        security: member,
        summary: "The reviews a member wrote, newest first, with their status (that member only)",
        params: SpaceMemberParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(OwnReviewJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const self = selfOf(request, "reviews");
      const page = okOrThrow(await listReviewsBy(db.kysely, space, self, request.query));
      const now = clock();
      return { items: page.value.items.map((r) => ownJson(r, now)), next: page.value.next };
    },
  );

  app.get(
    "/v1/spaces/:space/members/:member/alerts",
    {
      preHandler: requireMember(),
      schema: {
        tags: ["moderation"],
        security: member,
        summary:
          "The alerts a member raised, newest first, as their reporter is told (that member only)",
        params: SpaceMemberParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(ReporterAlertJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const self = selfOf(request, "alerts");
      const page = okOrThrow(await listAlertsBy(db.kysely, space, self, request.query));
      const items = page.value.items.flatMap((a) => {
        const view = reporterAlertView(a, self);
        return view === null ? [] : [{ ...view }];
      });
      return { items, next: page.value.next };
    },
  );
};

/** The member of `:member` when it is the requesting member; a 403 otherwise. */
function selfOf(
  request: Parameters<typeof viewerOf>[0] & { params: { member: string } },
  what: string,
): string {
  const viewer = viewerOf(request);
  if (viewer.kind !== "member" || viewer.member !== request.params.member) {
    throw new HttpError("forbidden", `a member reads their own ${what} only`);
  }
  return viewer.member;
}
