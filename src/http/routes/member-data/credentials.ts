/**
 * Portable reputation over HTTP (issue 6):
 * - `POST /v1/spaces/{space}/me/credentials`: the member gets SD-JWT VCs of their reputation, one per
 *   holder key they send (batch issuance: a fresh credential per presentation links nothing);
 * - `GET /v1/spaces/{space}/credentials/status-list`: the space's Status List Token;
 * - `POST /v1/spaces/{space}/credentials/{index}/revocation`: an admin key revokes any credential, a
 *   member their own;
 * - `GET /.well-known/jwt-vc-issuer/v1/spaces/{space}`: JWT VC Issuer Metadata with the issuer keys;
 * - `POST /v1/verify/credential`: verify a presentation and say exactly what it proves.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { JWK } from "jose";
import { Type } from "typebox";
import { MAX_SD_JWT_SIZE } from "../../../credential/index.js";
import { issuerIdentity, issuerJwks } from "../../../store/credentials/issuer-keys.js";
import {
  issueReputationCredentials,
  MAX_CREDENTIAL_BATCH,
} from "../../../store/credentials/reputation-credentials.js";
import { revokeCredential } from "../../../store/credentials/status-entries.js";
import { spaceStatusListToken } from "../../../store/credentials/status-list-token.js";
import { verifyReputationPresentation } from "../../../store/credentials/verify-reputation.js";
import { recordAccess } from "../../../store/member-data/access-log.js";
import { getRecord } from "../../../store/projections/sql-reader.js";
import { anyOf, requireMember, requireScope } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, problemResponses, SpaceParams } from "../../schemas/common.js";
import { accessorOf } from "./accessor.js";
import type { MemberDataRoutesDeps } from "./index.js";
import { createReplayCache } from "./replay-cache.js";

const HolderJwk = Type.Object(
  {
    kty: Type.String({ maxLength: 8 }),
    crv: Type.String({ maxLength: 16 }),
    x: Type.String({ maxLength: 128 }),
    y: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: true, description: "a public Ed25519 (OKP) or P-256 (EC) JWK" },
);

const IssuedJson = Type.Object({
  credential: Type.String({ description: "the SD-JWT VC with every disclosure, ending in ~" }),
  statusIndex: Type.Integer(),
  issuedAt: Type.Integer({ description: "Unix seconds" }),
  expiresAt: Type.Integer({ description: "Unix seconds" }),
  claims: Type.Array(
    Type.Object({ claim: Type.String(), value: Type.Unknown(), disclosure: Type.String() }),
  ),
});

const ReportJson = Type.Object({
  verified: Type.Literal(true),
  issuer: Type.String(),
  space: Type.String(),
  vct: Type.String(),
  expiresAt: Type.Integer(),
  status: Type.Union([
    Type.Object({ index: Type.Integer(), uri: Type.String(), value: Type.String() }),
    Type.Null(),
  ]),
  holderKeyThumbprint: Type.String(),
  disclosed: Type.Record(Type.String(), Type.Unknown()),
  proves: Type.Array(Type.String()),
});

/**
 * Registers the credential routes.
 *
 * @example await app.register(credentialRoutes, deps)
 */
export const credentialRoutes: FastifyPluginAsyncTypebox<MemberDataRoutesDeps> = async (
  app,
  { db, vault, clock, issuerBase },
) => {
  const tags = ["credentials"];
  const replayCache = createReplayCache(clock);

  app.post(
    "/v1/spaces/:space/me/credentials",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: [{ memberToken: [] }],
        summary: "Issue SD-JWT VCs of your reputation, one per holder key",
        description:
          "Each credential is bound to one of your keys (cnf.jwk), valid for a week, revocable through " +
          "the space's status list, and states the space, the day you joined and the thresholds your " +
          "published reviews pass, each selectively disclosable. Send several keys for several " +
          "credentials that nothing links: use each for one presentation.",
        params: SpaceParams,
        body: Type.Object(
          { holderKeys: Type.Array(HolderJwk, { minItems: 1, maxItems: MAX_CREDENTIAL_BATCH }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ credentials: Type.Array(IssuedJson) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      const actor = request.actor;
      const accessor = accessorOf(request);
      if (actor.kind !== "member" || accessor === null) {
        throw new HttpError("forbidden", "a member token is required");
      }
      const issued = await issueReputationCredentials(db, vault, {
        space,
        member: actor.member,
        holderKeys: request.body.holderKeys as JWK[],
        issuerBase,
        now: clock(),
        accessor,
        resource: `POST /v1/spaces/${space}/me/credentials`,
      });
      return reply.code(201).send({
        credentials: issued.map((c) => ({
          credential: c.sdJwt,
          statusIndex: c.statusIndex,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
          claims: c.claims.map((x) => ({ ...x })),
        })),
      });
    },
  );

  app.get(
    "/v1/spaces/:space/credentials/status-list",
    {
      schema: {
        tags,
        summary: "The space's Status List Token (draft-ietf-oauth-status-list), for revocation",
        params: SpaceParams,
        response: {
          200: {
            description: "a status list token",
            content: { "application/statuslist+jwt": { schema: Type.String() } },
          },
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      await requireSpace(space);
      const token = await spaceStatusListToken(db.kysely, vault, space, issuerBase, clock());
      return reply
        .type("application/statuslist+jwt")
        .header("cache-control", "max-age=300")
        .send(token);
    },
  );

  app.post(
    "/v1/spaces/:space/credentials/:index/revocation",
    {
      preHandler: anyOf(requireScope("admin"), requireMember()),
      schema: {
        tags,
        security: [{ apiKey: [] }, { memberToken: [] }],
        summary: "Revoke a credential (an admin key: any; a member: their own)",
        params: Type.Object({ space: IdString, index: Type.Integer({ minimum: 0 }) }),
        body: Type.Object(
          { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ index: Type.Integer(), revokedAt: Type.Integer() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { space, index } = request.params;
      const actor = request.actor;
      const accessor = accessorOf(request);
      const row = await db.kysely
        .selectFrom("credential_status")
        .select("member")
        .where("space", "=", space)
        .where("idx", "=", index)
        .executeTakeFirst();
      // A member learns nothing about indices that are not theirs: same answer as no credential.
      const own = actor.kind === "member" ? row?.member === actor.member : row !== undefined;
      if (row === undefined || !own || accessor === null) {
        throw new HttpError("not-found", `no credential at index ${index}`);
      }
      const now = clock();
      const revoked = await revokeCredential(
        db.kysely,
        space,
        index,
        now,
        request.body.reason ?? null,
      );
      if (revoked === null) throw new HttpError("not-found", `no credential at index ${index}`);
      await recordAccess(db.kysely, {
        space,
        member: revoked.member,
        at: now,
        accessor,
        action: "credential-revoked",
        resource: `POST /v1/spaces/${space}/credentials/${index}/revocation`,
        detail: revoked.revokedReason,
      });
      return { index, revokedAt: revoked.revokedAt ?? now };
    },
  );

  app.get(
    "/.well-known/jwt-vc-issuer/v1/spaces/:space",
    {
      schema: {
        tags,
        summary:
          "JWT VC Issuer Metadata of a space (draft-ietf-oauth-sd-jwt-vc §5): its issuer keys",
        params: SpaceParams,
        response: {
          200: Type.Object({
            issuer: Type.String(),
            jwks: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const { space } = request.params;
      await requireSpace(space);
      const keys = await issuerJwks(db.kysely, vault, space);
      reply.header("cache-control", "max-age=300");
      return { issuer: issuerIdentity(issuerBase, space).issuer, jwks: { keys } };
    },
  );

  app.post(
    "/v1/verify/credential",
    {
      schema: {
        tags,
        summary: "Verify a presented reputation credential and say exactly what it proves",
        description:
          "Checks the issuer's signature (a space of this server), every disclosure, the key binding " +
          "(signed by the credential's holder key, for this audience and nonce, at most 5 minutes old), " +
          "expiry and the status list, and refuses a nonce seen before. Refusals are 422 with the " +
          "reason as rule credential.<code>, or 400 for text that is not a presentation.",
        body: Type.Object(
          {
            presentation: Type.String({ minLength: 1, maxLength: MAX_SD_JWT_SIZE }),
            audience: Type.String({ minLength: 1, maxLength: 500 }),
            nonce: Type.String({ minLength: 8, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportJson, ...problemResponses(400, 422) },
      },
    },
    async (request) => {
      const { presentation, audience, nonce } = request.body;
      const report = await verifyReputationPresentation(db, vault, {
        presentation,
        audience,
        nonce,
        now: clock(),
        issuerBase,
        replayCache: replayCache.forAudience(audience),
      });
      return { verified: true as const, ...report, proves: [...report.proves] };
    },
  );

  async function requireSpace(space: string): Promise<void> {
    if ((await getRecord(db.kysely, "space", space, space)) === null) {
      throw new HttpError("not-found", `no space ${space}`);
    }
  }
};
