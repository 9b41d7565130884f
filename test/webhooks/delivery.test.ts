/**
 * Webhook deliveries end to end over the space service and a real receiver on 127.0.0.1: outbox rows
 * are written in the events' own transaction (a refused command writes none), the worker signs each
 * POST per Standard Webhooks (checked by the receiver's independent verifier), payloads hold public
 * fields only, a 500 is retried with backoff until a 2xx, N failures give up, timeouts and refused
 * connections count as failures, and a deleted subscription's pending deliveries are cancelled. The
 * receivers listen on 127.0.0.1, so these workers allow private targets, except where the refusal of
 * non-public targets (SSRF) is the subject: an IP literal, and a name whose resolved addresses are
 * checked at connection time. On both backends; the worker's clock is the test's, so backoff is exact
 * rather than slept.
 */
import { afterEach, expect, it } from "vitest";
import { memberIdFor } from "../../src/domain/ids.js";
import {
  startWebhookWorker,
  type WebhookWorkerOptions,
} from "../../src/http/webhooks/delivery-worker.js";
import type { Database } from "../../src/store/database.js";
import { readLogState } from "../../src/store/log/log-state.js";
import { listDeliveries } from "../../src/store/webhooks/deliveries.js";
import { createWebhook, deleteWebhook } from "../../src/store/webhooks/subscriptions.js";
import { admin, membersKey, SECRET } from "../domain/support/world.js";
import { type TestService, testService } from "../store/space/support/service.js";
import { describeBackends, freshDatabasePerTest } from "../store/support/backends.js";
import { type Receiver, startReceiver, verifiesStandardWebhook } from "./support/receiver.js";

const SPACE = "stays";
const ada = memberIdFor(SECRET, "ada");
const bea = memberIdFor(SECRET, "bea");

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function receiver(script: readonly (number | "hang")[]): Promise<Receiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

async function spaceWithService(db: Database): Promise<TestService> {
  const s = testService(db);
  const created = await s.service.createSpace({ space: SPACE, name: "Stays" }, admin);
  expect(created.ok).toBe(true);
  return s;
}

async function subscribe(s: TestService, url: string, eventTypes: readonly string[]) {
  return createWebhook(s.db.kysely, s.vault, { space: SPACE, url, eventTypes }, new Date(s.now));
}

async function outboxRows(db: Database) {
  return db.kysely.selectFrom("webhook_deliveries").selectAll().orderBy("log_index").execute();
}

function worker(s: TestService, extra: Partial<WebhookWorkerOptions> = {}) {
  return startWebhookWorker({
    db: s.db,
    vault: s.vault,
    clock: () => s.now,
    random: () => 0.5,
    poll: false,
    retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
    // The test receivers listen on loopback.
    allowPrivateTargets: true,
    ...extra,
  });
}

/** A resolver that knows `names` only, like a DNS zone the test controls. */
function resolverOf(names: Readonly<Record<string, readonly string[]>>) {
  return async (hostname: string) => {
    const addresses = names[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`no ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

describeBackends("webhook deliveries", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("writes outbox rows with the events and none for a refused command or an unselected type", async () => {
    const s = await spaceWithService(current().db);
    const hook = await subscribe(s, "http://127.0.0.1:9/hook", ["member.*"]);
    await subscribe(s, "http://127.0.0.1:9/other", ["review.revealed"]);

    const joined = await s.service.execute(SPACE, membersKey, "joinMember", {
      member: ada,
      displayName: "Ada Private",
    });
    if (!joined.ok) throw new Error(joined.error.message);
    const refused = await s.service.execute(SPACE, membersKey, "joinMember", {
      member: "not-a-member-id",
      displayName: "Nope",
    });
    expect(refused.ok).toBe(false);

    const rows = await outboxRows(current().db);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.webhook_id).toBe(hook.info.id);
    expect(row?.event_type).toBe("member.joined");
    expect(Number(row?.log_index)).toBe(joined.indices[0]);
    expect(row?.status).toBe("pending");
    // Public fields only: the display name is the event's private part.
    expect(row?.body).not.toContain("Ada Private");
    const body = JSON.parse(row?.body ?? "null");
    expect(body.type).toBe("member.joined");
    expect(body.data).toMatchObject({
      space: SPACE,
      index: joined.indices[0],
      id: joined.events[0]?.id,
    });
    expect(body.data.commitment).toBe(joined.events[0]?.commitment);
  });

  it("commits nothing of a command whose outbox write fails: one transaction", async () => {
    const s = await spaceWithService(current().db);
    await subscribe(s, "http://127.0.0.1:9/hook", ["*"]);
    const size = (await readLogState(current().db.kysely, SPACE)).size;
    // Break the outbox: the command's events must not commit without their deliveries.
    await current().db.kysely.schema.alterTable("webhook_deliveries").renameTo("gone").execute();
    await expect(
      s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "A" }),
    ).rejects.toThrow();
    expect((await readLogState(current().db.kysely, SPACE)).size).toBe(size);
    const members = await current().db.kysely.selectFrom("event_private").selectAll().execute();
    expect(members.filter((m) => m.type === "member.joined")).toHaveLength(0);
  });

  it("delivers signed POSTs the receiver verifies independently, retrying a 500 until a 200", async () => {
    const s = await spaceWithService(current().db);
    const r = await receiver([500, 200]);
    const hook = await subscribe(s, r.url, ["member.joined"]);
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    const w = worker(s);

    expect(await w.runOnce()).toBe(1);
    let [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
    expect(d?.status).toBe("pending");
    expect(d?.attempts.map((a) => a.statusCode)).toEqual([500]);
    // Base 1000 ms with the jitter at its middle: the retry is due exactly one second later.
    expect(d?.nextAttemptAt).toBe(new Date(s.now + 1000).toISOString());
    s.now += 999;
    expect(await w.runOnce()).toBe(0);
    s.now += 1;
    expect(await w.runOnce()).toBe(1);

    [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
    expect(d?.status).toBe("delivered");
    expect(d?.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(r.received).toHaveLength(2);
    for (const got of r.received) {
      expect(verifiesStandardWebhook(hook.secret, got.headers, got.body)).toBe(true);
      expect(got.headers["webhook-id"]).toBe(d?.id);
      expect(got.headers["content-type"]).toBe("application/json");
    }
    expect(r.received[1]?.headers["webhook-timestamp"]).toBe(String(Math.floor(s.now / 1000)));
    expect(verifiesStandardWebhook(hook.secret, r.received[0]?.headers ?? {}, "{}")).toBe(false);
    expect(await w.runOnce()).toBe(0);
  });

  it("gives up after N failed attempts, recording each status, and a 410 at once", async () => {
    const s = await spaceWithService(current().db);
    const failing = await receiver([503]);
    const gone = await receiver([410]);
    const a = await subscribe(s, failing.url, ["member.joined"]);
    const b = await subscribe(s, gone.url, ["member.joined"]);
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    const w = worker(s);
    for (let i = 0; i < 5; i++) {
      await w.runOnce();
      s.now += 60_000;
    }
    const [da] = await listDeliveries(current().db.kysely, SPACE, a.info.id);
    expect(da?.status).toBe("failed");
    expect(da?.attempts.map((x) => x.statusCode)).toEqual([503, 503, 503]);
    expect(da?.finishedAt).toBeDefined();
    expect(failing.received).toHaveLength(3);
    const [db] = await listDeliveries(current().db.kysely, SPACE, b.info.id);
    expect(db?.status).toBe("failed");
    expect(db?.attempts.map((x) => x.statusCode)).toEqual([410]);
  });

  it("counts timeouts and refused connections as failed attempts with their error", async () => {
    const s = await spaceWithService(current().db);
    const hanging = await receiver(["hang"]);
    const closed = await receiver([200]);
    const closedUrl = closed.url;
    await closed.close();
    receivers = receivers.filter((x) => x !== closed);
    const a = await subscribe(s, hanging.url, ["member.joined"]);
    const b = await subscribe(s, closedUrl, ["member.joined"]);
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    expect(await worker(s, { timeoutMs: 300 }).runOnce()).toBe(2);
    const [da] = await listDeliveries(current().db.kysely, SPACE, a.info.id);
    expect(da?.status).toBe("pending");
    expect(da?.attempts[0]?.error).toMatch(/timeout after 300 ms/);
    expect(da?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(250);
    const [dbb] = await listDeliveries(current().db.kysely, SPACE, b.info.id);
    expect(dbb?.attempts[0]?.error).toMatch(/ECONNREFUSED/);
    expect(dbb?.attempts[0]?.statusCode).toBeUndefined();
  });

  it("cancels a deleted subscription's pending deliveries and writes no new ones", async () => {
    const s = await spaceWithService(current().db);
    const r = await receiver([200]);
    const hook = await subscribe(s, r.url, ["*"]);
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    const before = (await outboxRows(current().db)).length;
    expect(before).toBeGreaterThan(0);
    await deleteWebhook(current().db.kysely, SPACE, hook.info.id, new Date(s.now));
    await s.service.execute(SPACE, membersKey, "joinMember", { member: bea, displayName: "Bea" });
    expect(await worker(s).runOnce()).toBe(0);
    const deliveries = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
    expect(deliveries).toHaveLength(before);
    expect(deliveries.every((d) => d.status === "cancelled")).toBe(true);
    expect(r.received).toHaveLength(0);
  });

  it("refuses a loopback target unless private targets are allowed, sending nothing", async () => {
    const s = await spaceWithService(current().db);
    const r = await receiver([200]);
    const hook = await subscribe(s, r.url, ["member.joined"]);
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    expect(await worker(s, { allowPrivateTargets: false }).runOnce()).toBe(1);
    let [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
    expect(d?.status).toBe("pending");
    expect(d?.attempts[0]?.error).toMatch(/refused: 127\.0\.0\.1 is loopback/);
    expect(d?.attempts[0]?.statusCode).toBeUndefined();
    expect(r.received).toHaveLength(0);
    // The operator's opt-in delivers the retry.
    s.now += 60_000;
    expect(await worker(s).runOnce()).toBe(1);
    [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
    expect(d?.status).toBe("delivered");
    expect(r.received).toHaveLength(1);
  });

  it("checks every address a host name resolves to when it connects", async () => {
    const s = await spaceWithService(current().db);
    const r = await receiver([200]);
    const port = new URL(r.url).port;
    // Names that pass the subscription's check (no IP literal, no localhost name) but resolve inward.
    const resolveHost = resolverOf({
      "inward.example.test": ["127.0.0.1"],
      "mixed.example.test": ["93.184.215.14", "10.0.0.7"],
      "metadata.example.test": ["169.254.169.254"],
    });
    const hooks = [];
    for (const name of ["inward", "mixed", "metadata"]) {
      const url = `http://${name}.example.test:${port}/hook`;
      hooks.push(await subscribe(s, url, ["member.joined"]));
    }
    await s.service.execute(SPACE, membersKey, "joinMember", { member: ada, displayName: "Ada" });
    expect(await worker(s, { allowPrivateTargets: false, resolveHost }).runOnce()).toBe(3);
    const errors = [];
    for (const hook of hooks) {
      const [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
      errors.push(d?.attempts[0]?.error);
    }
    expect(errors).toEqual([
      expect.stringMatching(/inward\.example\.test resolves to 127\.0\.0\.1 is loopback/),
      expect.stringMatching(/mixed\.example\.test resolves to 10\.0\.0\.7 is private/),
      expect.stringMatching(/metadata\.example\.test resolves to 169\.254\.169\.254 is link-local/),
    ]);
    expect(r.received).toHaveLength(0);
    // With private targets allowed, the resolver's answer is where a delivery goes (all to the
    // receiver now: no test connects outside this machine).
    s.now += 60_000;
    const home = ["127.0.0.1"];
    const resolveHome = resolverOf({
      "inward.example.test": home,
      "mixed.example.test": home,
      "metadata.example.test": home,
    });
    expect(await worker(s, { resolveHost: resolveHome }).runOnce()).toBe(3);
    for (const hook of hooks) {
      const [d] = await listDeliveries(current().db.kysely, SPACE, hook.info.id);
      expect(d?.status).toBe("delivered");
    }
    expect(r.received).toHaveLength(3);
  });
});
