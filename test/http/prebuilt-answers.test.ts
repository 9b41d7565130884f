/**
 * The cached public reads as prebuilt answers (src/http/routes/prebuilt-answer.ts), through the app on
 * both backends: the checkpoint (cached until the sealer publishes), full tiles, and summaries carry a
 * strong ETag and their Cache-Control; If-None-Match is answered 304 (weak and listed tags too);
 * an answer served from memory has every header a first one has; a publication or a write changes the
 * ETag at once; a cached answer never spares an invalid credential its 401.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { noneMatch } from "../../src/http/routes/prebuilt-answer.js";
import type { SealerStatus } from "../../src/store/sealer/sealer-status.js";
import { describeBackends } from "../store/support/backends.js";
import { call, setUpSpace } from "./routes/support/space-fixture.js";
import { addSpaceKey, appendAndSeal, entries, testAppPerTest } from "./support/app.js";

describe("If-None-Match", () => {
  it("matches the tag, weakly, in a list, and *; nothing else", () => {
    expect(noneMatch('"a"', '"a"')).toBe(true);
    expect(noneMatch('W/"a"', '"a"')).toBe(true);
    expect(noneMatch('"b", W/"a"', '"a"')).toBe(true);
    expect(noneMatch(['"b"', '"a"'], '"a"')).toBe(true);
    expect(noneMatch(" * ", '"a"')).toBe(true);
    expect(noneMatch('"b"', '"a"')).toBe(false);
    expect(noneMatch("a", '"a"')).toBe(false);
    expect(noneMatch("", '"a"')).toBe(false);
    expect(noneMatch(undefined, '"a"')).toBe(false);
  });
});

const SPACE = "market";
const LOG = `/v1/spaces/${SPACE}/log`;

/** A sealer stand-in: the checkpoint is cached until `publish`. */
function publishing() {
  const listeners = new Set<(space: string) => void>();
  return {
    status: (): SealerStatus => ({ running: true, spaces: [] }) as unknown as SealerStatus,
    onPublished(listener: (space: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(space: string) {
      for (const l of listeners) l(space);
    },
  };
}

describeBackends("prebuilt answers", (backend) => {
  const sealer = publishing();
  const current = testAppPerTest(backend, { sealer });
  const all = entries(SPACE, 0, 400);

  beforeEach(async () => {
    const { db, vault, signers } = current();
    await addSpaceKey(db, vault, SPACE);
    await appendAndSeal(db, signers, SPACE, all.slice(0, 300));
  });

  it("answers the checkpoint with an ETag, from memory alike, 304 when it matches", async () => {
    const t = current();
    const first = await t.app.inject({ url: `${LOG}/checkpoint` });
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const cached = await t.app.inject({ url: `${LOG}/checkpoint` });
    expect(cached.body).toBe(first.body);
    for (const name of ["etag", "content-type", "cache-control", "content-security-policy"]) {
      expect(cached.headers[name], name).toBe(first.headers[name]);
    }
    expect(cached.headers["x-request-id"]).toBeDefined();
    expect(cached.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const again = await t.app.inject({
        url: `${LOG}/checkpoint`,
        headers: { "if-none-match": tag },
      });
      expect(again.statusCode, tag).toBe(304);
      expect(again.body, tag).toBe("");
      expect(again.headers.etag, tag).toBe(etag);
      expect(again.headers["cache-control"], tag).toBe("no-cache");
    }
    const other = await t.app.inject({
      url: `${LOG}/checkpoint`,
      headers: { "if-none-match": '"other"' },
    });
    expect(other.statusCode).toBe(200);
    expect(other.body).toBe(first.body);

    // A new checkpoint, once the sealer says so: a new body and ETag; the old tag gets a 200.
    await appendAndSeal(t.db, t.signers, SPACE, all.slice(300, 400));
    sealer.publish(SPACE);
    const next = await t.app.inject({
      url: `${LOG}/checkpoint`,
      headers: { "if-none-match": etag },
    });
    expect(next.statusCode).toBe(200);
    expect(next.body).not.toBe(first.body);
    expect(next.headers.etag).not.toBe(etag);
  });

  it("refuses an invalid credential (401) and a bad space (400) even when the answer is cached", async () => {
    const t = current();
    expect((await t.app.inject({ url: `${LOG}/checkpoint` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${LOG}/tile/0/000` })).statusCode).toBe(200);
    for (const url of [`${LOG}/checkpoint`, `${LOG}/tile/0/000`]) {
      const refused = await t.app.inject({
        url,
        headers: { authorization: `Bearer fbk_${"0".repeat(64)}` },
      });
      expect(refused.statusCode, url).toBe(401);
    }
    const bad = await t.app.inject({ url: "/v1/spaces/not%20an%20id/log/checkpoint" });
    expect(bad.statusCode).toBe(400);
  });

  it("answers a full tile with an ETag and 304, and a partial one without caching it", async () => {
    const t = current();
    const first = await t.app.inject({ url: `${LOG}/tile/0/000` });
    expect(first.statusCode).toBe(200);
    expect(first.rawPayload.byteLength).toBe(256 * 32);
    const etag = String(first.headers.etag);
    const cached = await t.app.inject({ url: `${LOG}/tile/0/000` });
    expect(Buffer.compare(cached.rawPayload, first.rawPayload)).toBe(0);
    expect(cached.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(cached.headers["content-type"]).toBe("application/octet-stream");
    const again = await t.app.inject({
      url: `${LOG}/tile/0/000`,
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.byteLength).toBe(0);
    const bundle = await t.app.inject({ url: `${LOG}/tile/entries/000` });
    expect(bundle.headers.etag).not.toBe(etag);
    const partial = await t.app.inject({ url: `${LOG}/tile/0/001.p/44` });
    expect(partial.statusCode).toBe(200);
    expect(partial.headers["cache-control"]).toBe("public, max-age=10");
  });

  it("answers a summary with an ETag and no-cache; a write changes it at once", async () => {
    const t = current();
    const f = await setUpSpace(t, "stays");
    const url = `/v1/spaces/${f.space}/subjects/${f.listing}/summary`;
    const empty = await t.app.inject({ url });
    expect(empty.statusCode).toBe(200);
    expect(empty.headers["cache-control"]).toBe("no-cache");
    expect(String(empty.headers["content-type"])).toBe("application/json; charset=utf-8");
    expect(empty.json()).toMatchObject({ subject: f.listing, published: 0 });
    const etag = String(empty.headers.etag);
    const kept = await t.app.inject({ url, headers: { "if-none-match": etag } });
    expect(kept.statusCode).toBe(304);

    const base = `/v1/spaces/${f.space}`;
    for (const [token, subject, overall] of [
      [f.tokens.guest, f.listing, 4],
      [f.tokens.host, f.guest, 5],
    ] as const) {
      const r = await call(t, "POST", `${base}/reviews`, token, {
        subject,
        interaction: f.interaction,
        overall,
        text: "Fine.",
      });
      expect(r.status).toBe(201);
    }
    const after = await t.app.inject({ url, headers: { "if-none-match": etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ published: 1, overallMean: 4 });
    expect(after.headers.etag).not.toBe(etag);
    const missing = await t.app.inject({ url: `${base}/subjects/nothing-here/summary` });
    expect(missing.statusCode).toBe(404);
  });
});
