/**
 * Regenerates the screenshots of the web UI in docs/screenshots/ (`npm run screenshots`): a real server
 * serving the built UI, the demo community loaded through the API (src/cli/demo, seed 1, 40 members),
 * two more alerts raised through the API on reviews by the members with the strongest fraud signals (so
 * the queue has an order to show), and Debian's Chromium (web/e2e/browser.ts) visiting each page as the
 * person it is for: a member with a sealed review, the reporter of an alert, the member a decision
 * concerns, a well-rated host (who requests a credential, then imports it on My data of a second space
 * as their prior, kept in the browser with its key), a moderator, and anyone. Each picture is the page at
 * 1280 px wide, cut at MAX_HEIGHT.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { demoClient } from "../../src/cli/demo/client.js";
import { loadCommunity } from "../../src/cli/demo/load-community.js";
import { seededPrng } from "../../src/cli/demo/prng.js";
import { mintMemberToken } from "../../src/cli/token/member-token-key.js";
import { memberIdFor } from "../../src/domain/ids.js";
import { CHROMIUM_SKIP_REASON, openBrowser } from "../e2e/browser.js";
import { startTestServer } from "../e2e/server.js";
import { builtUiDir } from "../e2e/ui-build.js";

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");
const SPACE = "canal-stays";
const HALL = "market-hall";
const MAX_HEIGHT = 2400;

if (CHROMIUM_SKIP_REASON !== undefined) {
  console.error(CHROMIUM_SKIP_REASON);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const server = await startTestServer(await builtUiDir());
const browser = await openBrowser();
try {
  const client = demoClient(server.url);
  const community = await loadCommunity(client, seededPrng("1"), {
    space: SPACE,
    members: 40,
    adminToken: server.adminToken,
    now: Date.now(),
  });
  const token = (member: string) => mintMemberToken(community.tokenKey, SPACE, member);
  const get = async (path: string, credential?: string) =>
    (await client.get(`/v1/spaces/${SPACE}${path}`, credential)) as Record<string, unknown>;

  // The people each page is for, found through the API.
  const sealedAuthor = await firstMember(community.members, async (m) => {
    const mine = (await get(`/members/${m}/reviews`, await token(m))).items as { state: string }[];
    return mine.some((r) => r.state === "sealed") && mine.some((r) => r.state === "revealed");
  });
  const decisions = (await get("/decisions")).items as { statement: { affected: string | null } }[];
  const affected = decisions[0]?.statement.affected ?? sealedAuthor;
  const listing = community.listings[0] as string;
  const owner = String((await get(`/subjects/${listing}`)).owner);
  const connected = await firstMember(community.members, async (m) => {
    if (m === owner) return false;
    const trust = await get(`/trust/${owner}`, await token(m));
    return (trust.paths as unknown[]).length > 1;
  });
  const moderator = String(
    (await client.post(`/v1/spaces/${SPACE}/keys`, community.adminKey, { scopes: ["moderate"] }))
      .key,
  );
  await raiseAlertsOnSuspects(community.listings, community.members, moderator);
  const reporter = String(
    ((await get("/alerts?status=all", moderator)).items as { reporter: string | null }[]).find(
      (a) => a.reporter !== null,
    )?.reporter,
  );
  const reviewId = String(
    ((await get(`/subjects/${listing}/reviews?limit=1`)).items as { review: { id: string } }[])[0]
      ?.review.id,
  );

  const shoot = async (
    page: Page,
    hash: string,
    name: string,
    ready: (p: Page) => Promise<unknown>,
  ) => {
    const target = `${server.url}/${hash}`;
    // The same address again is a same-document navigation that reloads nothing: reload instead.
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    await page.waitForLoadState("networkidle");
    await ready(page);
    const height = await page.evaluate("document.documentElement.scrollHeight");
    await page.screenshot({
      path: join(OUT, `${name}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.min(Number(height), MAX_HEIGHT) },
    });
    console.log(`docs/screenshots/${name}.png`);
  };
  const signedIn = async (credential: { token?: string; key?: string }) => {
    const page = await browser.context.newPage();
    const query =
      credential.token === undefined ? `key=${credential.key}` : `token=${credential.token}`;
    await page.goto(`${server.url}/#/s/${SPACE}/sign-in?${query}`);
    await page.getByTestId("signed-in").waitFor();
    return page;
  };
  const heading = (text: string) => (p: Page) =>
    p.getByRole("heading", { name: text }).first().waitFor();

  const anyone = await browser.context.newPage();
  await shoot(anyone, "#/", "home", heading("Open a space"));
  await shoot(anyone, `#/s/${SPACE}`, "space", heading("What can be reviewed"));
  await shoot(anyone, `#/s/${SPACE}/transparency`, "transparency", (p) =>
    p.getByTestId("replay-verdict").waitFor(),
  );
  await shoot(anyone, `#/s/${SPACE}/log?review=${reviewId}`, "log-explorer", async (p) => {
    await p.getByRole("button", { name: "Verify", exact: true }).click();
    await p.getByTestId("verdict").waitFor();
  });
  const member = await signedIn({ token: await token(connected) });
  await shoot(
    member,
    `#/s/${SPACE}/subjects/${listing}`,
    "subject",
    heading("How you're connected"),
  );
  const author = await signedIn({ token: await token(sealedAuthor) });
  await shoot(author, `#/s/${SPACE}/reviewing`, "reviewing", heading("Reviews about you"));
  const alerter = await signedIn({ token: await token(reporter) });
  await shoot(alerter, `#/s/${SPACE}/vouching`, "vouching", heading("Alerts you raised"));
  const concerned = await signedIn({ token: await token(affected) });
  await shoot(concerned, `#/s/${SPACE}/me`, "my-data", async (p) => {
    await heading("Decisions about you")(p);
    // A credential requested, one claim chosen and presented: what a verifier would learn shows.
    await p.getByRole("button", { name: "Request a credential" }).click();
    await p.getByText(/Issued, valid until/).waitFor();
    await p.getByRole("checkbox", { name: "Disclose space", exact: true }).check();
    await p.getByRole("button", { name: /Present it to a verifier/ }).click();
    await p.getByTestId("credential-report").waitFor();
  });
  // A host whose published reviews (5 or more, averaging 4 or more) make a credential that can be a
  // prior: they request it on My data, and it is kept in this browser with its key.
  const ratings = new Map<string, number[]>();
  for (const l of community.listings) {
    const hostOf = String((await get(`/subjects/${l}`)).owner);
    const items = (await get(`/subjects/${l}/reviews?limit=100`)).items as {
      review: { state: string; overall?: number };
    }[];
    const list = ratings.get(hostOf) ?? [];
    for (const i of items) {
      if (i.review.state === "published" && typeof i.review.overall === "number") {
        list.push(i.review.overall);
      }
    }
    ratings.set(hostOf, list);
  }
  const wellRated = [...ratings].find(
    ([, r]) => r.length >= 5 && r.reduce((a, b) => a + b, 0) / r.length >= 4,
  )?.[0];
  if (wellRated === undefined) throw new Error("no host of the demo is rated well enough");
  const host = await signedIn({ token: await token(wellRated) });
  await host.goto(`${server.url}/#/s/${SPACE}/me`);
  await host.getByRole("button", { name: "Request a credential" }).click();
  await host.getByText(/^Kept in this browser with its key/).waitFor();
  // The same person in a second space of this server, whose policy accepts canal-stays' reputation:
  // the kept credential imports in one click; beside it, the paste-in form for a wallet (nonce shown).
  const hall = await client.post("/v1/spaces", server.adminToken, {
    space: HALL,
    name: "Market Hall",
  });
  const hallKey = String(hall.adminKey);
  await client.post(`/v1/spaces/${HALL}/member-token-keys`, hallKey, {
    jwk: community.tokenKey.publicJwk,
    label: "screenshots",
  });
  const { issuer } = (await (
    await fetch(`${server.url}/.well-known/jwt-vc-issuer/v1/spaces/${SPACE}`)
  ).json()) as { issuer: string };
  const patched = await fetch(`${server.url}/v1/spaces/${HALL}/policy`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${hallKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      priors: {
        accept: [{ issuer, name: "Canal Stays", scale: { min: 1, max: 5 } }],
        maxPseudoReviews: 5,
      },
    }),
  });
  if (!patched.ok) throw new Error(`PATCH policy: ${patched.status} ${await patched.text()}`);
  // No global identifiers: the person has another pseudonym in the hall (issue 6).
  const newcomer = memberIdFor(new Uint8Array(32).fill(7), "newcomer");
  await client.post(`/v1/spaces/${HALL}/members`, hallKey, {
    member: newcomer,
    displayName: "Newcomer",
  });
  await host.goto(
    `${server.url}/#/s/${HALL}/sign-in?token=${await mintMemberToken(community.tokenKey, HALL, newcomer)}`,
  );
  await host.getByTestId("signed-in").waitFor();
  await shoot(host, `#/s/${HALL}/me`, "prior-import", async (p) => {
    await p.getByRole("button", { name: `Import my reputation from ${SPACE}` }).click();
    await p.getByTestId("prior-import-done").waitFor();
    await p.getByTestId("prior-imported").waitFor();
    await p.getByRole("button", { name: "Get a nonce" }).click();
    await p.getByTestId("prior-nonce").waitFor();
  });
  const desk = await signedIn({ key: moderator });
  await shoot(
    desk,
    `#/s/${SPACE}/moderation`,
    "moderation",
    heading("Members with the strongest signals"),
  );
  await desk.getByRole("combobox", { name: "Language" }).selectOption("fr");
  await shoot(
    member,
    `#/s/${SPACE}/subjects/${listing}`,
    "subject-fr",
    heading("Ce qui vous relie"),
  );

  /** An alert, by a member who is not the author, on a review by each of the two most suspicious members. */
  async function raiseAlertsOnSuspects(
    listings: readonly string[],
    members: readonly string[],
    key: string,
  ) {
    const signals = (await get("/signals", key)).signals as { member: string }[];
    for (const suspect of signals.slice(0, 2).map((s) => s.member)) {
      // What they reviewed: listings (as guests) or other members (as hosts).
      for (const l of [...listings, ...members]) {
        const items = (await get(`/subjects/${l}/reviews?limit=100`)).items as {
          review: { id: string; author?: string; state: string };
        }[];
        const review = items.find(
          (i) => i.review.state === "published" && i.review.author === suspect,
        );
        if (review === undefined) continue;
        const reporter = members.find((m) => m !== suspect) as string;
        await client.post(`/v1/spaces/${SPACE}/alerts`, await token(reporter), {
          target: { kind: "review", id: review.review.id },
          category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
          explanation:
            "This account posted several reviews on the day it joined; please check this one.",
          goodFaith: true,
        });
        break;
      }
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

async function firstMember(
  members: readonly string[],
  test: (m: string) => Promise<boolean>,
): Promise<string> {
  for (const m of members) if (await test(m)) return m;
  throw new Error("no member of the demo fits");
}
