/**
 * Vouches: a member vouches for another within a scope of the policy, and revokes it; anyone lists the
 * vouches a member received or gave, or reads one by id (the private note: only its voucher and
 * operators).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { VouchRecord } from "../../../domain/index.js";
import { findRecord, listVouchesBy, listVouchesFor } from "../../../store/space/index.js";
import { requireMember } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import {
  MemberIdString,
  Millis,
  PageOf,
  PageQuery,
  SpaceItemParams,
  SpaceMemberParams,
  WriteAnswer,
  WriteFields,
} from "../../schemas/space.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { isOperatorOrSelf, type Viewer, viewerOf } from "./viewer.js";

const NewVouch = Type.Object(
  {
    vouchee: MemberIdString,
    scope: IdString,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    expiresAt: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          "When the vouch lapses (ms since the epoch), if sooner than the space's rule; absent: the rule's",
      }),
    ),
  },
  { additionalProperties: false },
);

const VouchJson = Type.Object({
  vouch: Type.String(),
  voucher: Type.String(),
  vouchee: Type.String(),
  scope: Type.String(),
  givenAt: Millis,
  expiresAt: Type.Union([Millis, Type.Null()]),
  revokedAt: Type.Union([Millis, Type.Null()]),
  removed: Type.Boolean(),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/**
 * Registers the vouch routes.
 *
 * @example await app.register(vouchRoutes, deps)
 */
export const vouchRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service, clock },
) => {
  const tags = ["vouches"];

  app.post(
    "/v1/spaces/:space/vouches",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "Vouch for another member within a scope of the policy",
        params: SpaceParams,
        body: NewVouch,
        response: {
          201: Type.Object({ vouch: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "giveVouch", request.body as never);
      const vouch = createdId(done, "vouch.given", "vouch");
      created(reply, request, `/members/${request.body.vouchee}/vouches?direction=received`);
      return { vouch, ...writeFields(done) };
    },
  );

  app.delete(
    "/v1/spaces/:space/vouches/:id",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "Revoke a vouch (its voucher)",
        params: SpaceItemParams,
        response: { 200: WriteAnswer, ...problemResponses(401, 403, 404, 409, 410, 422) },
      },
    },
    async (request) =>
      writeFields(await runAs(service, request, "revokeVouch", { vouch: request.params.id })),
  );

  app.get(
    "/v1/spaces/:space/vouches/:id",
    {
      schema: {
        tags,
        summary:
          "A vouch by id (public, like the lists; its note only to its voucher and operators)",
        params: SpaceItemParams,
        response: { 200: VouchJson, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const record = await findRecord(db.kysely, space, "vouch", id);
      if (record === null) throw new HttpError("not-found", `no vouch ${id}`);
      return vouchJson(record, viewerOf(request), clock());
    },
  );

  app.get(
    "/v1/spaces/:space/members/:member/vouches",
    {
      schema: {
        tags,
        summary: "The vouches a member received (default) or gave, newest first (public)",
        params: SpaceMemberParams,
        querystring: Type.Object(
          {
            ...PageQuery,
            direction: Type.Optional(Type.Union([Type.Literal("received"), Type.Literal("given")])),
            active: Type.Optional(Type.Boolean({ description: "only vouches active now" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(VouchJson), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { space, member } = request.params;
      const { direction, active, limit, cursor } = request.query;
      const now = clock();
      const list = direction === "given" ? listVouchesBy : listVouchesFor;
      const page = okOrThrow(
        await list(db.kysely, space, member, {
          limit,
          cursor,
          ...(active === true ? { activeAt: now } : {}),
        }),
      );
      const viewer = viewerOf(request);
      return {
        items: page.value.items.map((v) => vouchJson(v, viewer, now)),
        next: page.value.next,
      };
    },
  );
};

function vouchJson(record: VouchRecord, viewer: Viewer, now: number) {
  return {
    vouch: record.id,
    voucher: record.voucher,
    vouchee: record.vouchee,
    scope: record.scope,
    givenAt: record.givenAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    removed:
      record.removedBy !== null && (record.removedUntil === null || now < record.removedUntil),
    ...(isOperatorOrSelf(viewer, record.voucher) ? { note: record.note } : {}),
  };
}
