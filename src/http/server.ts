/**
 * Running the app: listen, and stop gracefully. Stopping closes the listener (no new connections; idle
 * keep-alive connections are closed, requests on busy ones get 503 + Connection: close), waits for the
 * requests in flight to be answered, then stops the sealer (its pass in flight finishes) and closes the
 * database last, since both of those used it.
 */
import type { FabriqueApp } from "./app.js";

/** What runs alongside the app and must stop after it. */
export interface ServerParts {
  readonly app: FabriqueApp;
  readonly port: number;
  readonly host: string;
  /** Stopped after the app has answered its last request. */
  readonly sealer?: { stop(): Promise<void> };
  /** Closes the store, last. */
  readonly closeStore?: () => Promise<void>;
}

/** A listening server. */
export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Stops everything, in order; idempotent (every call waits for the same stop). */
  stop(): Promise<void>;
}

/**
 * Starts listening on `host:port` (port 0: any free port).
 *
 * @example
 * const server = await startServer({ app, port: 8080, host: "127.0.0.1", sealer, closeStore: store.close })
 * process.once("SIGTERM", () => void server.stop())
 */
export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const url = await parts.app.listen({ port: parts.port, host: parts.host });
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= stopInOrder(parts);
      return stopping;
    },
  };
}

/** How often connections left idle are closed while stopping (a client that ignores Connection: close). */
const IDLE_SWEEP_MS = 250;

async function stopInOrder(parts: ServerParts): Promise<void> {
  const sweep = setInterval(() => parts.app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await parts.app.close();
  } finally {
    clearInterval(sweep);
    try {
      await parts.sealer?.stop();
    } finally {
      await parts.closeStore?.();
    }
  }
}
