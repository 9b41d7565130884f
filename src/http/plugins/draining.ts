/**
 * Draining on shutdown: once the app starts closing, answers carry `Connection: close`, so a keep-alive
 * connection whose request was in flight ends with its answer instead of holding the server open. fastify
 * already does this (with a 503) for requests that arrive while closing; this covers the ones that were
 * running when the close began.
 */
import type { FastifyInstance } from "fastify";

/**
 * Adds the preClose flag and the header.
 *
 * @example installDraining(app)
 */
export function installDraining(app: FastifyInstance): void {
  let draining = false;
  app.addHook("preClose", async () => {
    draining = true;
  });
  // A callback hook: no promise per answer for what is, until shutdown, one test of a flag.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (draining && request.raw.httpVersionMajor < 2) reply.header("connection", "close");
    done(null, payload);
  });
}
