/**
 * Idempotency-Key exactly once, through the app on both backends, across the window a crash opens
 * between a write's commit and the storing of its answer. The window is made real with a database
 * trigger that refuses to store answers (the onSend hook's write fails, as it would if the process died
 * there): the claim is left as the write's transaction committed it, applied with its entries' indices.
 * A retry, at once or after the lease, must not run again (the log does not grow) and must get the
 * first answer, rebuilt from the log; POST /v1/spaces, whose answer held an admin key shown once,
 * answers 410 instead. A claim whose write never committed is still taken over after its lease. The
 * same path answers every retry of a successful log write, whose answer is not stored at all.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { memberIdFor } from "../../src/domain/ids.js";
import type { Database } from "../../src/store/database.js";
import { describeBackends } from "../store/support/backends.js";
import { type SpaceFixture, setUpSpace } from "./routes/support/space-fixture.js";
import {
  ADMIN_TOKEN,
  bearer,
  problemOfResponse,
  type TestApp,
  testAppPerTest,
} from "./support/app.js";

const LEASE_MS = 60_000;
const SECRET = new Uint8Array(32).fill(5);
const member = (name: string) => memberIdFor(SECRET, name);

describeBackends("Idempotency-Key across a crash after the commit", (backend) => {
  let offset = 0;
  const current = testAppPerTest(backend, { clock: () => Date.now() + offset });

  /**
   * From now on, `event` on `table` (when `when` holds of the new row) fails, as a crash at that point
   * would leave it: not done. Undone by `heal`.
   */
  async function crashAt(
    db: Database,
    name: string,
    event: "insert" | "update" | "delete",
    table: string,
    when?: string,
  ): Promise<void> {
    const id = sql.id(name);
    if (db.dialect === "sqlite") {
      const condition = when === undefined ? sql`` : sql`when ${sql.raw(when)}`;
      await sql`create trigger ${id} before ${sql.raw(event)} on ${sql.id(table)} ${condition}
        begin select raise(abort, 'simulated crash'); end`.execute(db.kysely);
      return;
    }
    await sql`create or replace function simulated_crash() returns trigger language plpgsql as
      $$ begin raise exception 'simulated crash'; end $$`.execute(db.kysely);
    const condition = when === undefined ? sql`` : sql`when (${sql.raw(when)})`;
    await sql`create trigger ${id} before ${sql.raw(event)} on ${sql.id(table)} for each row
      ${condition} execute function simulated_crash()`.execute(db.kysely);
  }

  async function heal(db: Database, name: string, table: string): Promise<void> {
    if (db.dialect === "sqlite") await sql`drop trigger ${sql.id(name)}`.execute(db.kysely);
    else await sql`drop trigger ${sql.id(name)} on ${sql.id(table)}`.execute(db.kysely);
  }

  /** Storing an answer fails: a crash after the write's commit, before the answer was kept. */
  const loseAnswers = (db: Database) =>
    crashAt(db, "lose_answers", "update", "idempotency_keys", "new.state = 'done'");
  const keepAnswers = (db: Database) => heal(db, "lose_answers", "idempotency_keys");

  async function logSize(t: TestApp, space: string): Promise<number> {
    const rows = await t.db.kysely
      .selectFrom("log_entries")
      .select("idx")
      .where("space", "=", space)
      .execute();
    return rows.length;
  }

  async function claimRow(t: TestApp, key: string) {
    return t.db.kysely
      .selectFrom("idempotency_keys")
      .select(["state", "applied", "status"])
      .where("idem_key", "=", key)
      .executeTakeFirstOrThrow();
  }

  const post = (t: TestApp, url: string, token: string, key: string, payload: object) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...bearer(token), "idempotency-key": key },
      payload,
    });

  /** One write of each kind of answer: an id from the input, an id minted, none, the system actor's. */
  function writes(f: SpaceFixture) {
    const base = `/v1/spaces/${f.space}`;
    return [
      {
        name: "a member joins (the id is the input's)",
        url: `${base}/members`,
        token: f.keys.members,
        payload: { member: member("mia"), displayName: "Mia" },
      },
      {
        name: "a review (the id is minted by the command)",
        url: `${base}/reviews`,
        token: f.tokens.guest,
        payload: { subject: f.listing, interaction: f.interaction, overall: 4, text: "Quiet." },
      },
      {
        name: "an alert (minted id, Location from it)",
        url: `${base}/alerts`,
        token: f.tokens.other,
        payload: {
          target: { kind: "subject", id: f.listing },
          category: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
          explanation: "The listing advertises a flat that does not exist.",
          goodFaith: true,
        },
      },
      {
        name: "a reveal run by the system actor (nothing due: no entries)",
        url: `${base}/reveals`,
        token: f.keys.admin,
        payload: {},
      },
    ];
  }

  it("answers a retry from the log, at once and after the lease, and never writes twice", async () => {
    const t = current();
    offset = 0;
    const f = await setUpSpace(t, "market");
    await loseAnswers(t.db);
    const firsts = [];
    for (const [i, w] of writes(f).entries()) {
      const first = await post(t, w.url, w.token, `crash-${i}`, w.payload);
      expect(first.statusCode, `${w.name}: ${first.body}`).toBeLessThan(300);
      const row = await claimRow(t, `crash-${i}`);
      expect(row.state, w.name).toBe("applied");
      expect(row.status, w.name).toBeNull();
      expect(JSON.parse(String(row.applied)), w.name).toEqual(first.json().indices);
      firsts.push(first);
    }
    const size = await logSize(t, f.space);
    await keepAnswers(t.db);

    for (const [i, w] of writes(f).entries()) {
      const first = firsts[i];
      if (first === undefined) throw new Error("no first answer");
      // At once (the lease has not ended), and after it.
      offset = i % 2 === 0 ? 0 : LEASE_MS + 1_000;
      const retry = await post(t, w.url, w.token, `crash-${i}`, w.payload);
      expect(retry.statusCode, w.name).toBe(first.statusCode);
      expect(retry.body, w.name).toBe(first.body);
      expect(retry.headers.location, w.name).toBe(first.headers.location);
      expect(retry.headers["idempotent-replayed"], w.name).toBe("true");
      // The rebuilt answer is stored now: the next retry is a plain replay.
      expect((await claimRow(t, `crash-${i}`)).state, w.name).toBe("done");
      const third = await post(t, w.url, w.token, `crash-${i}`, w.payload);
      expect(third.body, w.name).toBe(first.body);
    }
    expect(await logSize(t, f.space)).toBe(size);
    // The receipts answered again are the log's own.
    const review = firsts[1]?.json() as { indices: number[]; receipts: string[] };
    const fetched = await t.app.inject({
      url: `/v1/spaces/${f.space}/log/receipts/${review.indices[0]}`,
    });
    expect(fetched.json().receipt).toBe(review.receipts[0]);
  });

  it("does not store a log write's answer: the claim applied by the write answers its retry", async () => {
    const t = current();
    offset = 0;
    const f = await setUpSpace(t, "market");
    for (const [i, w] of writes(f).entries()) {
      const first = await post(t, w.url, w.token, `kept-${i}`, w.payload);
      expect(first.statusCode, `${w.name}: ${first.body}`).toBeLessThan(300);
      // No third commit after the write's own: the claim is as the write left it.
      const row = await claimRow(t, `kept-${i}`);
      expect(row.state, w.name).toBe("applied");
      expect(row.status, w.name).toBeNull();
      const size = await logSize(t, f.space);
      const retry = await post(t, w.url, w.token, `kept-${i}`, w.payload);
      expect(retry.statusCode, w.name).toBe(first.statusCode);
      expect(retry.body, w.name).toBe(first.body);
      expect(retry.headers.location, w.name).toBe(first.headers.location);
      expect(retry.headers["idempotent-replayed"], w.name).toBe("true");
      expect(await logSize(t, f.space), w.name).toBe(size);
    }
  });

  it("still refuses the key with another request, and a refused write applies nothing", async () => {
    const t = current();
    offset = 0;
    const f = await setUpSpace(t, "market");
    const url = `/v1/spaces/${f.space}/members`;
    await loseAnswers(t.db);
    const payload = { member: member("noor"), displayName: "Noor" };
    expect((await post(t, url, f.keys.members, "k", payload)).statusCode).toBe(201);
    await keepAnswers(t.db);
    const other = await post(t, url, f.keys.members, "k", { ...payload, displayName: "X" });
    expect(other.statusCode).toBe(422);
    expect(problemOfResponse(other).code).toBe("idempotency-key-reused");
    // The domain refuses a second join (409, which a retry may see differently): the claim was put
    // back to pending in the transaction, then released.
    const size = await logSize(t, f.space);
    const twice = await post(t, url, f.keys.members, "k2", payload);
    expect(twice.statusCode).toBe(409);
    expect(problemOfResponse(twice).rule).toBe("member.unique");
    const rows = await t.db.kysely.selectFrom("idempotency_keys").select("idem_key").execute();
    expect(rows.map((r) => r.idem_key)).toEqual(["k"]);
    expect(await logSize(t, f.space)).toBe(size);
  });

  it("answers a retried space creation 410 and creates nothing again", async () => {
    const t = current();
    offset = 0;
    await loseAnswers(t.db);
    const payload = { space: "lofts", name: "Lofts" };
    const first = await post(t, "/v1/spaces", ADMIN_TOKEN, "create-lofts", payload);
    expect(first.statusCode).toBe(201);
    await keepAnswers(t.db);
    const keys = await t.db.kysely.selectFrom("access_keys").select("key_id").execute();
    for (const later of [0, LEASE_MS + 1_000]) {
      offset = later;
      const retry = await post(t, "/v1/spaces", ADMIN_TOKEN, "create-lofts", payload);
      expect(retry.statusCode).toBe(410);
      const problem = problemOfResponse(retry);
      expect(problem.code).toBe("idempotency-answer-lost");
      expect(String(problem.detail)).toContain(`log entries ${first.json().indices.join(", ")}`);
    }
    expect(await logSize(t, "lofts")).toBe(1);
    expect(await t.db.kysely.selectFrom("access_keys").select("key_id").execute()).toEqual(keys);
  });

  it("runs a retry whose first try never committed, once its lease has ended, once", async () => {
    const t = current();
    offset = 0;
    const f = await setUpSpace(t, "market");
    const url = `/v1/spaces/${f.space}/members`;
    const payload = { member: member("pia"), displayName: "Pia" };
    const size = await logSize(t, f.space);
    // The first try dies before its transaction commits (the log append fails, so it rolls back),
    // and before it could release its claim (the delete fails too): the claim stays pending.
    await crashAt(t.db, "lose_append", "insert", "log_entries");
    await crashAt(t.db, "keep_claims", "delete", "idempotency_keys");
    const first = await post(t, url, f.keys.members, "died", payload);
    expect(first.statusCode).toBeGreaterThanOrEqual(500);
    await heal(t.db, "lose_append", "log_entries");
    await heal(t.db, "keep_claims", "idempotency_keys");
    expect(await claimRow(t, "died")).toMatchObject({ state: "pending", applied: null });
    expect(await logSize(t, f.space)).toBe(size);

    const during = await post(t, url, f.keys.members, "died", payload);
    expect(during.statusCode).toBe(409);
    expect(problemOfResponse(during).code).toBe("idempotency-in-progress");
    offset = LEASE_MS + 1_000;
    const after = await post(t, url, f.keys.members, "died", payload);
    expect(after.statusCode).toBe(201);
    const appended = after.json().indices.length;
    expect(appended).toBeGreaterThan(0);
    expect(await logSize(t, f.space)).toBe(size + appended);
    expect((await post(t, url, f.keys.members, "died", payload)).body).toBe(after.body);
    expect(await logSize(t, f.space)).toBe(size + appended);
  });
});
