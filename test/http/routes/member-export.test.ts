/**
 * The member export (`GET /v1/spaces/{space}/me`) against a scripted member history, on both backends.
 * The archive is read by Python's zipfile, not by Fabrique, and checked independently: the manifest's
 * signature with the log key fetched from the server, every file's SHA-256, every JSON file against the
 * JSON Schema the archive ships, every receipt and inclusion proof against the signed checkpoint. Then
 * what must and must not be in it: every entry of the member's (from the log itself), nothing private of
 * anyone else's, no sealed review of someone else's, no reporter of an alert about them; the portable
 * scope without derived or inferred data; the access log with the operator's reads and the exports.
 */
import { createHash } from "node:crypto";
import { Value } from "typebox/value";
import { expect, it } from "vitest";
import { memberOfRef } from "../../../src/domain/actor.js";
import { decodeEntry } from "../../../src/domain/entry.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { decodeBase64Strict } from "../../../src/log/encoding/base64.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import { verifyReceipt, verifyReceiptInclusion } from "../../../src/log/receipt/index.js";
import { readEntries } from "../../../src/store/log/entries.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { openExportNote } from "../../../src/store/member-export/manifest.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends } from "../../store/support/backends.js";
import { unzip } from "../../support/unzip.js";
import { apiKey, bearer, memberTokenMinter, type TestApp, testAppPerTest } from "../support/app.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

const GUEST_REVIEW = "Spotless flat, lovely canal view";
const SEALED_ABOUT_GUEST = "Guest left late, sealed opinion";
const ALERT_TEXT = "Olive thinks this review is fake";

interface History {
  readonly f: SpaceFixture;
  /** Log indices of the guest's own writes. */
  readonly guestWrites: number[];
  /** Log indices of writes that are not the guest's (their entries must stay out). */
  readonly othersWrites: number[];
}

/** A history around the guest: theirs, about them, and others' that must not leak. */
async function script(t: TestApp): Promise<History> {
  const f = await setUpSpace(t, "stays");
  const base = `/v1/spaces/${f.space}`;
  const guestWrites: number[] = [];
  const othersWrites: number[] = [];
  const write = async (who: number[], token: string, url: string, body: unknown) => {
    const answer = await expectStatus(t, 201, "POST", `${base}${url}`, token, body);
    who.push(...(answer.indices as number[]));
    return answer;
  };
  const review = await write(guestWrites, f.tokens.guest, "/reviews", {
    subject: f.listing,
    interaction: f.interaction,
    overall: 5,
    text: GUEST_REVIEW,
  });
  await write(othersWrites, f.tokens.host, "/reviews", {
    subject: f.guest,
    interaction: f.interaction,
    overall: 4,
    text: "Tidy guest",
  });
  await write(guestWrites, f.tokens.guest, "/vouches", { vouchee: f.host, scope: "hosted-me" });
  // The operator's backend relaying for the guest: the guest's entry too (member:<id>;via=operator:…).
  const relayed = await t.app.inject({
    method: "POST",
    url: `${base}/vouches`,
    headers: {
      ...bearer(await apiKey(t.db, f.space, ["relay"])),
      "fabrique-on-behalf-of": f.guest,
    },
    payload: { vouchee: f.other, scope: "met-in-person" },
  });
  expect(relayed.statusCode, relayed.body).toBe(201);
  guestWrites.push(...(JSON.parse(relayed.body).indices as number[]));
  await write(othersWrites, f.tokens.other, "/vouches", {
    vouchee: f.guest,
    scope: "met-in-person",
    note: "Olive's private note",
  });
  // A second stay, other with guest: other's review of the guest stays sealed (guest has not reviewed).
  await write(othersWrites, f.keys.attest, "/interactions", {
    interaction: "stay-2",
    occurredAt: Date.now() - 30_000,
    parties: [
      { member: f.other, role: "host", reviews: f.guest },
      { member: f.guest, role: "guest", reviews: f.other },
    ],
    reference: "private-ref-of-stay-2",
  });
  await write(othersWrites, f.tokens.other, "/reviews", {
    subject: f.guest,
    interaction: "stay-2",
    overall: 2,
    text: SEALED_ABOUT_GUEST,
  });
  // An interaction without the guest, with the operator's private reference.
  await write(othersWrites, f.keys.attest, "/interactions", {
    interaction: "stay-3",
    occurredAt: Date.now() - 20_000,
    parties: [{ member: f.other, role: "guest", reviews: f.listing }],
    reference: "private-ref-of-stay-3",
  });
  await write(othersWrites, f.tokens.other, "/alerts", {
    target: { kind: "review", id: review.review },
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    explanation: ALERT_TEXT,
    goodFaith: true,
  });
  const decision = await write(othersWrites, f.keys.moderate, "/decisions", {
    target: { kind: "review", id: review.review },
    decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    incompatibleContentGround: "terms, section 4",
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    territorialScope: ["FR"],
    decisionFacts: "The review repeats a competitor's text",
    incompatibleContentExplanation: "Copied reviews mislead readers",
    automatedDetection: false,
    automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    decisionVisibility: ["DECISION_VISIBILITY_CONTENT_LABELLED"],
  });
  await write(guestWrites, f.tokens.guest, "/appeals", {
    target: { kind: "decision", id: decision.decision },
    explanation: "I wrote it myself after my stay",
  });
  return { f, guestWrites, othersWrites };
}

/** The member's archive, once the space is sealed as `fabrique serve`'s sealer keeps it (unless not). */
async function exportOf(t: TestApp, token: string, scope?: string, seal = true) {
  if (seal) await sealSpace(t.db, t.signers, "stays");
  const url = `/v1/spaces/stays/me${scope === undefined ? "" : `?scope=${scope}`}`;
  const response = await t.app.inject({ method: "GET", url, headers: bearer(token) });
  if (response.statusCode !== 200)
    throw new Error(`export: ${response.statusCode} ${response.body}`);
  expect(response.headers["content-type"]).toBe("application/zip");
  return unzip(response.rawPayload);
}

async function logKey(t: TestApp, space: string): Promise<string> {
  return (await t.app.inject({ url: `/v1/spaces/${space}/log/key` })).body.trim();
}

function json(files: Map<string, Buffer>, name: string) {
  const bytes = files.get(name);
  if (bytes === undefined) throw new Error(`no ${name} in the archive`);
  return JSON.parse(bytes.toString("utf8"));
}

describeBackends("member export", (backend) => {
  const current = testAppPerTest(backend);

  it("signs a manifest that lists every file by hash, and every file fits its schema", async () => {
    const t = current();
    const { f } = await script(t);
    const files = await exportOf(t, f.tokens.guest);
    const vkey = await logKey(t, f.space);

    const manifestBytes = files.get("manifest.json") as Buffer;
    const note = openExportNote(String(files.get("manifest.sig")), vkey, manifestBytes);
    expect(note.member).toBe(f.guest);
    const manifest = JSON.parse(manifestBytes.toString());
    const listed = new Map<string, { sha256: string; bytes: number; schema: string | null }>(
      manifest.files.map((x: { path: string }) => [x.path, x]),
    );
    expect([...listed.keys(), "manifest.json", "manifest.sig"].sort()).toEqual(
      [...files.keys()].sort(),
    );
    for (const [path, entry] of listed) {
      const bytes = files.get(path) as Buffer;
      expect(createHash("sha256").update(bytes).digest("hex"), path).toBe(entry.sha256);
      expect(bytes.length).toBe(entry.bytes);
      if (entry.schema === null) continue;
      const schema = json(files, entry.schema);
      const data = json(files, path);
      expect(
        Value.Check(schema, data),
        `${path}: ${[...Value.Errors(schema, data)].map((e) => e.message).join("; ")}`,
      ).toBe(true);
      for (const r of data.records)
        expect(["provided", "observed", "derived", "inferred"]).toContain(r.dataOrigin);
    }
    // A changed manifest no longer opens.
    const altered = Buffer.from(manifestBytes.toString().replace(f.guest, f.other));
    expect(() => openExportNote(String(files.get("manifest.sig")), vkey, altered)).toThrow();
    expect(String(files.get("README.html"))).toContain("Spotless flat, lovely canal view");
  });

  it("holds every entry of the member's, each proven against the checkpoint, and none of others'", async () => {
    const t = current();
    const { f, guestWrites, othersWrites } = await script(t);
    const files = await exportOf(t, f.tokens.guest);
    const vkey = await logKey(t, f.space);
    const checkpoint = openCheckpoint(String(files.get("log/checkpoint")), {
      logVerifier: verifierFromKey(vkey),
    }).checkpoint;
    const events = json(files, "log/events.json").records as {
      logIndex: number;
      receipt: string;
      inclusionProof: string[];
      leafHash: string;
    }[];

    // Expected from the log itself: entries the guest acted in, joined by, or is a party to.
    const size = (await readLogState(t.db.kysely, f.space)).size;
    expect(checkpoint.size).toBe(size);
    const expected: number[] = [];
    for (const e of await readEntries(t.db.kysely, f.space, 0, size)) {
      const d = decodeEntry(e.entry);
      if (!d.ok) throw d.error;
      const pub = d.value.public as { member?: string; parties?: { member: string }[] };
      const theirs =
        memberOfRef(d.value.actor) === f.guest ||
        (d.value.type === "member.joined" && pub.member === f.guest) ||
        (d.value.type === "interaction.recorded" && pub.parties?.some((p) => p.member === f.guest));
      if (theirs) expected.push(e.index);
    }
    const indices = events.map((e) => e.logIndex);
    expect(indices).toEqual(expected);
    for (const i of guestWrites) expect(indices).toContain(i);
    // stay-2 names the guest as a party (attested with them); every other write of others stays out.
    const stay2 = othersWrites.filter((i) => expected.includes(i));
    expect(stay2).toHaveLength(1);
    for (const i of othersWrites) if (!stay2.includes(i)) expect(indices).not.toContain(i);

    for (const e of events) {
      const receipt = verifyReceipt(e.receipt, vkey);
      expect(receipt.index).toBe(e.logIndex);
      expect(Buffer.from(receipt.leafHash).toString("base64")).toBe(e.leafHash);
      verifyReceiptInclusion(
        receipt,
        checkpoint,
        e.inclusionProof.map((p) => decodeBase64Strict(p)),
      );
    }
  });

  it("gives entries after the latest checkpoint their receipt and no proof, and signs no checkpoint itself", async () => {
    const t = current();
    const { f } = await script(t);
    await sealSpace(t.db, t.signers, f.space);
    const sealed = (await readLogState(t.db.kysely, f.space)).size;
    await expectStatus(t, 201, "POST", `/v1/spaces/${f.space}/vouches`, f.tokens.guest, {
      vouchee: f.other,
      scope: "hosted-me",
    });
    const files = await exportOf(t, f.tokens.guest, undefined, false);
    const events = json(files, "log/events.json").records as {
      logIndex: number;
      receipt: string;
      inclusionProof: string[] | null;
    }[];
    const late = events.filter((e) => e.logIndex >= sealed);
    expect(late).toHaveLength(1);
    expect(late[0]?.inclusionProof).toBeNull();
    verifyReceipt(late[0]?.receipt ?? "", await logKey(t, f.space));
    expect(events.filter((e) => e.logIndex < sealed).every((e) => e.inclusionProof !== null)).toBe(
      true,
    );
    expect(json(files, "manifest.json").log.checkpoint.size).toBe(sealed);
    expect(String(files.get("README.html"))).toContain("have their receipt but no proof yet");
    // The export published nothing: the latest checkpoint is still the one the test sealed.
    const checkpoint = (await t.app.inject({ url: `/v1/spaces/${f.space}/log/checkpoint` })).body;
    expect(checkpoint.split("\n")[1]).toBe(String(sealed));
  });

  it("shows what others wrote about the member as the public sees it, and nothing private of theirs", async () => {
    const t = current();
    const { f } = await script(t);
    const files = await exportOf(t, f.tokens.guest);
    const all = [...files.entries()]
      .filter(([name]) => name !== "manifest.sig")
      .map(([, b]) => b.toString("utf8"))
      .join("\n");
    for (const secret of [
      SEALED_ABOUT_GUEST,
      ALERT_TEXT,
      "Olive Other",
      "Hannah Host",
      "Olive's private note",
      "private-ref-of-stay-3",
      "private notes of the host",
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    const received = json(files, "data/reviews-received.json").records;
    expect(received.map((r: { reviewBody: string }) => r.reviewBody)).toEqual(["Tidy guest"]);
    const written = json(files, "data/reviews-written.json").records;
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      reviewBody: GUEST_REVIEW,
      state: "published",
      dataOrigin: "provided",
    });
    const alerts = json(files, "data/alerts.json").records;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      role: "concerned",
      explanation: null,
      dataOrigin: "observed",
    });
    expect(JSON.stringify(alerts)).not.toContain(f.other);
    const vouches = json(files, "data/vouches.json").records;
    // Given: to the host with the guest's token, to Olive relayed by the operator.
    expect(vouches.map((v: { direction: string }) => v.direction).sort()).toEqual([
      "given",
      "given",
      "received",
    ]);
    const interactions = json(files, "data/interactions.json").records;
    expect(interactions.map((i: { id: string }) => i.id).sort()).toEqual([f.interaction, "stay-2"]);
    expect(json(files, "data/member.json").records[0]).toMatchObject({
      id: f.guest,
      displayName: "Gus Guest",
    });
    const retention = json(files, "data/retention.json").records;
    expect(retention.length).toBeGreaterThan(0);
    // The default policy keeps interactions 730 days: the guest's own dispute-free records follow it.
    const decisions = json(files, "data/decisions.json").records;
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      dataOrigin: "inferred",
      texts: { decisionFacts: "The review repeats a competitor's text" },
    });
    expect(json(files, "data/appeals.json").records[0]).toMatchObject({
      explanation: "I wrote it myself after my stay",
      dataOrigin: "provided",
    });
    const reputation = json(files, "derived/reputation.json").records;
    expect(
      reputation.map((r: { itemReviewed: { identifier: string } }) => r.itemReviewed.identifier),
    ).toEqual([f.guest]);
    expect(reputation[0].ratingCount).toBe(1);
    // The principles are read from the computation's provenance: its prior, its weights, its log size.
    const principles = reputation[0].principles.join("\n");
    expect(principles).toContain(`${reputation[0].prior.strength} reviews`);
    expect(principles).toContain(
      `rater's credibility (${reputation[0].provenance.params.credibility})`,
    );
    expect(principles).toContain(`first ${reputation[0].provenance.logSize} entries`);
  });

  it("portable scope keeps provided and observed data only", async () => {
    const t = current();
    const { f } = await script(t);
    const files = await exportOf(t, f.tokens.guest, "portable");
    expect(
      [...files.keys()].filter(
        (n) =>
          n.startsWith("derived/reputation") ||
          n.startsWith("derived/signals") ||
          n === "data/decisions.json",
      ),
    ).toEqual([]);
    const manifest = json(files, "manifest.json");
    expect(manifest.scope).toBe("portable");
    for (const entry of manifest.files) {
      if (entry.records === null) continue;
      for (const r of json(files, entry.path).records)
        expect(["provided", "observed"]).toContain(r.dataOrigin);
    }
  });

  it("logs operator reads and exports in the member's access log", async () => {
    const t = current();
    const { f } = await script(t);
    await expectStatus(t, 200, "GET", `/v1/spaces/${f.space}/members/${f.guest}`, f.keys.read);
    await expectStatus(t, 200, "GET", `/v1/spaces/${f.space}/members`, f.keys.admin);
    // A member reading their own record is not an access by someone else.
    await expectStatus(t, 200, "GET", `/v1/spaces/${f.space}/members/${f.guest}`, f.tokens.guest);
    await exportOf(t, f.tokens.guest, "portable");
    const files = await exportOf(t, f.tokens.guest);
    const log = json(files, "access-log.json").records as {
      who: string;
      action: string;
      what: string;
      allMembers: boolean;
    }[];
    const reads = log.filter((a) => a.action === "read");
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      what: `GET /v1/spaces/${f.space}/members/${f.guest}`,
      allMembers: false,
    });
    expect(reads[0]?.who).toMatch(/^operator key [0-9a-f]{16}/);
    expect(reads[1]).toMatchObject({ what: `GET /v1/spaces/${f.space}/members`, allMembers: true });
    expect(log.filter((a) => a.action === "export").map((a) => a.who)).toEqual(["you", "you"]);
  });

  it("refuses anyone but a member of the space, and a member the space does not have", async () => {
    const t = current();
    const { f } = await script(t);
    expect((await call(t, "GET", `/v1/spaces/${f.space}/me`)).status).toBe(401);
    expect((await call(t, "GET", `/v1/spaces/${f.space}/me`, f.keys.admin)).status).toBe(403);
    const stranger = memberIdFor(randomBytes(32), "nobody");
    const token = await (await memberTokenMinter(t.db, f.space)).mint(stranger);
    const answer = await call(t, "GET", `/v1/spaces/${f.space}/me`, token);
    expect(answer.status).toBe(404);
    expect(
      (await call(t, "GET", `/v1/spaces/${f.space}/me?scope=everything`, f.tokens.guest)).status,
    ).toBe(400);
  });
});
