/**
 * The space resources under `/v1/spaces`: every domain command and read of a space (issue 4). Each
 * write runs through the space service as the request's actor and answers its receipts; each read
 * chooses what its viewer may see (viewer.ts).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { alertRoutes } from "./alerts.js";
import { appealRoutes } from "./appeals.js";
import { decisionRoutes } from "./decisions.js";
import { interactionRoutes } from "./interactions.js";
import { memberRoutes } from "./members.js";
import { ownRecordRoutes } from "./own-records.js";
import { reviewRoutes } from "./reviews.js";
import { type SpaceRoutesDeps, spaceResourceRoutes } from "./spaces.js";
import { subjectRoutes } from "./subjects.js";
import { transparencyReportRoutes } from "./transparency-report.js";
import { trustRoutes } from "./trust.js";
import { trustModerationRoutes } from "./trust-moderation.js";
import { vouchRoutes } from "./vouches.js";

export type { SpaceRoutesDeps } from "./spaces.js";

/**
 * Registers every space resource.
 *
 * @example await app.register(spaceRoutes, { db, service, signers, clock })
 */
export const spaceRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (app, deps) => {
  for (const routes of [
    spaceResourceRoutes,
    memberRoutes,
    ownRecordRoutes,
    subjectRoutes,
    interactionRoutes,
    reviewRoutes,
    vouchRoutes,
    alertRoutes,
    decisionRoutes,
    appealRoutes,
    trustRoutes,
    trustModerationRoutes,
    transparencyReportRoutes,
  ]) {
    await app.register(routes, deps);
  }
};
