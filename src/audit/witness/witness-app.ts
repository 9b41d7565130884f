/**
 * The witness over HTTP (c2sp.org/tlog-witness §HTTP Interface), with fastify: one route,
 * `POST <submission prefix>/add-checkpoint`. The body is read as bytes whatever its Content-Type (the
 * spec names none) and bounded by MAX_ADD_CHECKPOINT_REQUEST_SIZE before it is parsed; the answer is the
 * status, Content-Type and body that formatAddCheckpointResponse gives.
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  formatAddCheckpointResponse,
  MAX_ADD_CHECKPOINT_REQUEST_SIZE,
  TEXT_CONTENT_TYPE,
} from "../../log/witness/index.js";
import type { Witness } from "./witness.js";

/** Options of the witness HTTP app. */
export interface WitnessAppOptions {
  /** The submission prefix, e.g. "/witness" (default: none, the route is `/add-checkpoint`). */
  readonly prefix?: string;
  /** Log requests with pino (fastify's logger); off by default. */
  readonly logger?: boolean;
}

/**
 * A fastify app serving `witness`; closing the app closes the witness (releasing its state directory).
 *
 * @example
 * const app = createWitnessApp(await openWitness(options))
 * await app.listen({ port: 7380 })
 */
export function createWitnessApp(
  witness: Witness,
  options: WitnessAppOptions = {},
): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_ADD_CHECKPOINT_REQUEST_SIZE,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    // Fastify's own refusals (413 body too large, 415 …) keep their status; anything else is ours.
    const status =
      error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    const message = status < 500 ? error.message : "internal error";
    if (status >= 500) app.log.error(error);
    return reply.code(status).header("content-type", TEXT_CONTENT_TYPE).send(`${message}\n`);
  });
  app.post(`${options.prefix ?? ""}/add-checkpoint`, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = formatAddCheckpointResponse(await witness.addCheckpoint(body));
    return reply.code(answer.status).header("content-type", answer.contentType).send(answer.body);
  });
  app.addHook("onClose", async () => {
    await witness.close();
  });
  return app;
}
