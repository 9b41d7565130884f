/**
 * The webhook routes: admin API keys of the space only (anonymous 401; other scopes, member tokens,
 * other spaces' keys and the platform admin 403), the whsec_ secret in the creation's answer and nowhere
 * after, validation of URLs and event patterns, deletion, and the deliveries listing; URLs on
 * non-public addresses refused unless the server allows private targets (SSRF). On both backends.
 */
import { expect, it } from "vitest";
import { parseWebhookSecret } from "../../src/store/webhooks/secret.js";
import {
  ADMIN_TOKEN,
  apiKey,
  bearer,
  memberTokenMinter,
  openTestApp,
  problemOfResponse,
  testAppPerTest,
} from "../http/support/app.js";
import { describeBackends } from "../store/support/backends.js";

describeBackends("webhook routes", (backend) => {
  const current = testAppPerTest(backend);
  const base = "/v1/spaces/stays/webhooks";
  const body = { url: "https://hooks.example.com/in", eventTypes: ["review.revealed", "alert.*"] };

  it("admits admin API keys of the space only", async () => {
    const { app, db } = current();
    const other = await apiKey(db, "stays", ["members", "moderate", "attest", "read"]);
    const elsewhere = await apiKey(db, "other", ["admin"]);
    const member = await (await memberTokenMinter(db, "stays")).mint("AAAAAAAAAAAAAAAAAAAAAA");
    const post = (headers: Record<string, string>) =>
      app.inject({ method: "POST", url: base, headers, payload: body });
    expect((await post({})).statusCode).toBe(401);
    for (const token of [other, elsewhere, member, ADMIN_TOKEN]) {
      expect((await post(bearer(token))).statusCode).toBe(403);
      expect((await app.inject({ url: base, headers: bearer(token) })).statusCode).toBe(403);
    }
  });

  it("shows the secret once, lists and deletes without it", async () => {
    const { app, db } = current();
    const admin = bearer(await apiKey(db, "stays", ["admin"]));
    const created = await app.inject({ method: "POST", url: base, headers: admin, payload: body });
    expect(created.statusCode).toBe(201);
    const { secret, webhook } = created.json();
    expect(parseWebhookSecret(secret)).toHaveLength(32);
    expect(webhook).toMatchObject({ space: "stays", url: body.url, eventTypes: body.eventTypes });
    expect(created.headers.location).toBe(`${base}/${webhook.id}`);

    const list = await app.inject({ url: base, headers: admin });
    expect(list.json().webhooks).toEqual([webhook]);
    const one = await app.inject({ url: `${base}/${webhook.id}`, headers: admin });
    expect(one.json()).toEqual(webhook);
    for (const r of [list, one]) expect(r.body).not.toContain("whsec_");

    const deliveries = await app.inject({
      url: `${base}/${webhook.id}/deliveries`,
      headers: admin,
    });
    expect(deliveries.json()).toEqual({ deliveries: [] });

    const deleted = await app.inject({
      method: "DELETE",
      url: `${base}/${webhook.id}`,
      headers: admin,
    });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).toBeDefined();
    expect((await app.inject({ url: base, headers: admin })).json().webhooks).toEqual([]);
    const missing = `${base}/wh_0000000000000000`;
    expect((await app.inject({ url: missing, headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ url: `${missing}/deliveries`, headers: admin })).statusCode).toBe(
      404,
    );
  });

  it("refuses unknown event types, non-http URLs and URLs with credentials", async () => {
    const { app, db } = current();
    const admin = bearer(await apiKey(db, "stays", ["admin"]));
    for (const payload of [
      { ...body, eventTypes: ["review.typo"] },
      { ...body, eventTypes: ["nothing.*"] },
      { ...body, eventTypes: [] },
      { ...body, url: "ftp://hooks.example.com/in" },
      { ...body, url: "https://user:pass@hooks.example.com/in" },
      { ...body, url: "not a url" },
      { ...body, extra: true },
    ]) {
      const r = await app.inject({ method: "POST", url: base, headers: admin, payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it("refuses URLs on private, loopback and link-local addresses, and localhost names", async () => {
    const { app, db } = current();
    const admin = bearer(await apiKey(db, "stays", ["admin"]));
    for (const url of INWARD_URLS) {
      const r = await app.inject({
        method: "POST",
        url: base,
        headers: admin,
        payload: { ...body, url },
      });
      expect(r.statusCode, url).toBe(400);
      expect(String(problemOfResponse(r).detail), url).toMatch(
        /public address.*FABRIQUE_WEBHOOK_ALLOW_PRIVATE/,
      );
    }
    expect((await app.inject({ url: base, headers: admin })).json().webhooks).toEqual([]);
  });

  it("accepts them when the server allows private targets", async () => {
    const t = await openTestApp(backend, { config: { allowPrivateWebhookTargets: true } });
    try {
      const admin = bearer(await apiKey(t.db, "stays", ["admin"]));
      for (const url of INWARD_URLS) {
        const r = await t.app.inject({
          method: "POST",
          url: base,
          headers: admin,
          payload: { ...body, url },
        });
        expect(r.statusCode, url).toBe(201);
      }
    } finally {
      await t.app.close();
      await t.database.dispose();
    }
  });
});

const INWARD_URLS = [
  "http://127.0.0.1:8080/hook",
  "http://2130706433/hook",
  "http://[::1]/hook",
  "http://10.0.0.7/hook",
  "http://192.168.1.20/hook",
  "http://169.254.169.254/latest/meta-data",
  "http://[fd00::1]/hook",
  "http://localhost:3000/hook",
  "http://api.localhost/hook",
];
