/**
 * A load-generator correction for byte bodies in bench/http.ts.
 *
 * autocannon 8 keeps every response body as a string, whether or not anything reads it:
 * `PipelinedRequestsQueue.prototype.addBody` runs `req.body += data` on each chunk, which decodes the
 * bytes as UTF-8. A full hash tile is 8 KiB of SHA-256 output, almost none of it valid UTF-8, and
 * decoding it cost the generator 119–121 µs of CPU per request against the server's 62–63 µs (session
 * 7, 2 cores): the tile row measured the generator, not the server (8.2–8.4k req/s, while the same
 * server answered 20.4k req/s to a generator that kept the bytes undecoded). A tile client (a witness,
 * a monitor) reads the bytes as bytes and never decodes them.
 *
 * `withBodiesUndecoded` drops the body chunks for the duration of one run, so it is only for rows
 * whose requests have no `onResponse` (autocannon passes the body to `onResponse` and to its body
 * checks, neither of which these rows use). Byte counts are unaffected: autocannon counts bytes on
 * the socket (`addByteCount`), not in `addBody`.
 */
import { createRequire } from "node:module";

interface BodyQueue {
  prototype: { addBody(this: unknown, data: Buffer): void };
}

const queue = createRequire(import.meta.url)(
  "autocannon/lib/pipelinedRequestsQueue.js",
) as BodyQueue;

/**
 * Runs `measure` with autocannon keeping response bodies undecoded (dropped), and restores it after.
 *
 * @example const result = await withBodiesUndecoded(() => autocannon({ url, duration: 3 }))
 */
export async function withBodiesUndecoded<T>(measure: () => Promise<T>): Promise<T> {
  const decoding = queue.prototype.addBody;
  queue.prototype.addBody = function keepNoBody() {};
  try {
    return await measure();
  } finally {
    queue.prototype.addBody = decoding;
  }
}
