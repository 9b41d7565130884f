/**
 * `GET /v1/spaces/{space}/me`: the requesting member's export (issue 6), a ZIP archive streamed as it
 * is written (src/store/member-export). Everything that can refuse it (an unknown member) is checked
 * before the first byte; after that the status is 200 and a failure can only cut the archive short,
 * which a reader detects (no end of central directory, manifest.sig missing).
 */
import { PassThrough } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { writableSink } from "../../../store/archive/zip-writer.js";
import {
  prepareMemberExport,
  writeMemberExport,
} from "../../../store/member-export/export-member.js";
import { requireMember } from "../../auth/guards.js";
import { HttpError } from "../../errors/http-error.js";
import { problemResponses, SpaceParams } from "../../schemas/common.js";
import { accessorOf } from "./accessor.js";
import type { MemberDataRoutesDeps } from "./index.js";

const ZIP = "application/zip";

/**
 * Registers `GET /v1/spaces/:space/me`.
 *
 * @example await app.register(meRoutes, deps)
 */
export const meRoutes: FastifyPluginAsyncTypebox<MemberDataRoutesDeps> = async (
  app,
  { db, signers, clock, publicUrl },
) => {
  app.get(
    "/v1/spaces/:space/me",
    {
      preHandler: requireMember(),
      schema: {
        tags: ["member data"],
        security: [{ memberToken: [] }],
        summary: "Everything the space holds and derives about you, as a signed ZIP archive",
        description:
          "manifest.json (every file's SHA-256) signed by the space's log key (manifest.sig), data " +
          "files with one JSON Schema each, every record tagged provided/observed/derived/inferred, " +
          "derived/ scores and signals with the principles applied, the access log, your log " +
          "entries with receipts and inclusion proofs, and README.html. scope=portable keeps " +
          "provided and observed records only (GDPR Art. 20).",
        params: SpaceParams,
        querystring: Type.Object(
          {
            scope: Type.Optional(
              Type.Union([Type.Literal("full"), Type.Literal("portable")], { default: "full" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: "a ZIP archive",
            content: { [ZIP]: { schema: Type.Unsafe({ type: "string", format: "binary" }) } },
          },
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
      const scope = request.query.scope ?? "full";
      const prepared = await prepareMemberExport(
        { db, signers, clock, publicUrl },
        {
          space,
          member: actor.member,
          scope,
          accessor,
          resource: `GET /v1/spaces/${space}/me`,
        },
      );
      const body = new PassThrough();
      writeMemberExport(prepared, writableSink(body)).then(
        () => body.end(),
        (error: unknown) => {
          request.log.error({ err: error }, "member export failed after it started");
          body.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      const name = `fabrique-${space}-${actor.member}${scope === "portable" ? "-portable" : ""}.zip`;
      return reply
        .type(ZIP)
        .header("content-disposition", `attachment; filename="${name}"`)
        .header("cache-control", "no-store")
        .send(body);
    },
  );
};
