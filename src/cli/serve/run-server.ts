/**
 * What `fabrique serve` runs: reads the configuration, opens the store (applying migrations), starts
 * the sealer, the reveal scheduler, the retention scheduler (every hour: private data past its space's
 * retention is shredded) and the webhook delivery worker, listens, prints where, and stops them in
 * order once `stopWhen` resolves.
 */
import { pino } from "pino";
import { buildApp } from "../../http/app.js";
import { type AdminTokenSource, resolveAdminToken } from "../../http/auth/admin-token.js";
import {
  ConfigError,
  type HttpConfig,
  type HttpEnv,
  httpConfigFromEnv,
} from "../../http/config.js";
import { DEFAULT_WEB_DIR } from "../../http/plugins/web-ui.js";
import { startServer } from "../../http/server.js";
import { startWebhookWorker } from "../../http/webhooks/delivery-worker.js";
import { type StoreConfig, type StoreEnv, storeConfigFromEnv } from "../../store/config.js";
import { isStoreError } from "../../store/errors.js";
import { createSpaceLogSigners } from "../../store/log/space-log-signer.js";
import { openStore } from "../../store/open-store.js";
import { startRetentionScheduler } from "../../store/projections/retention-scheduler.js";
import { startRevealScheduler } from "../../store/sealer/reveal-scheduler.js";
import { type SealerLogger, startSealer } from "../../store/sealer/sealer.js";
import { createSpaceService } from "../../store/space/service.js";
import { CliError } from "../cli-error.js";
import type { ServeOptions } from "../commands/serve.js";
import type { Io } from "../io.js";
import { loadWitnesses, type WitnessEnv } from "../witnessing/load-witnesses.js";

/** The sealer's interval under `serve`: entries are published about a second after they are appended. */
export const SERVE_SEAL_INTERVAL_MS = 1000;
/** The reveal scheduler's interval under `serve`: a window ends in the log at most a minute late. */
export const SERVE_REVEAL_INTERVAL_MS = 60_000;

/**
 * Runs the server until `stopWhen` resolves, then stops it gracefully (what `serve` in
 * src/cli/commands/serve.ts loads and calls).
 *
 * @example await runServer({ port: "0" }, io, process.env, untilSignal(["SIGTERM"]))
 */
export async function runServer(
  opts: ServeOptions,
  io: Io,
  env: HttpEnv & StoreEnv & WitnessEnv,
  stopWhen: Promise<unknown>,
): Promise<void> {
  const { http, store: storeConfig } = configure(opts, env);
  const admin = await usage(() => resolveAdminToken(http.adminToken, dataDirOf(storeConfig)));
  const config: HttpConfig = {
    ...http,
    adminToken: admin.kind === "none" ? undefined : admin.token,
  };
  const logger = pino({ level: config.logLevel });
  const witnesses = await loadWitnesses(opts.witnesses ?? env.FABRIQUE_WITNESSES);
  const store = await openStore(storeConfig);
  try {
    const signers = createSpaceLogSigners({ vault: store.vault, host: config.logHost });
    const sealer = startSealer({
      db: store.db,
      signers,
      intervalMs: SERVE_SEAL_INTERVAL_MS,
      logger: sealerLogger(logger),
      ...(witnesses === undefined ? {} : { witnessing: witnesses.witnessing }),
    });
    const reveals = startRevealScheduler({
      db: store.db,
      service: createSpaceService({ db: store.db, vault: store.vault, signers }),
      intervalMs: SERVE_REVEAL_INTERVAL_MS,
      logger: sealerLogger(logger),
    });
    const retention = startRetentionScheduler({ db: store.db, logger: sealerLogger(logger) });
    // Reveals and retention stop first, then the sealer finishes its pass, so the last reveals are
    // still sealed.
    const background = {
      async stop() {
        try {
          await Promise.all([reveals.stop(), retention.stop()]);
        } finally {
          await sealer.stop();
        }
      },
    };
    const server = await listen(
      () =>
        buildApp({
          db: store.db,
          vault: store.vault,
          signers,
          config,
          logger,
          sealer,
          webDir: DEFAULT_WEB_DIR,
        }),
      config,
      background,
      // Webhook deliveries in flight finish after the last request, before the store closes.
      stopThen(
        startWebhookWorker({
          db: store.db,
          vault: store.vault,
          logger,
          allowPrivateTargets: config.allowPrivateWebhookTargets,
        }),
        store.close,
      ),
    );
    const publicUrl = config.publicUrl === undefined ? "" : ` (public URL ${config.publicUrl})`;
    io.out(`fabrique listening on ${server.url}${publicUrl}\n`);
    io.out(
      `  web UI: ${server.url}/   docs: ${server.url}/docs   OpenAPI: ${server.url}/openapi.json\n`,
    );
    io.out(describeAdminToken(admin));
    if (witnesses !== undefined) io.out(`  witnesses: ${witnesses.description}\n`);
    await stopWhen;
    io.out("fabrique: stopping (finishing requests in flight)\n");
    await server.stop();
    io.out("fabrique: stopped\n");
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** Builds the app and listens; on failure stops the sealer and reveals again (the caller closes the store). */
async function listen(
  build: () => ReturnType<typeof buildApp>,
  config: HttpConfig,
  sealer: { stop(): Promise<void> },
  closeStore: () => Promise<void>,
) {
  try {
    const app = await build();
    return await startServer({ app, port: config.port, host: config.host, sealer, closeStore });
  } catch (e) {
    await sealer.stop();
    throw e;
  }
}

/** Stops `worker` (its attempts in flight finish), then runs `next`. */
function stopThen(worker: { stop(): Promise<void> }, next: () => Promise<void>) {
  return async () => {
    await worker.stop();
    await next();
  };
}

function configure(opts: ServeOptions, env: HttpEnv & StoreEnv) {
  return usageSync(() => ({
    http: httpConfigFromEnv(env, { port: opts.port, host: opts.host }),
    store: storeConfigFromEnv({ ...env, FABRIQUE_DATA_DIR: opts.dataDir ?? env.FABRIQUE_DATA_DIR }),
  }));
}

function dataDirOf(config: StoreConfig): string | undefined {
  return config.backend === "sqlite" ? config.dataDir : undefined;
}

function describeAdminToken(admin: AdminTokenSource): string {
  switch (admin.kind) {
    case "env":
      return "  platform admin token: from FABRIQUE_ADMIN_TOKEN\n";
    case "file":
      return admin.created
        ? `  platform admin token (creates spaces), generated into ${admin.path} (mode 0600):\n  ${admin.token}\n`
        : `  platform admin token: in ${admin.path}\n`;
    case "none":
      return "  no platform admin token (set FABRIQUE_ADMIN_TOKEN to create spaces)\n";
  }
}

function sealerLogger(logger: pino.Logger): SealerLogger {
  return {
    error: (message, details) => logger.error(details, message),
    info: (message, details) => logger.info(details, message),
  };
}

function isConfigError(e: unknown): boolean {
  return e instanceof ConfigError || isStoreError(e, "invalid-config");
}

function usageSync<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isConfigError(e)) throw new CliError("usage", (e as Error).message, { cause: e });
    throw e;
  }
}

async function usage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isConfigError(e)) throw new CliError("usage", (e as Error).message, { cause: e });
    throw e;
  }
}
