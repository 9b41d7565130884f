/**
 * A webhook receiver on 127.0.0.1 for the tests: answers each request with the next scripted status
 * (the last one repeats; "hang" never answers), records what it got, and checks the Standard Webhooks
 * signature with its own implementation (not the one under test): the spec's verification steps, the
 * `whsec_` secret decoded by hand, every `v1,` signature of the header tried, constant-time comparison.
 * Test helper.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got. */
export interface Received {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly answered: number | "hang";
}

/** A listening receiver. */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** Starts a receiver answering `script` in order. */
export async function startReceiver(script: readonly (number | "hang")[]): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = script[Math.min(received.length, script.length - 1)] ?? 200;
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        answered: answer,
      });
      if (answer === "hang") return;
      res.writeHead(answer).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** True when `headers` carry a valid v1 signature of `body` under the `whsec_` secret. */
export function verifiesStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") {
    return false;
  }
  if (!/^\d+$/.test(timestamp)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(" ").some((s) => {
    const [version, sig] = s.split(",");
    if (version !== "v1" || sig === undefined) return false;
    const given = Buffer.from(sig, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
