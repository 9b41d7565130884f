/**
 * The authorization matrix of the space resources: every route × every role, against a table kept as
 * data (ALLOWED below). "Denied" means the guard refused (401/403 without a domain `rule`); "allowed"
 * means the request got past the guards (a domain refusal may still follow: those rules are the happy
 * path suites' concern). Then the privacy checks: for every read route and every role, a sealed review
 * (id, text and rating) never shows except to its author, and the reporter of an alert is never shown
 * to the reported member. Every route is checked to be in /openapi.json.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "../../store/support/backends.js";
import { ADMIN_TOKEN, memberTokenMinter, openTestApp, type TestApp } from "../support/app.js";
import { call, expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

type Role =
  | "anonymous"
  | "self"
  | "member"
  | "foreignMember"
  | "admin"
  | "members"
  | "attest"
  | "moderate"
  | "read"
  | "foreignKey"
  | "platform";

const ROLES: readonly Role[] = [
  "anonymous",
  "self",
  "member",
  "foreignMember",
  "admin",
  "members",
  "attest",
  "moderate",
  "read",
  "foreignKey",
  "platform",
];

// A member token of another space is refused even on public routes: a presented credential that does
// not verify here is a 401, never silently anonymous.
const EVERYONE = ROLES.filter((r) => r !== "foreignMember");
const MEMBERS: Role[] = ["self", "member"];
const KEYS_ALL: Role[] = ["admin", "members", "attest", "moderate", "read"];

interface Route {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** With :space, :member (the guest: "self"), :review (the guest's sealed review), :alert… */
  readonly path: string;
  readonly body?: (f: SpaceFixture) => unknown;
  readonly allowed: readonly Role[];
  /** Roles past the guards that the domain refuses as unauthorized (403 with a `rule`). */
  readonly domainDenied?: readonly Role[];
}

/** The table: which roles get past the guards of each route. */
const ALLOWED: readonly Route[] = [
  {
    method: "POST",
    path: "/v1/spaces",
    allowed: ["platform"],
    body: () => ({ space: "s2", name: "S" }),
  },
  { method: "GET", path: "/v1/spaces/:space", allowed: EVERYONE },
  { method: "POST", path: "/v1/spaces/:space/reveals", allowed: ["admin"], body: () => ({}) },
  {
    method: "POST",
    path: "/v1/spaces/:space/members",
    allowed: ["admin", "members"],
    body: () => ({ member: "AAAAAAAAAAAAAAAAAAAAAA", displayName: "New" }),
  },
  { method: "GET", path: "/v1/spaces/:space/members", allowed: KEYS_ALL },
  { method: "GET", path: "/v1/spaces/:space/members/:member", allowed: EVERYONE },
  {
    method: "GET",
    path: "/v1/spaces/:space/members/:member/interactions",
    allowed: ["self", ...KEYS_ALL],
  },
  { method: "GET", path: "/v1/spaces/:space/members/:member/vouches", allowed: EVERYONE },
  {
    method: "POST",
    path: "/v1/spaces/:space/subjects",
    allowed: ["admin", "members"],
    body: (f) => ({ subject: "new-subject", kind: "product", owner: f.host, name: "Kettle" }),
  },
  { method: "GET", path: "/v1/spaces/:space/subjects", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/subjects/:subject", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/subjects/:subject/reviews", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/subjects/:subject/summary", allowed: EVERYONE },
  {
    method: "POST",
    path: "/v1/spaces/:space/interactions",
    allowed: ["admin", "attest"],
    body: (f) => ({
      interaction: "b-matrix",
      occurredAt: Date.now() - 1000,
      parties: [{ member: f.other, role: "buyer", reviews: f.listing }],
    }),
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/interactions/:interaction",
    allowed: [...MEMBERS, ...KEYS_ALL],
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/interactions/:interaction/disputes",
    allowed: MEMBERS,
    body: () => ({ explanation: "not me" }),
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/reviews",
    allowed: MEMBERS,
    body: (f) => ({ subject: f.listing, overall: 3, text: "organic" }),
  },
  { method: "GET", path: "/v1/spaces/:space/reviews/:review", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/reviews/:review/status", allowed: MEMBERS },
  {
    method: "PUT",
    path: "/v1/spaces/:space/reviews/:review",
    allowed: MEMBERS,
    body: () => ({ overall: 2, text: "edited" }),
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/reviews/:review/reply",
    allowed: MEMBERS,
    body: () => ({ text: "reply" }),
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/vouches",
    allowed: MEMBERS,
    body: (f) => ({ vouchee: f.host, scope: "met-in-person" }),
  },
  { method: "DELETE", path: "/v1/spaces/:space/vouches/:vouch", allowed: MEMBERS },
  {
    method: "POST",
    path: "/v1/spaces/:space/alerts",
    allowed: [...MEMBERS, "admin", "moderate"],
    body: (f) => ({
      target: { kind: "subject", id: f.listing },
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      explanation: "x",
      goodFaith: true,
    }),
  },
  { method: "GET", path: "/v1/spaces/:space/alerts", allowed: ["admin", "moderate"] },
  {
    method: "GET",
    path: "/v1/spaces/:space/alerts/:alert",
    allowed: [...MEMBERS, "admin", "moderate"],
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/alerts/:alert/resolution",
    allowed: ["admin", "moderate"],
    body: () => ({ outcome: "no-action", decision: null, message: "ok" }),
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/decisions",
    allowed: ["admin", "moderate"],
    body: (f) => ({
      target: { kind: "subject", id: f.listing },
      decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
      incompatibleContentGround: "terms",
      category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
      territorialScope: ["FR"],
      decisionFacts: "facts",
      automatedDetection: false,
      automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
      decisionVisibility: ["DECISION_VISIBILITY_CONTENT_LABELLED"],
    }),
  },
  { method: "GET", path: "/v1/spaces/:space/decisions", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/decisions/:decision", allowed: EVERYONE },
  {
    method: "POST",
    path: "/v1/spaces/:space/appeals",
    allowed: MEMBERS,
    body: () => ({ target: { kind: "alert", id: "none" }, explanation: "why" }),
  },
  { method: "GET", path: "/v1/spaces/:space/appeals", allowed: [...MEMBERS, ...KEYS_ALL] },
  { method: "GET", path: "/v1/spaces/:space/appeals/:appeal", allowed: [...MEMBERS, ...KEYS_ALL] },
  {
    method: "POST",
    path: "/v1/spaces/:space/appeals/:appeal/decision",
    allowed: ["admin", "moderate"],
    body: () => ({ outcome: "upheld", reasons: "r", humanReviewed: true }),
  },
  // Last: erasure changes who the tokens are.
  {
    method: "DELETE",
    path: "/v1/spaces/:space/members/:member",
    allowed: ["self", "admin", "members"],
    domainDenied: ["member"],
  },
];

interface World {
  readonly t: TestApp;
  readonly f: SpaceFixture;
  readonly tokens: Readonly<Record<Role, string | undefined>>;
  readonly ids: Readonly<Record<string, string>>;
  readonly sealedText: string;
}

async function buildWorld(t: TestApp): Promise<World> {
  const f = await setUpSpace(t, "market");
  const foreign = await setUpSpace(t, "elsewhere");
  const minter = await memberTokenMinter(t.db, "elsewhere");
  const base = "/v1/spaces/market";
  const sealedText = "A sealed verdict nobody may read yet.";
  const review = await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.guest, {
    subject: f.listing,
    interaction: f.interaction,
    overall: 2,
    text: sealedText,
  });
  const alert = await expectStatus(t, 201, "POST", `${base}/alerts`, f.tokens.guest, {
    target: { kind: "member", id: f.host },
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    explanation: "Asked to be paid outside the platform.",
    goodFaith: true,
  });
  const vouch = await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.guest, {
    vouchee: f.other,
    scope: "met-in-person",
  });
  const decision = await expectStatus(t, 201, "POST", `${base}/decisions`, f.keys.moderate, {
    target: { kind: "member", id: f.host },
    decisionGround: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
    incompatibleContentGround: "Terms §2",
    incompatibleContentExplanation: "Payments go through the platform.",
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    territorialScope: ["FR"],
    decisionFacts: "Messages show a request to pay in cash.",
    automatedDetection: false,
    automatedDecision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    decisionMonetary: "DECISION_MONETARY_SUSPENSION",
  });
  const appeal = await expectStatus(t, 201, "POST", `${base}/appeals`, f.tokens.host, {
    target: { kind: "decision", id: decision.decision },
    explanation: "It was a misunderstanding.",
  });
  return {
    t,
    f,
    sealedText,
    tokens: {
      anonymous: undefined,
      self: f.tokens.guest,
      member: f.tokens.other,
      foreignMember: await minter.mint(foreign.guest),
      admin: f.keys.admin,
      members: f.keys.members,
      attest: f.keys.attest,
      moderate: f.keys.moderate,
      read: f.keys.read,
      foreignKey: foreign.keys.admin,
      platform: ADMIN_TOKEN,
    },
    ids: {
      space: "market",
      member: f.guest,
      subject: f.listing,
      interaction: f.interaction,
      review: review.review,
      alert: alert.alert,
      vouch: vouch.vouch,
      decision: decision.decision,
      appeal: appeal.appeal,
    },
  };
}

function urlOf(route: Route, ids: Readonly<Record<string, string>>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `:${name}`);
}

function refusedByGuard(r: { status: number; body: { rule?: unknown } | undefined }): boolean {
  return (r.status === 401 || r.status === 403) && r.body?.rule === undefined;
}

describeBackends("space routes: authorization matrix", (backend) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(await openTestApp(backend));
  }, 60_000);
  afterAll(async () => {
    await world?.t.app.close();
    await world?.t.database.dispose();
  });

  it("reads: no role sees a sealed review but its author; the reported member never sees the reporter", async () => {
    const { t, f, tokens, ids, sealedText } = world;
    for (const route of ALLOWED.filter((r) => r.method === "GET")) {
      for (const role of ROLES) {
        const r = await call(t, "GET", urlOf(route, ids), tokens[role]);
        if (role === "self") continue;
        const label = `${route.path} as ${role}`;
        expect(r.raw, label).not.toContain(sealedText);
        expect(r.raw, label).not.toContain('"overall":2');
        // A URL naming the review is echoed in a problem's `instance`; elsewhere its id must not show.
        if (!route.path.includes(":review")) expect(r.raw, label).not.toContain(ids.review);
        else expect(r.status, label).toBeGreaterThanOrEqual(400);
      }
    }
    for (const url of [`/v1/spaces/market/alerts/${ids.alert}`, "/v1/spaces/market/alerts"]) {
      const r = await call(t, "GET", url, f.tokens.host);
      expect(r.raw).not.toContain(f.guest);
    }
    const list = await expectStatus(
      t,
      200,
      "GET",
      `/v1/spaces/market/subjects/${f.listing}/summary`,
    );
    expect(list.published).toBe(0);
  });

  it.each(ALLOWED.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_, route) => {
    const { t, f, tokens, ids } = world;
    const outcomes: string[] = [];
    for (const role of ROLES) {
      const r = await call(t, route.method, urlOf(route, ids), tokens[role], route.body?.(f));
      expect(r.status, `${route.path} as ${role}: ${r.raw.slice(0, 200)}`).toBeLessThan(500);
      if (route.domainDenied?.includes(role)) {
        if (r.status !== 403 || r.body?.rule === undefined)
          outcomes.push(`${role}: expected a domain 403, got ${r.status}`);
        continue;
      }
      const allowed = !refusedByGuard(r);
      if (allowed !== route.allowed.includes(role)) {
        outcomes.push(
          `${role}: expected ${route.allowed.includes(role) ? "allow" : "deny"}, got ${r.status} ${r.raw.slice(0, 160)}`,
        );
      }
    }
    expect(outcomes).toEqual([]);
  });

  it("documents every route of the table in /openapi.json", async () => {
    const doc = JSON.parse((await world.t.app.inject({ url: "/openapi.json" })).body);
    for (const route of ALLOWED) {
      const path = route.path.replace(
        /:(\w+)/g,
        (_, n: string) => `{${n === "space" || n === "member" ? n : "id"}}`,
      );
      expect(
        doc.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${path}`,
      ).toBeDefined();
    }
  });
});
