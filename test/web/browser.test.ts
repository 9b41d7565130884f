/**
 * The web UI end to end in a real browser: Debian's Chromium driven by playwright-core against a real
 * server serving the built UI, with the UI's own Content-Security-Policy on. A member reviews after a
 * stay and sees it sealed; the host reviews and both are revealed. A bystander reports a review, a
 * moderator sees the author's Sybil signal in the queue (after trust seeds and a recompute), decides
 * on the alert with a statement of reasons, the author appeals and the moderator reverses. The author downloads their archive, reads it checked in the page, and presents a
 * credential disclosing one claim. The host imports their reputation from a second space as a prior:
 * a credential kept in the browser with its key, then one pasted from a wallet (refused for another
 * audience, with its reason, then accepted), and withdraws it. The log explorer verifies a review in the browser (WebCrypto), the
 * transparency report agrees with the replayed log, and every page, in English and French, has no serious or critical axe
 * violation. No page may log an error (a CSP refusal would). Skipped, saying why, without Chromium.
 * The tests tell one story in order (each starts where the previous one left the space), so run the
 * file whole.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presentSdJwt } from "../../src/credential/index.js";
import { seriousViolations } from "../../web/e2e/axe.js";
import { type Browser, CHROMIUM_SKIP_REASON, openBrowser } from "../../web/e2e/browser.js";
import { type Community, setUpCommunity, setUpMarket } from "../../web/e2e/community.js";
import { startTestServer, type TestServer } from "../../web/e2e/server.js";
import { builtUiDir } from "../../web/e2e/ui-build.js";
import { holder } from "../http/routes/support/credential-holder.js";

const TIMEOUT = 120_000;

describe.skipIf(CHROMIUM_SKIP_REASON !== undefined)(
  `web UI in Chromium${CHROMIUM_SKIP_REASON === undefined ? "" : ` (${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let c: Community;
    const errors: string[] = [];

    beforeAll(async () => {
      server = await startTestServer(await builtUiDir());
      c = await setUpCommunity(server.url, server.adminToken, "stays");
      browser = await openBrowser();
    }, TIMEOUT);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** A new tab (its own sessionStorage), signed in with `credential` when given. */
    async function tab(credential?: { token?: string; key?: string }): Promise<Page> {
      const page = await browser.context.newPage();
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 40[134]/.test(m.text()))
          errors.push(`console: ${m.text()}`);
      });
      if (credential?.token !== undefined) {
        await page.goto(`${server.url}/#/s/${c.space}/sign-in?token=${credential.token}`);
        await page.getByTestId("signed-in").waitFor();
      }
      if (credential?.key !== undefined) {
        await page.goto(`${server.url}/#/s/${c.space}/sign-in?key=${credential.key}`);
        await page.getByTestId("signed-in").waitFor();
      }
      return page;
    }

    /** A JSON call to the space's API at `path` with `key`, failing on any error status. */
    async function call(method: string, path: string, key: string, body: unknown): Promise<void> {
      const res = await fetch(`${server.url}/v1/spaces/${c.space}/${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    }

    /** Shows `hash` in `page`, reloading when it is there already (a same-document navigation reads nothing anew). */
    async function open(page: Page, hash: string): Promise<void> {
      const target = `${server.url}/${hash}`;
      if (page.url() === target) await page.reload();
      else await page.goto(target);
      await page.waitForLoadState("networkidle");
    }

    it(
      "a member reviews after a stay and sees it sealed; the host reviews and both are revealed",
      async () => {
        const guest = await tab({ token: c.tokens.guest });
        expect(guest.url()).not.toContain("token=");
        await open(guest, `#/s/${c.space}/reviewing`);
        await guest.getByRole("button", { name: "Write a review" }).click();
        await guest.getByRole("radio", { name: "4 out of 5 stars" }).check();
        await guest
          .getByLabel("Your review", { exact: true })
          .fill("Bright flat, a little noisy at night.");
        await guest.getByRole("button", { name: "Submit the review" }).click();
        await expect
          .poll(() => guest.getByTestId("review-state").textContent())
          .toMatch(/^Sealed until the other party reviews/);

        // Sealed means sealed: nobody else sees it, not on the listing's page.
        const anonymous = await tab();
        await open(anonymous, `#/s/${c.space}/subjects/${c.listing}`);
        await anonymous.getByText("No published reviews yet.").waitFor();

        const host = await tab({ token: c.tokens.host });
        await open(host, `#/s/${c.space}/reviewing`);
        await host.getByRole("button", { name: "Write a review" }).click();
        await host.getByRole("radio", { name: "5 out of 5 stars" }).check();
        await host.getByLabel("Your review", { exact: true }).fill("Tidy and friendly guest.");
        await host.getByRole("button", { name: "Submit the review" }).click();
        await expect
          .poll(() => host.getByTestId("review-state").textContent())
          .toMatch(/^Public since/);

        await guest.reload();
        await expect
          .poll(() => guest.getByTestId("review-state").textContent())
          .toMatch(/^Public since/);
        await open(anonymous, `#/s/${c.space}/subjects/${c.listing}`);
        await anonymous.getByText("Bright flat, a little noisy at night.").waitFor();
        await anonymous.getByText("Verified stay").waitFor();
        // The host answers the review of their listing, once.
        await open(host, `#/s/${c.space}/subjects/${c.listing}`);
        await host.getByRole("button", { name: "Reply", exact: true }).click();
        await host.getByLabel("Your reply").fill("Thank you; the windows are being replaced.");
        await host.getByRole("button", { name: "Publish the reply" }).click();
        // Published: the reply takes the form's place under the review.
        await host
          .locator("blockquote.reply")
          .getByText("Thank you; the windows are being replaced.")
          .waitFor();
        await open(anonymous, `#/s/${c.space}/subjects/${c.listing}`);
        await anonymous.getByText("Thank you; the windows are being replaced.").waitFor();
        for (const p of [guest, host, anonymous]) await p.close();
      },
      TIMEOUT,
    );

    it(
      "a bystander reports the review, a moderator decides with reasons, the author appeals and wins",
      async () => {
        const other = await tab({ token: c.tokens.other });
        await open(other, `#/s/${c.space}/subjects/${c.listing}`);
        await other.getByRole("button", { name: "Report" }).first().click();
        await other
          .getByLabel("What is wrong")
          .selectOption("STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE");
        await other
          .getByLabel("Why you believe it is illegal or against the rules")
          .fill("It describes another flat.");
        await other.getByLabel("I believe in good faith").check();
        await other.getByRole("button", { name: "Send the alert" }).click();
        await other.getByText(/Your alert \S+ is sent/).waitFor();

        // Trust seeds and a recompute (no flags, so the queue keeps one alert): the queue shows the
        // review author's Sybil signal beside the fraud suspicion.
        await call("PATCH", "policy", c.adminKey, { trustSeeds: [c.members.host] });
        await call("POST", "trust/recompute", c.moderatorKey, { full: true, flag: false });

        const moderator = await tab({ key: c.moderatorKey });
        await open(moderator, `#/s/${c.space}/moderation`);
        await moderator.getByRole("heading", { name: "Queue (1)" }).waitFor();
        await moderator.getByText(/^Sybil signal/).waitFor();
        await moderator.getByText(/Computed by sybilscar/).waitFor();
        // The policy panel names the seed.
        await moderator.locator("dd", { hasText: c.members.host }).first().waitFor();
        await moderator.getByRole("button", { name: "Decide" }).click();
        await moderator.getByLabel("The clause of the terms relied on").fill("Terms §4.2");
        await moderator
          .getByLabel("Why it breaks that clause")
          .fill("Reviews describe the stay they are tied to.");
        await moderator
          .getByLabel("Facts relied on")
          .fill("The text names another street than the listing's.");
        await moderator
          .getByLabel("What the sender of the alert is told")
          .fill("We removed the review.");
        await moderator.getByRole("button", { name: "Make the decision" }).click();
        await moderator.getByRole("heading", { name: "Queue (0)" }).waitFor();

        const guest = await tab({ token: c.tokens.guest });
        await open(guest, `#/s/${c.space}/me`);
        await guest.getByRole("button", { name: "Contest this decision" }).click();
        await guest
          .getByLabel("Why the decision should change")
          .fill("I stayed there; the street name was a typo.");
        await guest.getByRole("button", { name: "File the appeal" }).click();
        // Filed: the decision now says so, and that the appeal waits.
        await guest.getByText(/You appealed \(\S+\): pending/).waitFor();

        await open(moderator, `#/s/${c.space}/moderation`);
        await moderator.getByRole("heading", { name: "Appeals to decide (1)" }).waitFor();
        await moderator.getByRole("radio", { name: "reversed" }).check();
        await moderator
          .getByLabel("Reasons given")
          .fill("The street name was a typo; the review describes this flat.");
        await moderator.getByLabel("People reviewed this appeal").check();
        await moderator.getByRole("button", { name: "Decide the appeal" }).click();
        await moderator.getByRole("heading", { name: "Appeals to decide (0)" }).waitFor();

        await open(guest, `#/s/${c.space}/me`);
        await guest.getByText("This decision was reversed on appeal").waitFor();
        await open(other, `#/s/${c.space}/vouching`);
        await other.getByText("We removed the review.").waitFor();
        await other.getByText("action taken").waitFor();
        for (const p of [other, moderator, guest]) await p.close();
      },
      TIMEOUT,
    );

    it(
      "a member downloads their archive, and presents a credential disclosing only what they chose",
      async () => {
        const guest = await tab({ token: c.tokens.guest });
        await open(guest, `#/s/${c.space}/me`);
        const [download] = await Promise.all([
          guest.waitForEvent("download"),
          guest.getByRole("button", { name: "Download everything" }).click(),
        ]);
        const path = await download.path();
        const { readFileSync } = await import("node:fs");
        const zip = readFileSync(path);
        expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\x03\x04");
        expect(zip.includes(Buffer.from("manifest.json"))).toBe(true);
        // Read in the page too: the signed manifest and every file checked, the files shown.
        await guest.getByRole("button", { name: "Read it here, checked" }).click();
        await guest.getByTestId("export-verified").waitFor();
        // The host's review of the guest is among the records (in a closed section until opened).
        expect(
          await guest.locator("dd", { hasText: "Tidy and friendly guest." }).count(),
        ).toBeGreaterThan(0);

        await guest.getByRole("button", { name: "Request a credential" }).click();
        await guest.getByText(/Issued, valid until/).waitFor();
        await guest.getByRole("checkbox", { name: "Disclose space", exact: true }).check();
        await guest.getByRole("button", { name: /Present it to a verifier/ }).click();
        const report = (await guest.getByTestId("credential-report").textContent()) ?? "";
        expect(report).toContain(`The space ${c.space} issued this credential`);
        // Only the space was disclosed: nothing about the rating or the day they joined.
        expect(report).not.toMatch(/rating|joined/i);
        // No reputation imported from another space: the prior section says so.
        await guest.getByTestId("prior-none").waitFor();
        await guest.close();
      },
      TIMEOUT,
    );

    it(
      "a member imports their reputation from another space: kept in this browser, or pasted from a wallet",
      async () => {
        const market = await setUpMarket(server.url, server.adminToken, "market");
        await call("PATCH", "policy", c.adminKey, {
          priors: {
            accept: [{ issuer: market.issuer, name: "market", scale: { min: 1, max: 5 } }],
            maxPseudoReviews: 5,
          },
        });
        // In the market: the host requests a credential, kept in this browser with its key.
        const page = await browser.context.newPage();
        page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
        await page.goto(`${server.url}/#/s/market/sign-in?token=${market.hostToken}`);
        await page.getByTestId("signed-in").waitFor();
        await open(page, "#/s/market/me");
        await page.getByRole("button", { name: "Request a credential" }).click();
        await page.getByText(/^Kept in this browser with its key/).waitFor();

        // In stays, the same person (their own pseudonym there) imports it with one click.
        await page.goto(`${server.url}/#/s/${c.space}/sign-in?token=${c.tokens.host}`);
        await page.getByTestId("signed-in").waitFor();
        await open(page, `#/s/${c.space}/me`);
        const kept = page.getByTestId("prior-kept");
        await kept.getByText(/discloses only reviews_at_least_5, rating_at_least_4_5,/).waitFor();
        await kept.getByRole("button", { name: "Import my reputation from market" }).click();
        await page
          .getByText("Imported from market: at least 5 reviews, rated at least 4.5.")
          .waitFor();
        await page
          .getByTestId("prior-imported")
          .getByText(/^Imported from market/)
          .waitFor();
        await page.getByRole("button", { name: "Withdraw this import" }).click();
        await page.getByTestId("prior-none").waitFor();

        // From a wallet: the page gives the nonce and audience; what is pasted is checked, then sent.
        const wallet = await holder();
        const issued = await fetch(`${server.url}/v1/spaces/market/me/credentials`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${market.hostToken}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ holderKeys: [wallet.jwk] }),
        });
        expect(issued.status).toBe(201);
        const sdJwt = ((await issued.json()) as { credentials: { credential: string }[] })
          .credentials[0]?.credential as string;
        const pasteWith = async (audience: (given: string) => string) => {
          await page.getByRole("button", { name: /^Get a (new )?nonce$/ }).click();
          const nonce = (await page.getByTestId("prior-nonce").textContent()) ?? "";
          const given = (await page.getByTestId("prior-audience").textContent()) ?? "";
          // This space's own identifier, on the same base as the market's.
          expect(given).toBe(market.issuer.replace(/market$/, c.space));
          const presentation = await presentSdJwt({
            sdJwt,
            disclose: ["reviews_at_least_5", "rating_at_least_4"],
            holderKey: wallet.privateKey,
            audience: audience(given),
            nonce,
            issuedAt: Math.floor(Date.now() / 1000),
          });
          // Wrapped as a terminal would: the page drops the white space.
          await page
            .getByLabel("Your presentation (SD-JWT+KB)")
            .fill(presentation.replace(/(.{76})/g, "$1\n"));
          await page.getByRole("button", { name: "Import this presentation" }).click();
        };
        await page.getByLabel("Your presentation (SD-JWT+KB)").fill("not a presentation");
        await page.getByRole("button", { name: /^Get a (new )?nonce$/ }).click();
        await page.getByRole("button", { name: "Import this presentation" }).click();
        await page.getByText(/^This is not an SD-JWT presentation/).waitFor();
        await pasteWith(() => `${server.url}/elsewhere`);
        const refused = page.getByTestId("prior-import-refused").last();
        await refused.getByText(/credential\.wrong-audience/).waitFor();
        await refused.getByText(/^The key binding names another audience/).waitFor();
        await pasteWith((given) => given);
        await page
          .getByText("Imported from market: at least 5 reviews, rated at least 4.0.")
          .waitFor();
        await page.getByTestId("prior-imported").waitFor();
        await page.close();
      },
      TIMEOUT,
    );

    it(
      "the log explorer verifies a review in the browser, step by step",
      async () => {
        const res = await fetch(
          `${server.url}/v1/spaces/${c.space}/members/${c.members.guest}/reviews`,
          {
            headers: { authorization: `Bearer ${c.tokens.guest}` },
          },
        );
        const review = ((await res.json()) as { items: { review: string }[] }).items[0]?.review;
        expect(review).toBeDefined();
        const page = await tab();
        await open(page, `#/s/${c.space}/log?review=${review}`);
        await page.getByText("Signature verified in your browser").waitFor();
        await page.getByRole("button", { name: "Verify", exact: true }).click();
        await expect
          .poll(() => page.getByTestId("verdict").textContent(), { timeout: 30_000 })
          .toMatch(/^Verified: the review's submission is entry \d+/);
        await page.getByText("The rating revealed in the log opens the commitment").waitFor();
        await page.getByText(/Consistent: the log of \d+ entries is a prefix/).waitFor();
        await page.close();
      },
      TIMEOUT,
    );

    it(
      "the transparency report agrees with the log replayed in the browser",
      async () => {
        const page = await tab();
        await open(page, `#/s/${c.space}/transparency`);
        await expect
          .poll(() => page.getByTestId("replay-verdict").textContent(), { timeout: 30_000 })
          .toMatch(/^All \d+ figures agree/);
        await page.close();
      },
      TIMEOUT,
    );

    it(
      "every page has no serious or critical axe violation, in English and in French",
      async () => {
        const pages: readonly [string, { token?: string; key?: string } | undefined, string][] = [
          ["#/", undefined, "Fabrique"],
          [`#/s/${c.space}`, undefined, "Canal Stays"],
          [
            `#/s/${c.space}/subjects/${c.listing}`,
            { token: c.tokens.other },
            "How you're connected",
          ],
          [`#/s/${c.space}/reviewing`, { token: c.tokens.guest }, "Your interactions"],
          [`#/s/${c.space}/vouching`, { token: c.tokens.other }, "Alerts you raised"],
          [`#/s/${c.space}/me`, { token: c.tokens.guest }, "Decisions about you"],
          [`#/s/${c.space}/moderation`, { key: c.moderatorKey }, "The space's policy"],
          [`#/s/${c.space}/transparency`, undefined, "Checked against the log"],
          [`#/s/${c.space}/log`, undefined, "The log over time"],
          [`#/s/${c.space}/sign-in`, undefined, "As a moderator"],
          ["#/nowhere", undefined, "This page does not exist"],
        ];
        // The checker itself finds what it must: an image without a text alternative is critical.
        const probe = await tab();
        await open(probe, "#/");
        await probe.evaluate(
          "document.querySelector('main').append(Object.assign(document.createElement('img'), { src: 'data:,' }))",
        );
        expect((await seriousViolations(probe)).map((v) => v.id)).toContain("image-alt");
        await probe.close();
        const found: string[] = [];
        for (const lang of ["en", "fr"] as const) {
          // The choice is kept in localStorage, so every tab opened after it speaks that language.
          const chooser = await tab();
          await open(chooser, "#/");
          await chooser.getByRole("combobox", { name: /^(Language|Langue)$/ }).selectOption(lang);
          await expect.poll(() => chooser.evaluate("document.documentElement.lang")).toBe(lang);
          await chooser.close();
          // One tab per person, signed in once, moving from page to page.
          const tabs = new Map<string, Page>();
          for (const [hash, credential, waitFor] of pages) {
            const who = credential?.token ?? credential?.key ?? "anonymous";
            let page = tabs.get(who);
            if (page === undefined) {
              page = await tab(credential);
              tabs.set(who, page);
            }
            await open(page, hash);
            if (lang === "en") await page.getByText(waitFor).first().waitFor();
            else expect(await page.evaluate("document.documentElement.lang")).toBe("fr");
            for (const v of await seriousViolations(page)) {
              found.push(
                `${lang} ${hash}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.join(", ")}`,
              );
            }
          }
          for (const page of tabs.values()) await page.close();
        }
        const reset = await tab();
        await open(reset, "#/");
        await reset.getByRole("combobox", { name: "Langue" }).selectOption("en");
        await reset.close();
        expect(found).toEqual([]);
      },
      TIMEOUT * 2,
    );

    it("no page logged an error (a script error or a CSP refusal)", () => {
      expect(errors).toEqual([]);
    });
  },
);
