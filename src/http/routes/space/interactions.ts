/**
 * Interactions: the operator attests one (an attest key; it is what makes reviews verified), its
 * parties and operators read it, and a party disputes it (a member token).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findRecord } from "../../../store/space/index.js";
import { anyOf, requireMember, requireScope } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../../schemas/common.js";
import {
  LongText,
  MemberIdString,
  Millis,
  ShortText,
  SpaceItemParams,
  WriteFields,
} from "../../schemas/space.js";
import { InteractionJson, interactionJson } from "./members.js";
import { created, createdId, runAs, writeFields } from "./space-writes.js";
import type { SpaceRoutesDeps } from "./spaces.js";
import { viewerOf } from "./viewer.js";

const Party = Type.Object(
  {
    member: MemberIdString,
    role: ShortText,
    reviews: Type.Union([IdString, Type.Null()], { description: "the subject they may review" }),
  },
  { additionalProperties: false },
);

const NewInteraction = Type.Object(
  {
    interaction: IdString,
    occurredAt: Millis,
    parties: Type.Array(Party, { minItems: 1, maxItems: 2 }),
    kind: Type.Optional(ShortText),
    amount: Type.Optional(
      Type.Object(
        {
          minor: Type.Integer({ minimum: 0 }),
          currency: Type.String({ pattern: "^[A-Z]{3}$" }),
        },
        { additionalProperties: false },
      ),
    ),
    reference: Type.Optional(ShortText),
  },
  { additionalProperties: false },
);

/**
 * Registers the interaction routes under `/v1/spaces/:space/interactions`.
 *
 * @example await app.register(interactionRoutes, deps)
 */
export const interactionRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service },
) => {
  const tags = ["interactions"];

  app.post(
    "/v1/spaces/:space/interactions",
    {
      preHandler: requireScope("attest"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Attest an interaction (a booking, an order) between one or two members",
        params: SpaceParams,
        body: NewInteraction,
        response: {
          201: Type.Object({ interaction: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "recordInteraction", request.body);
      created(reply, request, `/interactions/${request.body.interaction}`);
      return { interaction: request.body.interaction, ...writeFields(done) };
    },
  );

  app.get(
    "/v1/spaces/:space/interactions/:id",
    {
      preHandler: anyOf(requireMember(), requireScope("read")),
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "An interaction (its parties and operators)",
        params: SpaceItemParams,
        response: { 200: InteractionJson, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      const record = await findRecord(db.kysely, space, "interaction", id);
      const viewer = viewerOf(request);
      const party =
        viewer.kind === "operator" ||
        (viewer.kind === "member" && record?.parties.some((p) => p.member === viewer.member));
      // Non-parties get the same 404 as a missing interaction: ids are not probed through this.
      if (record === null || !party) throw new HttpError("not-found", `no interaction ${id}`);
      return interactionJson(record, viewer);
    },
  );

  app.post(
    "/v1/spaces/:space/interactions/:id/disputes",
    {
      preHandler: requireMember(),
      schema: {
        tags,
        security: MEMBER_SECURITY,
        summary: "A party reports that the interaction did not happen",
        params: SpaceItemParams,
        body: Type.Object({ explanation: LongText }, { additionalProperties: false }),
        response: {
          201: Type.Object({ dispute: Type.String(), ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const done = await runAs(service, request, "disputeInteraction", {
        interaction: request.params.id,
        explanation: request.body.explanation,
      });
      const dispute = createdId(done, "interaction.disputed", "dispute");
      created(reply, request, `/interactions/${request.params.id}`);
      return { dispute, ...writeFields(done) };
    },
  );
};
