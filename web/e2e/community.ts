/**
 * A small space for the browser tests, set up through the public API as an operator's backend would: a
 * member-token key, a host with a listing, a guest and a bystander, a stay between guest and host, and a
 * moderator key (moderate scope). Tokens live 15 minutes.
 */
import { randomBytes } from "node:crypto";
import { generateMemberTokenKey, mintMemberToken } from "../../src/cli/token/member-token-key.js";
import { memberIdFor } from "../../src/domain/ids.js";

/** The space and the credentials of its people. */
export interface Community {
  readonly space: string;
  readonly listing: string;
  readonly interaction: string;
  readonly members: { readonly host: string; readonly guest: string; readonly other: string };
  readonly tokens: { readonly host: string; readonly guest: string; readonly other: string };
  readonly adminKey: string;
  readonly moderatorKey: string;
}

/**
 * Creates the community `space` on the server at `url`.
 *
 * @example const c = await setUpCommunity(server.url, server.adminToken, "stays")
 */
export async function setUpCommunity(
  url: string,
  adminToken: string,
  space: string,
): Promise<Community> {
  const post = poster(url);
  const s = `/v1/spaces/${space}`;
  const created = await post("/v1/spaces", adminToken, { space, name: "Canal Stays" });
  const adminKey = String(created.adminKey);
  const moderator = await post(`${s}/keys`, adminKey, {
    scopes: ["moderate"],
    label: "moderation desk",
  });
  const tokenKey = await generateMemberTokenKey();
  await post(`${s}/member-token-keys`, adminKey, { jwk: tokenKey.publicJwk, label: "tests" });
  const secret = randomBytes(32);
  const [host, guest, other] = ["host", "guest", "other"].map((u) => memberIdFor(secret, u)) as [
    string,
    string,
    string,
  ];
  for (const [member, name] of [
    [host, "Hannah"],
    [guest, "Gus"],
    [other, "Olive"],
  ] as const) {
    await post(`${s}/members`, adminKey, { member, displayName: name });
  }
  const listing = "flat-7";
  await post(`${s}/subjects`, adminKey, {
    subject: listing,
    kind: "listing",
    owner: host,
    name: "Flat 7, canal side",
  });
  const interaction = "stay-1";
  await post(`${s}/interactions`, adminKey, {
    interaction,
    occurredAt: Date.now() - 86_400_000,
    kind: "stay",
    parties: [
      { member: guest, role: "guest", reviews: listing },
      { member: host, role: "host", reviews: guest },
    ],
  });
  const mint = (member: string) => mintMemberToken(tokenKey, space, member);
  return {
    space,
    listing,
    interaction,
    members: { host, guest, other },
    tokens: { host: await mint(host), guest: await mint(guest), other: await mint(other) },
    adminKey,
    moderatorKey: String(moderator.key),
  };
}

/** A second space whose host has five 5-star reviews: enough for a credential that makes a prior. */
export interface Market {
  readonly space: string;
  /** The issuer identifier of its credentials (its JWT VC Issuer Metadata). */
  readonly issuer: string;
  readonly host: string;
  readonly hostToken: string;
}

/**
 * Creates the space `space` on the server at `url`: a host with a listing that five guests, each after
 * a stay, review 5 stars (one-party stays publish at once).
 *
 * @example const m = await setUpMarket(server.url, server.adminToken, "market")
 */
export async function setUpMarket(url: string, adminToken: string, space: string): Promise<Market> {
  const post = poster(url);
  const s = `/v1/spaces/${space}`;
  const created = await post("/v1/spaces", adminToken, { space, name: "Market Hall" });
  const adminKey = String(created.adminKey);
  const tokenKey = await generateMemberTokenKey();
  await post(`${s}/member-token-keys`, adminKey, { jwk: tokenKey.publicJwk, label: "tests" });
  const secret = randomBytes(32);
  const host = memberIdFor(secret, "host");
  await post(`${s}/members`, adminKey, { member: host, displayName: "Maya" });
  await post(`${s}/subjects`, adminKey, {
    subject: "stall-1",
    kind: "listing",
    owner: host,
    name: "Stall 1, covered market",
  });
  for (let i = 0; i < 5; i++) {
    const guest = memberIdFor(secret, `guest-${i}`);
    await post(`${s}/members`, adminKey, { member: guest, displayName: `Guest ${i}` });
    await post(`${s}/interactions`, adminKey, {
      interaction: `visit-${i}`,
      occurredAt: Date.now() - 86_400_000,
      parties: [{ member: guest, role: "guest", reviews: "stall-1" }],
    });
    await post(`${s}/reviews`, await mintMemberToken(tokenKey, space, guest), {
      subject: "stall-1",
      interaction: `visit-${i}`,
      overall: 5,
      text: `Lovely stall, visit ${i}.`,
    });
  }
  const metadata = await fetch(`${url}/.well-known/jwt-vc-issuer${s}`);
  const { issuer } = (await metadata.json()) as { issuer: string };
  return { space, issuer, host, hostToken: await mintMemberToken(tokenKey, space, host) };
}

/** A POST to the server at `url` with a bearer token, its JSON answer, or an error naming the path. */
function poster(url: string) {
  return async (path: string, token: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
}
