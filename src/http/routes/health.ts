/**
 * Liveness and readiness for orchestrators. /healthz answers while the process serves requests at all;
 * /readyz answers 200 only when the database answers, every migration this release knows is applied, and
 * the sealer (when this process runs one) is running: otherwise 503 (take the instance out of rotation).
 * Both are exempt from rate limits and absent from the OpenAPI document's tags of the API proper.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DEFAULT_MIGRATION_TABLE, sql } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../store/database.js";
import { STORE_MIGRATIONS } from "../../store/migrations.js";
import type { SealerStatus } from "../../store/sealer/sealer-status.js";
import { HttpError } from "../errors/http-error.js";
import { problemResponses } from "../schemas/common.js";

/** What readiness checks. */
export interface HealthRoutesDeps {
  readonly db: Database;
  readonly sealer?: { status(): SealerStatus } | undefined;
}

const Ready = Type.Object({
  status: Type.Literal("ready"),
  checks: Type.Object({
    database: Type.Literal("ok"),
    migrations: Type.Literal("ok"),
    sealer: Type.Union([Type.Literal("running"), Type.Literal("not run by this process")]),
  }),
});

/**
 * Registers GET /healthz and GET /readyz.
 *
 * @example await app.register(healthRoutes, { db, sealer })
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesDeps> = async (
  app,
  { db, sealer },
) => {
  const tags = ["operations"];
  const noStore = async (_request: unknown, reply: { header(k: string, v: string): unknown }) => {
    reply.header("cache-control", "no-store");
  };

  app.get(
    "/healthz",
    {
      config: { rateLimit: false },
      onRequest: noStore,
      schema: {
        tags,
        summary: "Liveness: the process serves requests",
        response: { 200: Type.Object({ status: Type.Literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      config: { rateLimit: false },
      onRequest: noStore,
      schema: {
        tags,
        summary: "Readiness: database reachable, migrations applied, sealer running",
        response: { 200: Ready, ...problemResponses(503) },
      },
    },
    async () => {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw notReady(`migrations not applied: ${pending.join(", ")}`);
      }
      if (sealer !== undefined && !sealer.status().running) throw notReady("the sealer is stopped");
      return {
        status: "ready" as const,
        checks: {
          database: "ok" as const,
          migrations: "ok" as const,
          sealer:
            sealer === undefined ? ("not run by this process" as const) : ("running" as const),
        },
      };
    },
  );
};

/** Names of this release's migrations the database has not applied (one query; proves it answers). */
async function pendingMigrations(db: Database): Promise<string[]> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(
      DEFAULT_MIGRATION_TABLE,
    )}`.execute(db.kysely);
    applied = new Set(rows.map((r) => r.name));
  } catch (e) {
    throw notReady("the database does not answer, or holds no migrations", e);
  }
  return STORE_MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
}

function notReady(message: string, cause?: unknown): HttpError {
  return new HttpError("unavailable", `not ready: ${message}`, {
    cause,
    headers: { "retry-after": "5" },
  });
}
