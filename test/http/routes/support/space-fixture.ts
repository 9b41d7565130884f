/**
 * A space set up through the public API for the route suites: created by the platform admin, with API
 * keys of every scope, three members (a host who owns a listing, a guest, and a bystander) with member
 * tokens, and an interaction between host and guest. Test helper.
 */
import { memberIdFor } from "../../../../src/domain/ids.js";
import { randomBytes } from "../../../../src/log/crypto.js";
import type { AccessScope } from "../../../../src/store/access/scopes.js";
import { ADMIN_TOKEN, apiKey, bearer, memberTokenMinter, type TestApp } from "../../support/app.js";

/** The fixture's space and credentials. */
export interface SpaceFixture {
  readonly space: string;
  readonly adminKey: string;
  readonly keys: Readonly<Record<AccessScope, string>>;
  readonly host: string;
  readonly guest: string;
  readonly other: string;
  readonly tokens: { readonly host: string; readonly guest: string; readonly other: string };
  readonly listing: string;
  readonly interaction: string;
}

/** Sends a JSON request and returns status and parsed body. */
export async function call(
  t: TestApp,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  token?: string,
  payload?: unknown,
) {
  const response = await t.app.inject({
    method,
    url,
    headers: token === undefined ? {} : bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const body = response.body === "" ? undefined : JSON.parse(response.body);
  return { status: response.statusCode, body, headers: response.headers, raw: response.body };
}

/** Sends and asserts the status, returning the body. */
export async function expectStatus(
  t: TestApp,
  status: number,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  token?: string,
  payload?: unknown,
) {
  const r = await call(t, method, url, token, payload);
  if (r.status !== status) {
    throw new Error(`${method} ${url}: expected ${status}, got ${r.status} ${r.raw.slice(0, 400)}`);
  }
  return r.body;
}

/**
 * Builds the fixture in `t`'s app under the id `space`.
 *
 * @example const f = await setUpSpace(t, "market")
 */
export async function setUpSpace(t: TestApp, space: string): Promise<SpaceFixture> {
  const created = await expectStatus(t, 201, "POST", "/v1/spaces", ADMIN_TOKEN, {
    space,
    name: `The ${space} market`,
  });
  const scopes: AccessScope[] = ["admin", "members", "attest", "moderate", "read"];
  const keys = Object.fromEntries(
    await Promise.all(scopes.map(async (s) => [s, await apiKey(t.db, space, [s])] as const)),
  ) as Record<AccessScope, string>;
  const secret = randomBytes(32);
  const [host, guest, other] = ["host", "guest", "other"].map((u) => memberIdFor(secret, u)) as [
    string,
    string,
    string,
  ];
  const base = `/v1/spaces/${space}`;
  for (const [member, name] of [
    [host, "Hannah Host"],
    [guest, "Gus Guest"],
    [other, "Olive Other"],
  ] as const) {
    await expectStatus(t, 201, "POST", `${base}/members`, keys.members, {
      member,
      displayName: name,
    });
  }
  const listing = "flat-7";
  await expectStatus(t, 201, "POST", `${base}/subjects`, keys.members, {
    subject: listing,
    kind: "listing",
    owner: host,
    name: "Flat 7, canal side",
    description: "private notes of the host",
  });
  const interaction = "booking-1";
  await expectStatus(t, 201, "POST", `${base}/interactions`, keys.attest, {
    interaction,
    occurredAt: Date.now() - 60_000,
    parties: [
      { member: guest, role: "guest", reviews: listing },
      { member: host, role: "host", reviews: guest },
    ],
    kind: "stay",
    reference: "private-ref-42",
  });
  const minter = await memberTokenMinter(t.db, space);
  return {
    space,
    adminKey: created.adminKey,
    keys,
    host,
    guest,
    other,
    tokens: {
      host: await minter.mint(host),
      guest: await minter.mint(guest),
      other: await minter.mint(other),
    },
    listing,
    interaction,
  };
}
