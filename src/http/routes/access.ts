/**
 * Access management of a space: its operator API keys and the public keys its operator signs member
 * tokens with. Managed by an admin key of the space or by the platform admin (who creates a space's first
 * key). A key's text is in the answer to its creation only. `whoami` says how a request authenticated.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { importJWK } from "jose";
import { Type } from "typebox";
import { decodeBase64Url } from "../../domain/base64url.js";
import {
  type ApiKeyInfo,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "../../store/access/api-keys.js";
import {
  ED25519_PUBLIC_KEY_BYTES,
  ed25519Jwk,
  listMemberTokenKeys,
  type MemberTokenKeyInfo,
  registerMemberTokenKey,
  revokeMemberTokenKey,
} from "../../store/access/member-token-keys.js";
import { ACCESS_SCOPES } from "../../store/access/scopes.js";
import type { Database } from "../../store/database.js";
import type { ApiKeyCache } from "../auth/api-key-cache.js";
import type { RequestActor } from "../auth/credential.js";
import {
  anyOf,
  requirePlatformAdmin,
  requireScope,
  requireSpaceCredential,
} from "../auth/guards.js";
import { HttpError } from "../errors/http-error.js";
import { IdString, MEMBER_SECURITY, problemResponses, SpaceParams } from "../schemas/common.js";

/** What the access routes need. */
export interface AccessRoutesDeps {
  readonly db: Database;
  readonly clock: () => number;
  /** The keys authentication remembers: a revoked key is forgotten at once. */
  readonly apiKeys?: ApiKeyCache;
}

// Printable text without control characters, for labels people read in lists.
const Label = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^[^\\u0000-\\u001f\\u007f]*$",
});

const Scope = Type.Union(
  ACCESS_SCOPES.map((s) => Type.Literal(s)),
  {
    description:
      "admin: everything below, plus keys, member-token keys, webhooks, the policy and reveals; members: join and erase members, register subjects; attest: record interactions (and, relaying, invited reviews); moderate: alerts, decisions, appeals, fraud signals; read: the operator's view of the space (every scope holds it); relay: act for a member with Fabrique-On-Behalf-Of",
  },
);

const NewKey = Type.Object(
  {
    scopes: Type.Array(Scope, { minItems: 1, maxItems: ACCESS_SCOPES.length, uniqueItems: true }),
    label: Type.Optional(Label),
  },
  { additionalProperties: false },
);

const KeyInfo = Type.Object({
  id: Type.String(),
  space: Type.String(),
  scopes: Type.Array(Type.String()),
  label: Type.Optional(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  revokedAt: Type.Optional(Type.String({ format: "date-time" })),
});

const CreatedKey = Type.Object({
  key: Type.String({ description: "the API key: shown once, store it now" }),
  info: KeyInfo,
});

const Jwk = Type.Object(
  {
    kty: Type.Literal("OKP"),
    crv: Type.Literal("Ed25519"),
    x: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$", description: "base64url public key" }),
  },
  { description: "an Ed25519 public JWK (RFC 8037)" },
);

const NewTokenKey = Type.Object(
  { jwk: Jwk, label: Type.Optional(Label) },
  { additionalProperties: false },
);

const TokenKeyInfo = Type.Object({
  kid: Type.String({ description: "RFC 7638 thumbprint: the kid of the tokens this key signs" }),
  space: Type.String(),
  jwk: Jwk,
  label: Type.Optional(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  revokedAt: Type.Optional(Type.String({ format: "date-time" })),
});

const Whoami = Type.Object({
  credential: Type.String({
    description:
      "api-key, member-token, relay (an API key with Fabrique-On-Behalf-Of) or platform-admin",
  }),
  actor: Type.Object({
    kind: Type.String(),
    key: Type.Optional(Type.String()),
    scopes: Type.Optional(Type.Array(Type.String())),
    member: Type.Optional(Type.String()),
    via: Type.Optional(
      Type.Object(
        { key: Type.String(), scopes: Type.Array(Type.String()) },
        { description: "the API key relaying for the member" },
      ),
    ),
  }),
});

/**
 * Registers the access routes under `/v1/spaces/:space`.
 *
 * @example await app.register(accessRoutes, { db, clock })
 */
export const accessRoutes: FastifyPluginAsyncTypebox<AccessRoutesDeps> = async (
  app,
  { db, clock, apiKeys },
) => {
  const tags = ["access"];
  const manage = anyOf(requireScope("admin"), requirePlatformAdmin());
  const security = [{ apiKey: [] }, { platformAdmin: [] }];

  app.post(
    "/v1/spaces/:space/keys",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Create an API key (its text is returned once)",
        params: SpaceParams,
        body: NewKey,
        response: { 201: CreatedKey, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(
        db.kysely,
        { space: request.params.space, scopes: request.body.scopes, label: request.body.label },
        new Date(clock()),
      );
      reply.code(201).header("location", `${request.url}/${created.info.id}`);
      return { key: created.key, info: keyJson(created.info) };
    },
  );

  app.get(
    "/v1/spaces/:space/keys",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "List the space's API keys (never their secrets)",
        params: SpaceParams,
        response: {
          200: Type.Object({ keys: Type.Array(KeyInfo) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({
      keys: (await listApiKeys(db.kysely, request.params.space)).map(keyJson),
    }),
  );

  app.delete(
    "/v1/spaces/:space/keys/:id",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Revoke an API key (revoking it again changes nothing)",
        params: Type.Object({ space: IdString, id: Type.String({ pattern: "^[0-9a-f]{16}$" }) }),
        response: { 200: KeyInfo, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { space, id } = request.params;
      try {
        return keyJson(await revokeApiKey(db.kysely, space, id, new Date(clock())));
      } finally {
        // After the revocation is stored, so no lookup can remember the key valid again.
        apiKeys?.forget(space, id);
      }
    },
  );

  app.post(
    "/v1/spaces/:space/member-token-keys",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Register a public key that signs member tokens",
        params: SpaceParams,
        body: NewTokenKey,
        response: { 201: TokenKeyInfo, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const publicKey = await ed25519PublicKeyOf(request.body.jwk.x);
      const key = await registerMemberTokenKey(
        db.kysely,
        { space: request.params.space, publicKey, ...labelOf(request.body.label) },
        new Date(clock()),
      );
      reply.code(201).header("location", `${request.url}/${key.kid}`);
      return tokenKeyJson(key);
    },
  );

  app.get(
    "/v1/spaces/:space/member-token-keys",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "List the space's member-token keys",
        params: SpaceParams,
        response: {
          200: Type.Object({ keys: Type.Array(TokenKeyInfo) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({
      keys: (await listMemberTokenKeys(db.kysely, request.params.space)).map(tokenKeyJson),
    }),
  );

  app.delete(
    "/v1/spaces/:space/member-token-keys/:kid",
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Revoke a member-token key: tokens it signed stop working at once",
        params: Type.Object({ space: IdString, kid: IdString }),
        response: { 200: TokenKeyInfo, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      tokenKeyJson(
        await revokeMemberTokenKey(
          db.kysely,
          request.params.space,
          request.params.kid,
          new Date(clock()),
        ),
      ),
  );

  app.get(
    "/v1/spaces/:space/whoami",
    {
      preHandler: requireSpaceCredential(),
      schema: {
        tags,
        security: [{ apiKey: [] }, ...MEMBER_SECURITY],
        summary: "How this request authenticated, and who it acts as in the space",
        params: SpaceParams,
        response: { 200: Whoami, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ credential: request.credential.kind, actor: actorJson(request.actor) }),
  );
};

/** The raw key of a JWK's `x`, refused unless it is 32 bytes that import as an Ed25519 key. */
async function ed25519PublicKeyOf(x: string): Promise<Uint8Array> {
  const bytes = decodeBase64Url(x);
  if (bytes === null || bytes.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new HttpError("invalid-input", "jwk.x is not 32 bytes of canonical base64url");
  }
  try {
    await importJWK({ ...ed25519Jwk(bytes) }, "EdDSA");
  } catch (e) {
    throw new HttpError("invalid-input", "jwk is not a usable Ed25519 public key", { cause: e });
  }
  return bytes;
}

function actorJson(actor: RequestActor) {
  switch (actor.kind) {
    case "operator":
      return { kind: actor.kind, key: actor.key, scopes: [...actor.scopes] };
    case "member":
      return actor.via === undefined
        ? { kind: actor.kind, member: actor.member }
        : {
            kind: actor.kind,
            member: actor.member,
            via: { key: actor.via.key, scopes: [...actor.via.scopes] },
          };
    case "system":
    case "anonymous":
      return { kind: actor.kind };
  }
}

function labelOf(label: string | undefined): { label?: string } {
  return label === undefined ? {} : { label };
}

function keyJson(key: ApiKeyInfo) {
  return {
    id: key.id,
    space: key.space,
    scopes: [...key.scopes],
    ...(key.label === undefined ? {} : { label: key.label }),
    createdAt: key.createdAt,
    ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt }),
  };
}

function tokenKeyJson(key: MemberTokenKeyInfo) {
  return {
    kid: key.kid,
    space: key.space,
    jwk: ed25519Jwk(key.publicKey),
    ...(key.label === undefined ? {} : { label: key.label }),
    createdAt: key.createdAt,
    ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt }),
  };
}
