/**
 * Tamper drills (issue 8): a real server holding a community loaded through its API, auditors that reach
 * it only by URL, and a tlog-witness; then the operator tampers with the database underneath, and each
 * tampering must be caught by `audit follow`, `audit recompute`, `audit report`, `audit prove` or the
 * witness, with a clear report. On both backends; the last test counts detected / attempted.
 *
 *   1. delete a published review's row (the projection), leaving the log alone;
 *   2. alter a published rating in its row;
 *   3. rewrite history: rebuild the log from its events with one review's events left out, projections
 *      made to match, re-signed with the space's own key, so that the space agrees with its new log;
 *   4. split view: the honest log to one auditor, the rewritten one to another.
 * And the witness refuses a checkpoint inconsistent with what it cosigned, across a restart.
 */
import { cp, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { sealerWitnessing } from "../../src/cli/witnessing/sealer-witnessing.js";
import { isStoreError } from "../../src/store/errors.js";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { sealSpace } from "../../src/store/sealer/seal-space.js";
import { sealWitnessedSpace } from "../../src/store/sealer/seal-witnessed.js";
import { memberTokenMinter } from "../http/support/app.js";
import { describeBackends } from "../store/support/backends.js";
import { type AuditedSpace, openAuditedSpace } from "./support/audited-space.js";
import { type StaticServer, startStaticServer } from "./support/static-server.js";
import { injectTransport, startWitness, type TestWitness } from "./support/witness.js";

/** Which drill was caught by what, per backend. */
const tally = new Map<string, { attempted: number; detected: string[] }>();

describeBackends("tamper drills", (backend) => {
  let s: AuditedSpace;
  let witness: TestWitness;
  let apps: FastifyInstance[] = [];
  let statics: StaticServer | undefined;
  /** The drill review: one published review whose entries' receipts the member kept. */
  let kept: { review: string; subject: string; receipts: string[] };

  const record = (drill: string, detectedBy: readonly string[]) => {
    const entry = tally.get(backend.name) ?? { attempted: 0, detected: [] };
    entry.attempted += 1;
    if (detectedBy.length > 0) entry.detected.push(`${drill}: ${detectedBy.join(", ")}`);
    tally.set(backend.name, entry);
  };

  const witnessing = () =>
    sealerWitnessing(
      { threshold: 1, witnesses: [{ url: "https://witness.test/", vkey: witness.verifierKey }] },
      injectTransport(new Map([["witness.test", witness.app]])),
    );

  beforeEach(async () => {
    s = await openAuditedSpace(backend);
    kept = await keptReview(s);
    const signer = await s.t.signers.signerFor(s.t.db.kysely, s.space);
    witness = await startWitness({
      name: "witness.test",
      logs: [{ origin: signer.origin, vkey: signer.verifierKey }],
      stateDir: join(s.dir, "witness"),
    });
    apps = [witness.app];
    // The honest checkpoint, cosigned: what the space publishes from now on.
    const sealed = await sealWitnessedSpace(s.t.db, s.t.signers, s.space, witnessing());
    expect(sealed.kind).toBe("sealed");
    await s.writeFile("witness.vkey", witness.verifierKey);
  }, 120_000);

  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await statics?.close();
    statics = undefined;
    await s?.close();
  });

  afterAll(() => {
    const result = tally.get(backend.name);
    if (result !== undefined) {
      console.info(
        `tamper drills on ${backend.name}: ${result.detected.length} detected / ${result.attempted} attempted\n  ${result.detected.join("\n  ")}`,
      );
    }
  });

  it("1. a deleted review row: audit report and audit recompute name it; the log itself is intact", async () => {
    expect((await s.audit("follow", "auditor", "--once")).code).toBe(0);
    const victim = await publishedReview(s, kept.subject);
    await s.t.db.kysely
      .deleteFrom("reviews")
      .where("space", "=", s.space)
      .where("id", "=", victim)
      .execute();

    const follow = await s.audit("follow", "auditor", "--once");
    expect(follow.code).toBe(0); // the log was not touched: follow has nothing to say

    const report = await s.audit("report", "auditor");
    expect(report.code).toBe(1);
    expect(report.out).toMatch(/reviews\.byState\.published +(\d+) +(\d+) +DIFFERS/);
    const [, log, served] = /reviews\.byState\.published +(\d+) +(\d+)/.exec(report.out) ?? [];
    expect(Number(served)).toBe(Number(log) - 1);

    const recompute = await s.audit("recompute", "auditor", "--subject", kept.subject);
    expect(recompute.code).toBe(1);
    expect(recompute.out).toContain(`DIFFERS  ${kept.subject}`);
    expect(recompute.out).toMatch(/count: the space serves \d+, the log gives \d+/);
    record("deleted review row", ["audit report", "audit recompute"]);
  }, 60_000);

  it("2. an altered rating: audit report and audit recompute name it", async () => {
    const victim = await publishedReview(s, kept.subject);
    const row = await s.t.db.kysely
      .selectFrom("reviews")
      .select("data")
      .where("space", "=", s.space)
      .where("id", "=", victim)
      .executeTakeFirstOrThrow();
    const data = JSON.parse(row.data) as { overall: number };
    const was = data.overall;
    data.overall = was === 5 ? 1 : 5;
    await s.t.db.kysely
      .updateTable("reviews")
      .set({ data: JSON.stringify(data) })
      .where("space", "=", s.space)
      .where("id", "=", victim)
      .execute();

    const report = await s.audit("report", "auditor");
    expect(report.code).toBe(1);
    expect(report.out).toMatch(
      new RegExp(`reviews\\.publishedByRating\\.${data.overall} .*DIFFERS`),
    );
    expect(report.out).toMatch(new RegExp(`reviews\\.publishedByRating\\.${was} .*DIFFERS`));

    const recompute = await s.audit("recompute", "auditor", "--json", "--subject", kept.subject);
    expect(recompute.code).toBe(1);
    const verdict = JSON.parse(recompute.out).subjects[0];
    expect(verdict.kind).toBe("mismatch");
    expect(verdict.differences.map((d: { field: string }) => d.field)).toContain("score");
    record("altered rating", ["audit report", "audit recompute"]);
  }, 60_000);

  it("3. history rewritten without a review: audit follow, the witness and audit prove catch it", async () => {
    expect((await s.audit("follow", "auditor", "--once")).code).toBe(0);
    const honestSize = await checkpointSize(s);
    await rewriteWithout(s, kept.review);
    // The space now agrees with its rewritten log: report and recompute cannot see anything.
    const rewritten = await sealSpace(s.t.db, s.t.signers, s.space);
    expect(rewritten).toMatchObject({ kind: "sealed", size: honestSize - 2 });
    const report = await s.audit("report", "newcomer");
    expect(report.code).toBe(0);

    // The auditor that saw the honest log reports a fork, with both signed checkpoints as evidence.
    const follow = await s.audit("follow", "auditor", "--once");
    expect(follow.code).toBe(1);
    expect(follow.out).toContain("FORK");
    const evidence = await readdir(join(s.dir, "auditor", "evidence"));
    expect(evidence).toHaveLength(1);
    const text = await readFile(join(s.dir, "auditor", "evidence", evidence[0] as string), "utf8");
    expect(text.match(/^— \S+\/spaces\/audited /gm)).toHaveLength(2);

    // The witness, restarted over its state, refuses to cosign the rewritten tree.
    await witness.app.close();
    witness = await startWitness({
      signerKey: witness.signerKey,
      logs: [{ origin: await origin(s), vkey: await logKey(s) }],
      stateDir: join(s.dir, "witness"),
    });
    apps = [witness.app];
    await s.t.db.kysely.deleteFrom("checkpoints").where("space", "=", s.space).execute();
    const refused = await sealWitnessedSpace(s.t.db, s.t.signers, s.space, witnessing()).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(refused, "unavailable")).toBe(true);
    expect((refused as Error).message).toMatch(/witness\.test refused: old-size-mismatch/);

    // The member's receipt of the review proves the log broke it.
    await sealSpace(s.t.db, s.t.signers, s.space);
    await s.writeFile("receipt", kept.receipts[0] as string);
    const prove = await runProve(s);
    expect(prove.code).toBe(1);
    expect(prove.out).toMatch(/BROKEN RECEIPT|NOT IN LOG/);
    record("rewritten history", ["audit follow (fork evidence)", "witness refusal", "audit prove"]);
  }, 60_000);

  it("4. a split view: each auditor alone sees a consistent log; gossip and the witness catch it", async () => {
    // Auditor A mirrors the honest log; the operator keeps a copy to go on showing it to A.
    expect((await s.audit("follow", "A", "--once", "--witness", s.path("witness.vkey"))).code).toBe(
      0,
    );
    const honest = s.path("operator-honest-copy");
    await cp(join(s.dir, "A", "mirror"), honest, { recursive: true });
    await rewriteWithout(s, kept.review);
    await sealSpace(s.t.db, s.t.signers, s.space);
    statics = await startStaticServer();
    statics.mount("honest", honest);

    // A keeps being served the honest view; B, new, is served the rewritten one. Alone, both pass.
    const a = await s.auditAt(`${statics.url("honest")}/`, "follow", "A", "--once");
    expect(a.code).toBe(0);
    const b = await s.audit("follow", "B", "--once");
    expect(b.code).toBe(0);

    // B requires the witness's cosignature: the rewritten checkpoint has none (the witness cosigned
    // the honest one and would refuse this one).
    const witnessed = await s.audit("follow", "B", "--once", "--witness", s.path("witness.vkey"));
    expect(witnessed.code).toBe(1);
    expect(witnessed.out).toContain("UNWITNESSED: 0 of 1 witnesses cosigned the checkpoint");

    // Gossip: B checks its view against A's published mirror: a fork, with evidence.
    const gossip = await s.auditDir(join(s.dir, "A", "mirror"), "follow", "B", "--once");
    expect(gossip.code).toBe(1);
    expect(gossip.out).toContain("FORK");
    record("split view", [
      "audit follow --witness (unwitnessed)",
      "audit follow against a peer's mirror (fork)",
    ]);
  }, 60_000);

  it("counts every drill as detected", () => {
    const result = tally.get(backend.name);
    expect(result?.attempted).toBe(4);
    expect(result?.detected).toHaveLength(4);
  });
});

/**
 * A member of the space submits a one-party review of listing-1 through the API and keeps its receipts;
 * then another interaction is recorded, so the review sits inside the history, not at its end.
 */
async function keptReview(s: AuditedSpace) {
  const api = `${s.base}/v1/spaces/${s.space}`;
  const members = (await getJson(`${api}/members?limit=5`, s.adminKey)) as {
    items: { member: string }[];
  };
  const listing = (await getJson(`${api}/subjects/listing-1`, s.adminKey)) as { owner: string };
  const member = members.items.find((m) => m.member !== listing.owner)?.member as string;
  await postJson(`${api}/interactions`, s.adminKey, {
    interaction: "drill-stay",
    occurredAt: Date.now() - 60_000,
    parties: [{ member, role: "guest", reviews: "listing-1" }],
  });
  const minter = await memberTokenMinter(s.t.db, s.space);
  const written = (await postJson(`${api}/reviews`, await minter.mint(member), {
    subject: "listing-1",
    interaction: "drill-stay",
    overall: 1,
    text: "the heating never worked",
  })) as { review: string; receipts: string[] };
  // Life goes on: the review is not the last thing in the log.
  await postJson(`${api}/interactions`, s.adminKey, {
    interaction: "after-drill-stay",
    occurredAt: Date.now() - 30_000,
    parties: [{ member, role: "guest", reviews: "listing-1" }],
  });
  return { review: written.review, subject: "listing-1", receipts: written.receipts };
}

/** A published review of `subject` other than the kept one (so drills 1 and 2 leave the log's own alone). */
async function publishedReview(s: AuditedSpace, subject: string): Promise<string> {
  const row = await s.t.db.kysely
    .selectFrom("reviews")
    .select("id")
    .where("space", "=", s.space)
    .where("subject", "=", subject)
    .where("revealed_at", "is not", null)
    .where("withdrawn_at", "is", null)
    .where("removed_by", "is", null)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * What a dishonest operator with database access does: rebuild the log from its own entries with the
 * events of `review` left out, delete the review's row so the projections match, and throw away the
 * published checkpoints (the sealer then signs the new tree with the space's key as if it were new).
 */
async function rewriteWithout(s: AuditedSpace, review: string): Promise<void> {
  const db = s.t.db;
  const rows = await db.kysely
    .selectFrom("log_entries")
    .select(["entry"])
    .where("space", "=", s.space)
    .orderBy("idx")
    .execute();
  const keptEntries = rows
    .map((r) => new Uint8Array(r.entry))
    .filter((bytes) => !new TextDecoder().decode(bytes).includes(`"review":"${review}"`));
  expect(keptEntries.length).toBe(rows.length - 2); // review.submitted and review.revealed
  await db.spaceTransaction(s.space, async (w) => {
    for (const table of ["log_entries", "log_nodes", "log_state", "checkpoints"] as const) {
      await w.tx.deleteFrom(table).where("space", "=", s.space).execute();
    }
    await w.tx
      .deleteFrom("reviews")
      .where("space", "=", s.space)
      .where("id", "=", review)
      .execute();
    await appendEntries(w, keptEntries);
  });
}

async function checkpointSize(s: AuditedSpace): Promise<number> {
  const text = await fetch(`${s.logUrl}checkpoint`).then((r) => r.text());
  return Number(text.split("\n")[1]);
}

async function origin(s: AuditedSpace): Promise<string> {
  return (await s.t.signers.signerFor(s.t.db.kysely, s.space)).origin;
}

async function logKey(s: AuditedSpace): Promise<string> {
  return (await s.t.signers.signerFor(s.t.db.kysely, s.space)).verifierKey;
}

function runProve(s: AuditedSpace) {
  return s.auditRaw([
    "prove",
    ...["--url", s.logUrl, "--vkey", s.vkeyFile, "--receipt", s.path("receipt")],
  ]);
}

async function getJson(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function postJson(url: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}
