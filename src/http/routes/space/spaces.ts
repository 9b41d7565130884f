/**
 * Spaces: creating one (the platform admin), reading one (anyone: its name and policy are in its public
 * log), changing its policy (an admin key: a space.policy-changed event), and running the reveal of
 * reviews whose double-blind window has ended (an admin key; the service runs it as the system actor).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { defaultPolicy, OPTIONAL_POLICY_MEMBERS } from "../../../domain/index.js";
import { createApiKey } from "../../../store/access/api-keys.js";
import type { Database } from "../../../store/database.js";
import type { SpaceLogSigners } from "../../../store/log/space-log-signer.js";
import { findRecord } from "../../../store/space/index.js";
import type { SpaceService } from "../../../store/space/service.js";
import { requirePlatformAdmin, requireScope } from "../../auth/guards.js";
import { okOrThrow } from "../../errors/domain-refusal.js";
import { HttpError } from "../../errors/http-error.js";
import { IdString, problemResponses, SpaceParams } from "../../schemas/common.js";
import { Millis, WriteAnswer, WriteFields } from "../../schemas/space.js";
import type { PrebuiltAnswer } from "../prebuilt-answer.js";
import { domainActor, writeFields, writeOnce } from "./space-writes.js";
import type { SummaryCache } from "./summary-cache.js";

/** What the space resources need. */
export interface SpaceRoutesDeps {
  readonly db: Database;
  readonly service: SpaceService;
  readonly signers: SpaceLogSigners;
  readonly clock: () => number;
  /**
   * Summaries kept briefly, as their answers (summary-cache.ts); `service` must then drop them on every write
   * (invalidatingWrites). Without it every summary is computed from the store.
   */
  readonly summaries?: SummaryCache<PrebuiltAnswer>;
}

/**
 * Members of a policy, each optional; a top-level member replaces the one it names. Only the policy's
 * own members are accepted (an unknown one is a 400, never silently ignored); the domain validates
 * their values (src/domain/policy.ts) and names the rule a bad one breaks.
 */
function policyMembers(description: string) {
  const members = Object.fromEntries(
    [...Object.keys(defaultPolicy()), ...OPTIONAL_POLICY_MEMBERS].map((name) => [
      name,
      Type.Optional(Type.Unknown()),
    ]),
  );
  return Type.Object(members, { additionalProperties: false, description });
}

const NewSpace = Type.Object(
  {
    space: IdString,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    policy: Type.Optional(policyMembers("top-level members replace those of the default policy")),
  },
  { additionalProperties: false },
);

const PolicyChange = policyMembers(
  "top-level members replace those of the current policy; the rating scale cannot change",
);

const SpaceJson = Type.Object({
  space: Type.String(),
  name: Type.String(),
  policy: Type.Unknown(),
  policyVersion: Type.Integer(),
  createdAt: Millis,
});

const CreatedSpace = Type.Object({
  space: SpaceJson,
  adminKey: Type.String({ description: "an API key with the admin scope: shown once, store it" }),
  logKey: Type.String({ description: "the verifier key of the space's log (signed note format)" }),
  ...WriteFields,
});

/**
 * Registers `POST /v1/spaces`, `GET /v1/spaces/:space`, `PATCH /v1/spaces/:space/policy` and
 * `POST /v1/spaces/:space/reveals`.
 *
 * @example await app.register(spaceResourceRoutes, { db, service, signers, clock })
 */
export const spaceResourceRoutes: FastifyPluginAsyncTypebox<SpaceRoutesDeps> = async (
  app,
  { db, service, signers, clock },
) => {
  const tags = ["spaces"];

  app.post(
    "/v1/spaces",
    {
      preHandler: requirePlatformAdmin(),
      schema: {
        tags,
        security: [{ platformAdmin: [] }],
        summary: "Create a space and its first admin API key (shown once)",
        body: NewSpace,
        response: { 201: CreatedSpace, ...problemResponses(400, 401, 403, 409, 410, 422) },
      },
    },
    async (request, reply) => {
      const { space, name, policy } = request.body;
      const input = { space, name, ...(policy === undefined ? {} : { policy }) };
      const held = request.idempotency;
      if (held?.kind === "applied") throw answerLost(space, held.indices);
      const actor = domainActor(request);
      const done = okOrThrow(await service.createSpace(input as never, actor, held?.claim));
      const key = await createApiKey(
        db.kysely,
        { space, scopes: ["admin"], label: "created with the space" },
        new Date(clock()),
      );
      const { verifierKey } = await signers.signerFor(db.kysely, space);
      reply.code(201).header("location", `/v1/spaces/${space}`);
      return {
        space: spaceJson(await readSpace(db, space)),
        adminKey: key.key,
        logKey: verifierKey,
        ...writeFields(done),
      };
    },
  );

  app.get(
    "/v1/spaces/:space",
    {
      schema: {
        tags,
        summary: "A space: its name and policy (public, as in its log)",
        params: SpaceParams,
        response: { 200: SpaceJson, ...problemResponses(404) },
      },
    },
    async (request) => spaceJson(await readSpace(db, request.params.space)),
  );

  app.patch(
    "/v1/spaces/:space/policy",
    {
      preHandler: requireScope("admin"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Change the space's policy (an admin key): logged in full as space.policy-changed",
        params: SpaceParams,
        body: PolicyChange,
        response: {
          200: Type.Object({ space: SpaceJson, ...WriteFields }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request) => {
      const { space } = request.params;
      const done = okOrThrow(
        await service.execute(space, domainActor(request), "changePolicy", {
          policy: request.body as never,
        }),
      );
      return { space: spaceJson(await readSpace(db, space)), ...writeFields(done) };
    },
  );

  app.post(
    "/v1/spaces/:space/reveals",
    {
      preHandler: requireScope("admin"),
      schema: {
        tags,
        security: [{ apiKey: [] }],
        summary: "Reveal the reviews whose double-blind window has ended (at most `limit`)",
        params: SpaceParams,
        body: Type.Optional(
          Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: WriteAnswer, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { space } = request.params;
      const limit = request.body?.limit;
      const done = okOrThrow(
        await writeOnce(service, request, space, (claim) =>
          service.revealDue(space, {
            ...(limit === undefined ? {} : { limit }),
            ...(claim === undefined ? {} : { claim }),
          }),
        ),
      );
      return writeFields(done);
    },
  );
};

/**
 * A retry of a space creation whose write committed but whose answer was lost: that answer held the
 * admin key's only copy, so it cannot be given again, and nothing is created again.
 */
function answerLost(space: string, indices: readonly number[]): HttpError {
  return new HttpError(
    "idempotency-answer-lost",
    `space ${space} was created by this request (log entries ${indices.join(", ")}), but its answer, which held the admin key shown once, was lost; nothing was created again. Create an admin key with POST /v1/spaces/${space}/keys as the platform admin`,
  );
}

async function readSpace(db: Database, space: string) {
  const record = await findRecord(db.kysely, space, "space", space);
  if (record === null) throw new HttpError("not-found", `no space ${space}`);
  return record;
}

function spaceJson(record: NonNullable<Awaited<ReturnType<typeof readSpace>>>) {
  return {
    space: record.id,
    name: record.name,
    policy: record.policy,
    policyVersion: record.policyVersion,
    createdAt: record.createdAt,
  };
}
