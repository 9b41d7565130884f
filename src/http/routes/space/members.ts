/**
 * Members: join (a members key), list (operators), read one (anyone sees that the pseudonym joined and
 * when; operators and the member see the display name), erase (the member or a members key; GDPR Art.
 * 17), and the member's interactions (the member or operators).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { InteractionRecord, MemberRecord } from "../../../domain/index.js";
import { findRecord, listInteractionsOf, listMembers } from "../../../store/space/index.js";
import { anyOf, requireMember, requireScope } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import {
  MemberIdString,
  Millis,
  PageOf,
  PageQuery,
  SpaceMemberParams,
  WriteAnswer,
  WriteFields,
} from "../../schemas/space.js";
import { created, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { isOperatorOrSelf, type Viewer, viewerOf } from "./viewer.js";

const NewMember = Type.Object(
  { member: MemberIdString, displayName: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

const MemberJson = Type.Object({
  member: Type.String(),
  joinedAt: Millis,
  erased: Type.Boolean(),
  displayName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/** An interaction as its parties and the operator see it. */
export const InteractionJson = Type.Object({
  interaction: Type.String(),
  occurredAt: Millis,
  recordedAt: Millis,
  parties: Type.Array(
    Type.Object({
      member: Type.String(),
      role: Type.String(),
      reviews: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  kind: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Union([
    Type.Object({ minor: Type.Integer(), currency: Type.String() }),
    Type.Null(),
  ]),
  reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/**
 * Registers the member routes under `/v1/spaces/:space/members`.
 *
 * @example await app.register(memberRoutes, deps)
 */
export const memberRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["members"];
  const selfOrOperator = anyOf(requireMember(), requireScope("read"));

  app.post(
    "/v1/spaces/:space/members",
    {
      preHandler: requireScope("members"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "A member joins (their own subject is registered with them)",
        params: SpaceParams,
        body: NewMember,
        response: {
          201: Type.Object({ member: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "joinMember", request.body);
      created(reply, request, `/members/${request.body.member}`);
      return { member: request.body.member, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/members",
    {
      preHandler: requireScope("read"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "The members, oldest first (operators)",
        params: SpaceParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(MemberJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const page = okOrThrow(await listMembers(db.kysely, request.params.space, request.query));
      const viewer: Viewer = { kind: "operator" };
      return { items: page.value.items.map((m) => memberJson(m, viewer)), next: page.value.next };
    },
  );

  app.get(
    "/v1/spaces/:space/members/:member",
    {
      schema: {
        tags,
        summary: "A member: that they joined, when, whether erased (display name: self, operators)",
        params: SpaceMemberParams,
        response: { 200: MemberJson, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { space, member } = request.params;
      const record = await findRecord(db.kysely, space, "member", member);
      if (record === null) throw new HttpError("not-found", `no member ${member}`);
      return memberJson(record, viewerOf(request));
    },
  );

  app.delete(
    "/v1/spaces/:space/members/:member",
    {
      preHandler: anyOf(requireMember(), requireScope("members")),
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "Erase a member (the member or a members key): private parts are shredded",
        params: SpaceMemberParams,
        response: { 200: WriteAnswer, ...problemResponses(401, 403, 404, 410, 422) },
      },
    },
    async (request) =>
      writeFields(await runAs(service, request, "eraseMember", { member: request.params.member })),
  );

  app.get(
    "/v1/spaces/:space/members/:member/interactions",
    {
      preHandler: selfOrOperator,
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "The interactions of a member, newest first (the member, operators)",
        params: SpaceMemberParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(InteractionJson), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { space, member } = request.params;
      const viewer = viewerOf(request);
      if (!isOperatorOrSelf(viewer, member)) {
        throw new HttpError("forbidden", "a member reads their own interactions only");
      }
      const page = okOrThrow(await listInteractionsOf(db.kysely, space, member, request.query));
      return {
        items: page.value.items.map((i) => interactionJson(i, viewer)),
        next: page.value.next,
      };
    },
  );
};

function memberJson(record: MemberRecord, viewer: Viewer) {
  return {
    member: record.id,
    joinedAt: record.joinedAt,
    erased: record.erasedAt !== null,
    ...(isOperatorOrSelf(viewer, record.id) ? { displayName: record.displayName } : {}),
  };
}

/**
 * An interaction for a party or an operator; the operator's own reference only for operators.
 *
 * @example interactionJson(record, viewerOf(request))
 */
export function interactionJson(record: InteractionRecord, viewer: Viewer) {
  return {
    interaction: record.id,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    parties: record.parties.map((p) => ({ member: p.member, role: p.role, reviews: p.reviews })),
    kind: record.kind,
    amount: record.amount === null ? null : { ...record.amount },
    ...(viewer.kind === "operator" ? { reference: record.reference } : {}),
  };
}
