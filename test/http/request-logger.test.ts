import { Writable } from "node:stream";
import Fastify from "fastify";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { deferredRequestLogger } from "../../src/http/plugins/request-logger.js";

/** A pino logger at `level` whose lines land in `lines`, and a count of the children it built. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level },
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n")) if (line !== "") lines.push(JSON.parse(line));
        done();
      },
    }),
  );
  const built = { children: 0 };
  const child = logger.child;
  logger.child = function counted(this: typeof logger, bindings, options) {
    built.children += 1;
    return child.call(this, bindings, options);
  } as typeof logger.child;
  return { logger, lines, built };
}

async function appWith(level: string) {
  const c = capture(level);
  const app = Fastify({
    loggerInstance: c.logger,
    childLoggerFactory: deferredRequestLogger,
    genReqId: () => "req-7",
  });
  app.get("/quiet", async (request) => {
    request.log.debug("not written at warn");
    return {};
  });
  app.get("/loud", async (request) => {
    request.log.warn({ detail: 3 }, "written");
    request.log.error("written too");
    return {};
  });
  app.get("/nested", async (request) => {
    request.log.child({ step: "inner" }).warn("from a grandchild");
    return { level: request.log.level };
  });
  await app.ready();
  c.built.children = 0; // the app's own, at start
  return { app, ...c };
}

describe("deferred request loggers", () => {
  it("build no child for a request that logs nothing at the level", async () => {
    const { app, lines, built } = await appWith("warn");
    expect((await app.inject({ url: "/quiet" })).statusCode).toBe(200);
    expect(built.children).toBe(0);
    expect(lines).toEqual([]);
  });

  it("write what is logged with the request id, through one child per request", async () => {
    const { app, lines, built } = await appWith("warn");
    await app.inject({ url: "/loud" });
    expect(built.children).toBe(1);
    expect(lines).toMatchObject([
      { level: 40, reqId: "req-7", detail: 3, msg: "written" },
      { level: 50, reqId: "req-7", msg: "written too" },
    ]);
  });

  it("give children and the level of the request's logger", async () => {
    const { app, lines } = await appWith("warn");
    const res = await app.inject({ url: "/nested" });
    expect(res.json()).toEqual({ level: "warn" });
    expect(lines).toMatchObject([{ reqId: "req-7", step: "inner", msg: "from a grandchild" }]);
  });

  it("log fastify's request lines at info, as an eager child would", async () => {
    const { app, lines } = await appWith("info");
    await app.inject({ url: "/quiet" });
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ["incoming request", "req-7"],
      ["request completed", "req-7"],
    ]);
  });
});
