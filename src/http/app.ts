/**
 * The HTTP application: buildApp assembles fastify from named steps, in the order requests meet them:
 * request ids, draining on shutdown, error answers, body parsing, authentication, security headers, rate limits, idempotency,
 * the OpenAPI document, metrics, then the routes, and last the web UI's files. Nothing listens here
 * (server.ts does), so tests drive the app in process with `app.inject()`.
 *
 * Adding routes: write a FastifyPluginAsyncTypebox in routes/ (see routes/access.ts) and register it at
 * the end of buildApp; it inherits everything above (guards from auth/guards.ts, errors mapped by
 * errors/map-error.ts, Idempotency-Key on its POSTs, its schemas in /openapi.json).
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import { createPriorNonces } from "../store/credentials/prior-nonces.js";
import type { Database } from "../store/database.js";
import type { KeyVault } from "../store/keys/key-vault.js";
import type { SpaceLogSigners } from "../store/log/space-log-signer.js";
import type { SealerStatus } from "../store/sealer/sealer-status.js";
import { createSpaceService } from "../store/space/service.js";
import { createApiKeyCache } from "./auth/api-key-cache.js";
import { installAuthentication } from "./auth/authenticate.js";
import type { HttpConfig } from "./config.js";
import { answerFrameworkError, registerErrorHandling } from "./errors/error-handling.js";
import { installJsonBodyParser } from "./plugins/body-parsers.js";
import { installDraining } from "./plugins/draining.js";
import { installIdempotency } from "./plugins/idempotency.js";
import { installMetrics } from "./plugins/metrics.js";
import { installOpenApi } from "./plugins/openapi.js";
import { installRateLimit } from "./plugins/rate-limit.js";
import { installRequestIdEcho, requestIdOf } from "./plugins/request-id.js";
import { deferredRequestLogger } from "./plugins/request-logger.js";
import { installSecurityHeaders } from "./plugins/security.js";
import { installWebUi } from "./plugins/web-ui.js";
import { accessRoutes } from "./routes/access.js";
import type { PublishedSignal } from "./routes/checkpoint-cache.js";
import { healthRoutes } from "./routes/health.js";
import { logRoutes } from "./routes/log.js";
import { logHistoryRoutes } from "./routes/log-history.js";
import { logReceiptRoutes } from "./routes/log-receipts.js";
import { installAccessRecording, memberDataRoutes } from "./routes/member-data/index.js";
import { priorRoutes } from "./routes/member-data/priors.js";
import type { PrebuiltAnswer } from "./routes/prebuilt-answer.js";
import { spaceRoutes } from "./routes/space/index.js";
import { createSummaryCache, invalidatingWrites } from "./routes/space/summary-cache.js";
import { webhookRoutes } from "./routes/webhooks.js";

/** The app's fastify instance, typed for TypeBox schemas. */
export type FabriqueApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What the app runs on. */
export interface AppDeps {
  readonly db: Database;
  /** Opens space keys (for the space service's routes). */
  readonly vault: KeyVault;
  /** Signers of the spaces' logs, over the same vault and the configured log host. */
  readonly signers: SpaceLogSigners;
  readonly config: HttpConfig;
  /** A pino logger; by default one at config.logLevel writing JSON lines to stdout. */
  readonly logger?: FastifyBaseLogger;
  /** Milliseconds since the epoch (Date.now by default): token times, idempotency expiry, key times. */
  readonly clock?: () => number;
  /** The sealer this process runs, for readiness and lag metrics, and to cache the checkpoint. */
  readonly sealer?: { status(): SealerStatus; onPublished?: PublishedSignal["onPublished"] };
  /** Process metrics in /metrics (default true). */
  readonly processMetrics?: boolean;
  /** The built web UI to serve at `/` (plugins/web-ui.ts: DEFAULT_WEB_DIR); null or absent: none. */
  readonly webDir?: string | null;
}

/** The version the OpenAPI document states. */
export const API_VERSION = "0.1.0";

/**
 * Builds the app (not listening, not yet ready: more routes may be registered before `ready`/`listen`).
 *
 * @example
 * const app = await buildApp({ db, vault, signers, config })
 * const res = await app.inject({ url: "/healthz" })
 */
export async function buildApp(deps: AppDeps): Promise<FabriqueApp> {
  const { db, signers, config, sealer } = deps;
  const clock = deps.clock ?? Date.now;
  const app = createFastify(deps);

  installRequestIdEcho(app);
  installDraining(app);
  registerErrorHandling(app);
  installJsonBodyParser(app);
  const apiKeys = createApiKeyCache(clock);
  installAuthentication(app, { db, config, clock, apiKeys });
  await installSecurityHeaders(app, config);
  installRateLimit(app, config.rateLimit);
  installIdempotency(app, { db, ttlMs: config.idempotencyTtlMs, clock });
  await installOpenApi(app, { publicUrl: config.publicUrl, version: API_VERSION });
  installMetrics(app, { db, sealer, processMetrics: deps.processMetrics ?? true });
  installAccessRecording(app, { db, clock });

  await app.register(healthRoutes, { db, sealer });
  const published = sealer?.onPublished === undefined ? undefined : (sealer as PublishedSignal);
  await app.register(logRoutes, { db, signers, sealer: published });
  await app.register(logHistoryRoutes, { db });
  await app.register(logReceiptRoutes, { db, signers });
  await app.register(accessRoutes, { db, clock, apiKeys });
  await app.register(webhookRoutes, {
    db,
    vault: deps.vault,
    clock,
    allowPrivateTargets: config.allowPrivateWebhookTargets,
  });
  // Summaries are kept briefly and dropped by every write this service runs (summary-cache.ts).
  const summaries = createSummaryCache<PrebuiltAnswer>(clock);
  const service = invalidatingWrites(
    createSpaceService({ db, vault: deps.vault, signers, clock }),
    (space) => summaries.invalidate(space),
  );
  await app.register(spaceRoutes, { db, service, signers, clock, summaries });
  const issuerBase = config.publicUrl ?? `https://${config.logHost}`;
  const memberData = { db, vault: deps.vault, signers, clock, publicUrl: config.publicUrl };
  await app.register(memberDataRoutes, { ...memberData, issuerBase });
  const nonces = createPriorNonces();
  await app.register(priorRoutes, { db, vault: deps.vault, service, clock, issuerBase, nonces });
  await installWebUi(app, { dir: deps.webDir ?? null });
  return app;
}

function createFastify(deps: AppDeps): FabriqueApp {
  const { config } = deps;
  const logging =
    deps.logger === undefined
      ? { logger: { level: config.logLevel, redact: ["req.headers.authorization"] } }
      : { loggerInstance: deps.logger };
  return Fastify({
    ...logging,
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Each request's logger (bound to its id) is built when it first logs (plugins/request-logger.ts).
    childLoggerFactory: deferredRequestLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOf(config.trustProxy),
    frameworkErrors: answerFrameworkError,
    ajv: {
      // Unknown body members are refused (400) rather than silently dropped; every failing path listed.
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: "array" },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FabriqueApp;
}

/** A hop count trusts that many proxies nearest to us (proxy-addr's rule, spelled as a function). */
function trustProxyOf(
  setting: boolean | number,
): boolean | ((address: string, hop: number) => boolean) {
  return typeof setting === "number" ? (_address, hop) => hop < setting : setting;
}
