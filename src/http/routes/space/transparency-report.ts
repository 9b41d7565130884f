/**
 * The space's transparency report (public): counts of members, reviews by state, notices and their
 * handling, decisions by ground and restriction, appeals and their outcomes (src/domain/
 * transparency-report.ts, DSA Art. 15(1)), computed from the projections at the time of the request,
 * with the log size they were read at. Every count comes from fields the log carries in clear, so an
 * auditor replaying the log's first `logSize` entries at `now` must find the same numbers
 * (`fabrique audit report`).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { transparencyReport } from "../../../domain/transparency-report.js";
import { loadSpaceRecords } from "../../../store/report/space-records.js";
import { HttpError } from "../../errors/http-error.js";
import { problemResponses, SpaceParams } from "../../schemas/common.js";
import type { SpaceRoutesDeps } from "./spaces.js";

const Count = Type.Integer({ minimum: 0 });
const Counts = Type.Record(Type.String(), Count, { description: "counts by label" });
const Hours = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: "median duration in hours; null when nothing was handled yet",
});

const ReportJson = Type.Object({
  space: Type.String(),
  version: Type.Integer({ description: "the report format (src/domain/transparency-report.ts)" }),
  now: Type.Integer({ description: "the moment states were judged at (ms since the epoch)" }),
  logSize: Type.Integer({ minimum: 0, description: "the log size the records were read at" }),
  members: Type.Object({ joined: Count, erased: Count }),
  subjects: Type.Object({ registered: Count, byKind: Counts, removed: Count }),
  interactions: Type.Object({ recorded: Count, disputes: Count, disputed: Count }),
  reviews: Type.Object({
    submitted: Count,
    byState: Counts,
    withdrawnByReason: Counts,
    amended: Count,
    publishedByProvenance: Counts,
    publishedByConnection: Counts,
    publishedByRating: Counts,
    replies: Count,
    repliesRemoved: Count,
  }),
  vouches: Type.Object({ given: Count, byState: Counts }),
  notices: Type.Object({
    received: Count,
    byCategory: Counts,
    bySource: Counts,
    pending: Count,
    byOutcome: Counts,
    medianHoursToResolve: Hours,
  }),
  decisions: Type.Object({
    total: Count,
    onNotice: Count,
    ownInitiative: Count,
    byGround: Counts,
    byCategory: Counts,
    byTarget: Counts,
    byRestriction: Counts,
    automatedDetection: Count,
    byAutomation: Counts,
    reversedOnAppeal: Count,
  }),
  appeals: Type.Object({
    filed: Count,
    byTarget: Counts,
    pending: Count,
    byOutcome: Counts,
    medianHoursToDecide: Hours,
  }),
});

/**
 * Registers `GET /v1/spaces/:space/transparency-report`.
 *
 * @example await app.register(transparencyReportRoutes, deps)
 */
export const transparencyReportRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, clock },
) => {
  app.get(
    "/v1/spaces/:space/transparency-report",
    {
      schema: {
        tags: ["transparency"],
        summary: "The space's transparency report: counts anyone can recompute from its log",
        description:
          "Members, subjects, interactions, reviews by state (sealed, published, removed, " +
          "withdrawn), vouches, notices and their outcomes, decisions by ground, restriction and " +
          "automation, appeals and their outcomes (DSA Art. 15(1)). Counted from public fields " +
          "only, at `now`, from the records as of log size `logSize`: replaying that prefix of the " +
          "log gives the same numbers (`fabrique audit report`).",
        params: SpaceParams,
        response: { 200: ReportJson, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const now = clock();
      const snapshot = await loadSpaceRecords(db, space);
      if (snapshot === null) throw new HttpError("not-found", `no space ${space}`);
      return { space, logSize: snapshot.logSize, ...transparencyReport(snapshot.records, now) };
    },
  );
};
