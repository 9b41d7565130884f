/**
 * Imported priors over HTTP (issue 6, "another space can accept a presented credential as a prior"):
 * - `POST /v1/spaces/{space}/me/prior/nonce`: a fresh challenge for the member, and the audience
 *   (this space's identifier) their key binding must name;
 * - `POST /v1/spaces/{space}/me/prior`: present a reputation credential of another space with a key
 *   binding to that audience and nonce; verified in full (src/store/credentials/import-prior.ts), then
 *   judged against the policy and logged as prior.imported (src/domain/commands/prior.ts);
 * - `GET /v1/spaces/{space}/me/prior`: the member's import in force, if any;
 * - `POST /v1/spaces/{space}/me/prior/withdrawal`: withdraw it (prior.withdrawn).
 * Only the member acts on their own import (their token, or a relay acting for them).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { MAX_SD_JWT_SIZE, MAX_STATUS_LIST_TOKEN_SIZE } from "../../../credential/index.js";
import type { EventOf } from "../../../domain/index.js";
import { priorAudience, verifyPriorPresentation } from "../../../store/credentials/import-prior.js";
import type { PriorNonces } from "../../../store/credentials/prior-nonces.js";
import type { Database } from "../../../store/database.js";
import type { KeyVault } from "../../../store/keys/key-vault.js";
import { getRecord } from "../../../store/projections/sql-reader.js";
import type { SpaceService } from "../../../store/space/service.js";
import { requireMember } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import { WriteAnswer, WriteFields } from "../../schemas/space.js";
import { domainActor, runAs, writeFields } from "../space/space-writes.js";

/** What the prior routes need. */
export interface PriorRoutesDeps {
  readonly db: Database;
  readonly vault: KeyVault;
  readonly service: SpaceService;
  readonly clock: () => number;
  readonly issuerBase: string;
  readonly nonces: PriorNonces;
}

const ImportedJson = Type.Object({
  prior: Type.String({ description: "the prior.imported event: name it to withdraw" }),
  issuer: Type.String(),
  source: Type.String({ description: "the issuing space's name" }),
  reviewsAtLeast: Type.Integer(),
  ratingAtLeast: Type.Number({ description: "on the issuing space's scale" }),
  credentialExpiresAt: Type.Integer({ description: "ms since the epoch" }),
  importedAt: Type.Integer({ description: "ms since the epoch" }),
});

/**
 * Registers the prior routes.
 *
 * @example await app.register(priorRoutes, { db, vault, service, clock, issuerBase, nonces })
 */
export const priorRoutes: FastifyPluginAsyncTypebox<PriorRoutesDeps> = async (
  app,
  { db, vault, service, clock, issuerBase, nonces },
) => {
  const tags = ["credentials"];

  app.post(
    "/v1/spaces/:space/me/prior/nonce",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "A fresh nonce to present a reputation credential as your prior",
        description:
          "Sign a key binding JWT (RFC 9901 §4.3) with this nonce and audience, within five minutes. " +
          "The nonce is yours, for this space, and used once.",
        params: SpaceParams,
        response: {
          201: Type.Object({
            nonce: Type.String(),
            audience: Type.String(),
            expiresAt: Type.Integer({ description: "ms since the epoch" }),
          }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      const member = memberOf(request);
      await requireSpace(space);
      const { nonce, expiresAt } = nonces.issue(space, member, clock());
      return reply.code(201).send({ nonce, audience: priorAudience(issuerBase, space), expiresAt });
    },
  );

  app.post(
    "/v1/spaces/:space/me/prior",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "Import your reputation in another space as your prior here",
        description:
          "Present a reputation credential of a space this space's policy accepts (priors.accept), " +
          "disclosing at least one reviews_at_least_N and one rating_at_least_R claim, with a key " +
          "binding to the nonce and audience of …/me/prior/nonce. It counts as at most the policy's " +
          "maxPseudoReviews pseudo-reviews in your prior, never as reviews, and each of your own " +
          "reviews here replaces one. Verification refusals are 422 with rule credential.<code>; " +
          "policy refusals name the prior.* rule. Replaces an earlier import.",
        params: SpaceParams,
        body: Type.Object(
          {
            presentation: Type.String({ minLength: 1, maxLength: MAX_SD_JWT_SIZE }),
            nonce: Type.String({ minLength: 8, maxLength: 200 }),
            statusListToken: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: MAX_STATUS_LIST_TOKEN_SIZE,
                description:
                  "for an issuer of another server (keys pinned in the policy): its status list token, which this server does not fetch",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ...ImportedJson.properties, ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      const member = memberOf(request);
      const held = request.idempotency;
      // A retry of an import already applied answers it again: its nonce is used up.
      const done =
        held?.kind === "applied"
          ? okOrThrow(await service.readApplied(space, held.indices))
          : await runAs(
              service,
              request,
              "importPrior",
              await verifyPriorPresentation(db, vault, {
                space,
                member,
                presentation: request.body.presentation,
                nonce: request.body.nonce,
                ...(request.body.statusListToken === undefined
                  ? {}
                  : { statusListToken: request.body.statusListToken }),
                now: clock(),
                issuerBase,
                nonces,
              }),
            );
      const event = done.events.find((e) => e.type === "prior.imported");
      if (event === undefined) throw new Error("the import appended no prior.imported");
      const p = event.public as EventOf<"prior.imported">["public"];
      reply.code(201).header("location", `/v1/spaces/${space}/me/prior`);
      return {
        prior: event.id,
        issuer: p.issuer,
        source: p.source,
        reviewsAtLeast: p.reviewsAtLeast,
        ratingAtLeast: p.ratingAtLeast,
        credentialExpiresAt: p.credentialExpiresAt,
        importedAt: event.at,
        ...writeFields(done),
      };
    },
  );

  app.get(
    "/v1/spaces/:space/me/prior",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "Your imported prior in force, if any",
        params: SpaceParams,
        response: {
          200: Type.Object({ prior: Type.Union([ImportedJson, Type.Null()]) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { space } = request.params;
      const record = await getRecord(db.kysely, "member", space, memberOf(request));
      if (record === null) throw new HttpError("not-found", "you are not a member of this space");
      const p = record.importedPrior;
      if (p === undefined || p === null) return { prior: null };
      const { event, ...facts } = p;
      return { prior: { prior: event, ...facts } };
    },
  );

  app.post(
    "/v1/spaces/:space/me/prior/withdrawal",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "Withdraw your imported prior: it no longer counts (prior.withdrawn)",
        params: SpaceParams,
        body: Type.Object({ prior: IdString }, { additionalProperties: false }),
        response: { 200: WriteAnswer, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) =>
      writeFields(await runAs(service, request, "withdrawPrior", { prior: request.body.prior })),
  );

  async function requireSpace(space: string): Promise<void> {
    if ((await getRecord(db.kysely, "space", space, space)) === null) {
      throw new HttpError("not-found", `no space ${space}`);
    }
  }
};

/** The member the request acts for (guards ran: a member token of this space, or a relay for one). */
function memberOf(request: Parameters<typeof domainActor>[0]): string {
  const actor = domainActor(request);
  if (actor.kind !== "member") throw new HttpError("forbidden", "a member acts on their own prior");
  return actor.member;
}
