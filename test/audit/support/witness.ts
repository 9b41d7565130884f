/**
 * Witnesses in process for tests: a fresh cosigning key, a state directory, a fastify app (driven with
 * `app.inject`), and a transport that routes a client's requests to such apps by URL.
 */
import type { FastifyInstance } from "fastify";
import { openWitness } from "../../../src/audit/witness/witness.js";
import { createWitnessApp } from "../../../src/audit/witness/witness-app.js";
import type { WitnessTransport } from "../../../src/audit/witness/witness-transport.js";
import { parseWitnessedLogs } from "../../../src/audit/witness/witnessed-logs.js";
import { generateKeyPair } from "../../../src/log/note/index.js";

export interface TestWitness {
  readonly app: FastifyInstance;
  readonly signerKey: string;
  readonly verifierKey: string;
}

/** A witness app over `stateDir` for the logs `[{origin, vkey}]`, cosigning at `clock()`. */
export async function startWitness(options: {
  readonly name?: string;
  readonly signerKey?: string;
  readonly logs: ReadonlyArray<{ origin: string; vkey: string }>;
  readonly stateDir: string;
  readonly clock?: () => number;
}): Promise<TestWitness> {
  const signerKey =
    options.signerKey ??
    generateKeyPair(options.name ?? "witness.example/w1", "cosignature/v1").signerKey;
  const witness = await openWitness({
    signerKey,
    logs: parseWitnessedLogs(JSON.stringify(options.logs)),
    stateDir: options.stateDir,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const app = createWitnessApp(witness);
  await app.ready();
  return { app, signerKey, verifierKey: witness.verifierKey };
}

/** POSTs an add-checkpoint body to an app. */
export async function submit(app: FastifyInstance, body: string | Buffer) {
  const response = await app.inject({
    method: "POST",
    url: "/add-checkpoint",
    payload: body,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
  return {
    status: response.statusCode,
    contentType: response.headers["content-type"],
    body: response.body,
  };
}

/** A transport that hands each request to the app mounted for its URL's host. */
export function injectTransport(apps: ReadonlyMap<string, FastifyInstance>): WitnessTransport {
  return {
    async post(url, body) {
      const { host, pathname } = new URL(url);
      const app = apps.get(host);
      if (app === undefined) throw new Error(`connect ECONNREFUSED ${host}`);
      const response = await app.inject({ method: "POST", url: pathname, payload: body });
      const contentType = response.headers["content-type"];
      return {
        status: response.statusCode,
        contentType: typeof contentType === "string" ? contentType : undefined,
        body: new Uint8Array(response.rawPayload),
      };
    },
  };
}
