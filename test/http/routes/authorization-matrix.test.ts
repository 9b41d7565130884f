/**
 * The authorization matrix of the API: every route × every role, against a table kept as data (ALLOWED
 * below), and every operation of /openapi.json is in the table (a new route cannot go unchecked).
 * "Denied" means the guard refused (401/403 without a domain `rule`); "allowed" means the request got
 * past the guards (a domain refusal may still follow: those rules are the happy path suites' concern).
 * Roles: no credential, the guest's member token ("self"), another member's, a member token of another
 * space, a key of each scope, a key of another space, the platform admin, and operator relays (a relay
 * key acting for the guest, and one of another space). Then the privacy checks: for every read route
 * and every role, a sealed review (text and rating; its id outside the public log) never shows except
 * to its author, and the reporter of an alert is never shown to the reported member.
 */
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseApiKey } from "../../../src/store/access/api-key-format.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { describeBackends } from "../../store/support/backends.js";
import {
  ADMIN_TOKEN,
  apiKey,
  bearer,
  memberTokenMinter,
  openTestApp,
  type TestApp,
} from "../support/app.js";
import { expectStatus, type SpaceFixture, setUpSpace } from "./support/space-fixture.js";

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
  | "platform"
  | "relay"
  | "onBehalf"
  | "foreignRelay";

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
  "relay",
  "onBehalf",
  "foreignRelay",
];

// A member token of another space is refused even on public routes: a presented credential that does
// not verify here is a 401, never silently anonymous; so is a relay that may not act here (403).
const EVERYONE = ROLES.filter((r) => r !== "foreignMember" && r !== "foreignRelay");
// "onBehalf" is a relay key acting for the guest: wherever a member may act, it acts as the guest.
const MEMBERS: Role[] = ["self", "member", "onBehalf"];
// "relay" is the relay key without the header: an operator key (every scope holds read).
const KEYS_ALL: Role[] = ["admin", "members", "attest", "moderate", "read", "relay"];
// Routes outside a space: a member token is valid only on its space's routes, a relay only in a space.
const OUTSIDE_SPACES: Role[] = ["anonymous", ...KEYS_ALL, "foreignKey", "platform"];

interface Route {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /**
   * With :space, :member (the guest: "self"), :review (the guest's sealed review), :alert…; `*` is the
   * rest of a wildcard route, `wildcard` in the URL sent.
   */
  readonly path: string;
  readonly wildcard?: string;
  readonly query?: string;
  /** A route of the public log: its entries name every event's ids, sealed reviews' included. */
  readonly publicLog?: boolean;
  readonly body?: (f: SpaceFixture) => unknown;
  readonly allowed: readonly Role[];
  /** Roles past the guards that the domain refuses as unauthorized (403 with a `rule`). */
  readonly domainDenied?: readonly Role[];
}

/** The table: which roles get past the guards of each route. */
const ALLOWED: readonly Route[] = [
  { method: "GET", path: "/healthz", allowed: OUTSIDE_SPACES },
  { method: "GET", path: "/readyz", allowed: OUTSIDE_SPACES },
  {
    method: "POST",
    path: "/v1/spaces",
    allowed: ["platform"],
    body: () => ({ space: "s2", name: "S" }),
  },
  { method: "GET", path: "/v1/spaces/:space", allowed: EVERYONE },
  {
    method: "PATCH",
    path: "/v1/spaces/:space/policy",
    allowed: ["admin"],
    body: () => ({ doubleBlindDays: 14 }),
  },
  { method: "POST", path: "/v1/spaces/:space/reveals", allowed: ["admin"], body: () => ({}) },
  { method: "GET", path: "/v1/spaces/:space/whoami", allowed: [...MEMBERS, ...KEYS_ALL] },
  {
    method: "POST",
    path: "/v1/spaces/:space/keys",
    allowed: ["admin", "platform"],
    body: () => ({ scopes: ["read"], label: "matrix" }),
  },
  { method: "GET", path: "/v1/spaces/:space/keys", allowed: ["admin", "platform"] },
  {
    method: "POST",
    path: "/v1/spaces/:space/member-token-keys",
    allowed: ["admin", "platform"],
    body: (f) => ({ jwk: (f as SpaceFixture & { spareJwk: unknown }).spareJwk }),
  },
  { method: "GET", path: "/v1/spaces/:space/member-token-keys", allowed: ["admin", "platform"] },
  {
    method: "POST",
    path: "/v1/spaces/:space/webhooks",
    allowed: ["admin"],
    body: () => ({ url: "https://hooks.example.com/fabrique", eventTypes: ["review.*"] }),
  },
  { method: "GET", path: "/v1/spaces/:space/webhooks", allowed: ["admin"] },
  { method: "GET", path: "/v1/spaces/:space/webhooks/:webhook", allowed: ["admin"] },
  { method: "GET", path: "/v1/spaces/:space/webhooks/:webhook/deliveries", allowed: ["admin"] },
  { method: "GET", path: "/v1/spaces/:space/log/checkpoint", allowed: EVERYONE, publicLog: true },
  { method: "GET", path: "/v1/spaces/:space/log/key", allowed: EVERYONE, publicLog: true },
  { method: "GET", path: "/v1/spaces/:space/log/checkpoints", allowed: EVERYONE, publicLog: true },
  {
    method: "GET",
    path: "/v1/spaces/:space/log/receipts/:index",
    allowed: EVERYONE,
    publicLog: true,
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/log/tile/*",
    wildcard: "0/000.p/3",
    allowed: EVERYONE,
    publicLog: true,
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/log/tile/entries/*",
    wildcard: "000.p/3",
    allowed: EVERYONE,
    publicLog: true,
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/log/proof/inclusion",
    query: "index=0&size=3",
    allowed: EVERYONE,
    publicLog: true,
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/log/proof/consistency",
    query: "from=1&to=3",
    allowed: EVERYONE,
    publicLog: true,
  },
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
    allowed: ["self", "onBehalf", ...KEYS_ALL],
  },
  { method: "GET", path: "/v1/spaces/:space/members/:member/vouches", allowed: EVERYONE },
  // A member's own lists (the web UI): sealed reviews with their status, alerts as their reporter sees them.
  {
    method: "GET",
    path: "/v1/spaces/:space/members/:member/reviews",
    allowed: ["self", "onBehalf"],
  },
  {
    method: "GET",
    path: "/v1/spaces/:space/members/:member/alerts",
    allowed: ["self", "onBehalf"],
  },
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
  { method: "GET", path: "/v1/spaces/:space/subjects/:subject/reputation", allowed: EVERYONE },
  { method: "GET", path: "/v1/spaces/:space/trust/:member", allowed: MEMBERS },
  { method: "GET", path: "/v1/spaces/:space/signals", allowed: ["admin", "moderate"] },
  { method: "GET", path: "/v1/spaces/:space/moderation-queue", allowed: ["admin", "moderate"] },
  {
    method: "POST",
    path: "/v1/spaces/:space/trust/recompute",
    allowed: ["admin", "moderate"],
    body: () => ({ flag: false }),
  },
  { method: "GET", path: "/v1/spaces/:space/transparency-report", allowed: EVERYONE },
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
  { method: "GET", path: "/v1/spaces/:space/vouches/:vouch", allowed: EVERYONE },
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
  // Issue 6: a member's export and portable reputation. A member token of the space exports its own
  // member; revoking index 1 (no credential there) is past the guards when it answers 404.
  { method: "GET", path: "/v1/spaces/:space/me", allowed: MEMBERS },
  {
    method: "POST",
    path: "/v1/spaces/:space/me/credentials",
    allowed: MEMBERS,
    body: (f) => ({ holderKeys: [(f as SpaceFixture & { spareJwk: unknown }).spareJwk] }),
  },
  { method: "GET", path: "/v1/spaces/:space/credentials/status-list", allowed: EVERYONE },
  {
    method: "POST",
    path: "/v1/spaces/:space/credentials/:index/revocation",
    allowed: [...MEMBERS, "admin"],
    body: () => ({}),
  },
  { method: "GET", path: "/.well-known/jwt-vc-issuer/v1/spaces/:space", allowed: EVERYONE },
  // Imported priors: only the member, on their own. A nonce that was never given is past the guards
  // when it is refused as credential.wrong-nonce; withdrawing an import that is not there, as
  // prior.exists.
  { method: "POST", path: "/v1/spaces/:space/me/prior/nonce", allowed: MEMBERS },
  { method: "GET", path: "/v1/spaces/:space/me/prior", allowed: MEMBERS },
  {
    method: "POST",
    path: "/v1/spaces/:space/me/prior",
    allowed: MEMBERS,
    body: () => ({ presentation: "not a presentation", nonce: "never-given-1" }),
  },
  {
    method: "POST",
    path: "/v1/spaces/:space/me/prior/withdrawal",
    allowed: MEMBERS,
    body: () => ({ prior: "no-prior" }),
  },
  {
    method: "POST",
    path: "/v1/verify/credential",
    allowed: OUTSIDE_SPACES,
    body: () => ({ presentation: "not a presentation", audience: "aud", nonce: "n-12345678" }),
  },
  // Last: they remove what earlier routes read. Erasure changes who the tokens are.
  {
    method: "DELETE",
    path: "/v1/spaces/:space/reviews/:review",
    allowed: MEMBERS,
    domainDenied: ["member"],
  },
  { method: "DELETE", path: "/v1/spaces/:space/webhooks/:webhook", allowed: ["admin"] },
  { method: "DELETE", path: "/v1/spaces/:space/keys/:key", allowed: ["admin", "platform"] },
  {
    method: "DELETE",
    path: "/v1/spaces/:space/member-token-keys/:kid",
    allowed: ["admin", "platform"],
  },
  {
    method: "DELETE",
    path: "/v1/spaces/:space/members/:member",
    allowed: ["self", "onBehalf", "admin", "members"],
    domainDenied: ["member"],
  },
];

/** A role's credential: a bearer token and, for relays, the header naming the member. */
interface RoleCredential {
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

interface World {
  readonly t: TestApp;
  readonly f: SpaceFixture & { readonly spareJwk: unknown };
  readonly tokens: Readonly<Record<Role, RoleCredential>>;
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
  // Things the DELETE routes remove, none of them a credential the roles use.
  const spareKey = parseApiKey(await apiKey(t.db, "market", ["read"]))?.id ?? "";
  const spareTokenKey = await memberTokenMinter(t.db, "market");
  const webhook = await expectStatus(t, 201, "POST", `${base}/webhooks`, f.keys.admin, {
    url: "https://hooks.example.com/matrix",
    eventTypes: ["*"],
  });
  const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const { kty, crv, x } = await exportJWK(publicKey);
  await sealSpace(t.db, t.signers, "market");
  const relay = await apiKey(t.db, "market", ["relay"]);
  const onBehalf = { "fabrique-on-behalf-of": f.guest };
  return {
    t,
    f: { ...f, spareJwk: { kty, crv, x } },
    sealedText,
    tokens: {
      anonymous: {},
      self: { token: f.tokens.guest },
      member: { token: f.tokens.other },
      foreignMember: { token: await minter.mint(foreign.guest) },
      admin: { token: f.keys.admin },
      members: { token: f.keys.members },
      attest: { token: f.keys.attest },
      moderate: { token: f.keys.moderate },
      read: { token: f.keys.read },
      foreignKey: { token: foreign.keys.admin },
      platform: { token: ADMIN_TOKEN },
      relay: { token: relay },
      onBehalf: { token: relay, headers: onBehalf },
      foreignRelay: { token: await apiKey(t.db, "elsewhere", ["relay"]), headers: onBehalf },
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
      key: spareKey,
      index: "1",
      kid: spareTokenKey.kid,
      webhook: webhook.webhook.id,
    },
  };
}

function urlOf(route: Route, ids: Readonly<Record<string, string>>): string {
  const path = route.path
    .replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `:${name}`)
    .replace("*", route.wildcard ?? "*");
  return route.query === undefined ? path : `${path}?${route.query}`;
}

/** The route as /openapi.json spells it: `{space}`, `{member}`, `{kid}`, `{*}`, other ids `{id}`. */
function documentedPath(path: string): string {
  return path
    .replace(
      /:(\w+)/g,
      (_, n: string) => `{${["space", "member", "kid", "index"].includes(n) ? n : "id"}}`,
    )
    .replace("*", "{*}");
}

async function send(
  t: TestApp,
  route: Route,
  url: string,
  credential: RoleCredential,
  payload?: unknown,
) {
  const response = await t.app.inject({
    method: route.method,
    url,
    headers: {
      ...(credential.token === undefined ? {} : bearer(credential.token)),
      ...credential.headers,
    },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const json = response.headers["content-type"]?.toString().includes("json") === true;
  return {
    status: response.statusCode,
    body: json && response.body !== "" ? JSON.parse(response.body) : undefined,
    raw: response.body,
  };
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
        const r = await send(t, route, urlOf(route, ids), tokens[role]);
        // The author, and a relay acting for the author, see what they wrote.
        if (role === "self" || role === "onBehalf") continue;
        const label = `${route.path} as ${role}`;
        expect(r.raw, label).not.toContain(sealedText);
        expect(r.raw, label).not.toContain('"overall":2');
        // A URL naming the review is echoed in a problem's `instance`; the public log names every
        // event's ids (its commitments hide the content); elsewhere the id must not show.
        if (route.path.includes(":review")) expect(r.status, label).toBeGreaterThanOrEqual(400);
        else if (route.publicLog !== true) expect(r.raw, label).not.toContain(ids.review);
      }
    }
    for (const url of [`/v1/spaces/market/alerts/${ids.alert}`, "/v1/spaces/market/alerts"]) {
      const route: Route = { method: "GET", path: url, allowed: [] };
      const r = await send(t, route, url, { token: f.tokens.host });
      expect(r.raw).not.toContain(f.guest);
      const relayed = await send(t, route, url, {
        ...tokens.onBehalf,
        headers: { "fabrique-on-behalf-of": f.host },
      });
      expect(relayed.raw).not.toContain(f.guest);
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
      const r = await send(t, route, urlOf(route, ids), tokens[role], route.body?.(f));
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

  it("documents every route of the table in /openapi.json, and the table holds every operation", async () => {
    const doc = JSON.parse((await world.t.app.inject({ url: "/openapi.json" })).body);
    const tabled = new Set(
      ALLOWED.map((r) => `${r.method.toLowerCase()} ${documentedPath(r.path)}`),
    );
    for (const key of tabled) {
      const [method = "", path = ""] = key.split(" ");
      expect(doc.paths[path]?.[method], key).toBeDefined();
    }
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.filter((operation) => !tabled.has(operation))).toEqual([]);
  });
});
