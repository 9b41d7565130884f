/**
 * The imported prior's commands (issue 6): what the policy accepts, what the log makes public (the
 * issuer, the two bounds, the credential's expiry; never the other disclosed claims, the holder key's
 * thumbprint or the presentation's digest), replacement and withdrawal, and the policy's own rules.
 */
import { describe, expect, it } from "vitest";
import { importPrior, withdrawPrior } from "../../src/domain/commands/prior.js";
import { changePolicy } from "../../src/domain/commands/space.js";
import { importsBySubject } from "../../src/domain/imported-priors.js";
import { priorPolicy } from "../../src/domain/policy.js";
import { admin, as, expectOk, expectRule, world } from "./support/world.js";

const MARKET = "https://fabrique.example/v1/spaces/market";
const ACCEPT = {
  priors: {
    accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
    maxPseudoReviews: 5,
  },
};

interface Facts {
  readonly issuer: string;
  readonly disclosed: Readonly<Record<string, string | number | boolean>>;
  readonly credentialExpiresAt: number;
  readonly holderKeyThumbprint: string;
  readonly presentationDigest: string;
}

function facts(now: number, disclosed: Record<string, string | number | boolean> = {}): Facts {
  return {
    issuer: MARKET,
    disclosed: {
      space: "market",
      member_since: 1_700_000_000,
      reviews_at_least_5: true,
      reviews_at_least_20: true,
      rating_at_least_4: true,
      rating_at_least_4_5: true,
      ...disclosed,
    },
    credentialExpiresAt: now + 86_400_000,
    holderKeyThumbprint: "T".repeat(43),
    presentationDigest: "D".repeat(43),
  };
}

describe("importPrior", () => {
  it("logs only the issuer, the largest bounds and the expiry in public, the rest in private", async () => {
    const w = await world(ACCEPT);
    const [event] = expectOk(
      await w.h.run(as(w.bob), async (r, ctx) =>
        importPrior(r, await w.space(), facts(ctx.now), ctx),
      ),
    );
    expect(event?.type).toBe("prior.imported");
    expect(Object.keys(event?.public ?? {}).sort()).toEqual([
      "credentialExpiresAt",
      "issuer",
      "member",
      "ratingAtLeast",
      "reviewsAtLeast",
      "source",
      "space",
    ]);
    expect(event?.public).toMatchObject({
      reviewsAtLeast: 20,
      ratingAtLeast: 4.5,
      source: "market",
    });
    expect(JSON.stringify(event?.public)).not.toContain("TTTT");
    expect(JSON.stringify(event?.public)).not.toContain("member_since");
    expect(event?.private).toMatchObject({ holderKeyThumbprint: "T".repeat(43) });
    const bob = await w.h.reader.get("member", "stays", w.bob);
    expect(bob?.importedPrior).toMatchObject({ event: event?.id, issuer: MARKET });
    const space = await w.space();
    const imports = importsBySubject(priorPolicy(space.policy), bob === null ? [] : [bob], [
      { id: w.listing, owner: w.bob },
      { id: "other", owner: w.alice },
    ]);
    expect([...imports.keys()]).toEqual([w.listing]);
    expect(imports.get(w.listing)).toMatchObject({
      maxPseudoReviews: 5,
      sourceScale: { min: 1, max: 5 },
    });
  });

  it("refuses issuers the policy does not accept, missing thresholds, expired credentials and operators", async () => {
    const none = await world();
    expectRule(
      await none.h.run(as(none.bob), async (r, ctx) =>
        importPrior(r, await none.space(), facts(ctx.now), ctx),
      ),
      "rule-violation",
      "prior.issuer-accepted",
    );
    const w = await world(ACCEPT);
    const run = (f: (now: number) => Facts) =>
      w.h.run(as(w.bob), async (r, ctx) => importPrior(r, await w.space(), f(ctx.now), ctx));
    expectRule(
      await run((now) => ({
        ...facts(now),
        disclosed: { space: "market", rating_at_least_4: true },
      })),
      "rule-violation",
      "prior.thresholds-disclosed",
    );
    expectRule(
      await run((now) => facts(now, { rating_at_least_4_5: false, rating_at_least_4: false })),
      "rule-violation",
      "prior.thresholds-disclosed",
    );
    expectRule(
      await run((now) => ({ ...facts(now), credentialExpiresAt: now })),
      "rule-violation",
      "prior.credential-expired",
    );
    expectRule(
      await run((now) => facts(now, { rating_at_least_7: true })),
      "rule-violation",
      "prior.rating-on-scale",
    );
    expectRule(
      await w.h.run(admin, async (r, ctx) => importPrior(r, await w.space(), facts(ctx.now), ctx)),
      "forbidden",
      "prior.members-only",
    );
  });

  it("replaces an earlier import, and withdraws only the one in force", async () => {
    const w = await world(ACCEPT);
    const run = () =>
      w.h.run(as(w.bob), async (r, ctx) => importPrior(r, await w.space(), facts(ctx.now), ctx));
    const [first] = expectOk(await run());
    const [second] = expectOk(await run());
    const withdraw = (prior: string) =>
      w.h.run(as(w.bob), async (r, ctx) => withdrawPrior(r, await w.space(), { prior }, ctx));
    expectRule(await withdraw(first?.id ?? ""), "not-found", "prior.exists");
    expectOk(await withdraw(second?.id ?? ""));
    expect((await w.h.reader.get("member", "stays", w.bob))?.importedPrior).toBeNull();
    expectRule(await withdraw(second?.id ?? ""), "not-found", "prior.exists");
  });
});

describe("the policy's priors", () => {
  it("bounds an import by the space's own prior strength and refuses repeated issuers", async () => {
    const w = await world();
    const change = (priors: unknown) =>
      w.h.run(admin, async (r, ctx) =>
        changePolicy(r, await w.space(), { policy: { priors } as never }, ctx),
      );
    expectRule(
      await change({ accept: [], maxPseudoReviews: 11 }),
      "invalid-input",
      "input.policy.priors.maxPseudoReviews",
    );
    const market = { issuer: MARKET, name: "market", scale: { min: 1, max: 5 } };
    expectRule(
      await change({ accept: [market, market], maxPseudoReviews: 5 }),
      "invalid-input",
      "policy.prior-issuers-unique",
    );
    expectRule(
      await change({ accept: [{ ...market, issuer: "ftp://x.example" }], maxPseudoReviews: 5 }),
      "invalid-input",
      "input.policy.priors.accept.0.issuer",
    );
    const x = "A".repeat(43);
    expectRule(
      await change({
        accept: [{ ...market, keys: [{ kty: "EC", crv: "P-256", x, kid: "k1" }] }],
        maxPseudoReviews: 5,
      }),
      "invalid-input",
      "input.policy.priors.accept.0.keys.0",
    );
    expectRule(
      await change({
        accept: [{ ...market, keys: [{ kty: "OKP", crv: "Ed25519", x, kid: "k1", d: x }] }],
        maxPseudoReviews: 5,
      }),
      "invalid-input",
      "input.policy.priors.accept.0.keys.0.d",
    );
    expectOk(
      await change({
        accept: [{ ...market, keys: [{ kty: "OKP", crv: "Ed25519", x, kid: "k1" }] }],
        maxPseudoReviews: 5,
      }),
    );
    expectOk(await change({ accept: [market], maxPseudoReviews: 5 }));
    expect(priorPolicy((await w.space()).policy).maxPseudoReviews).toBe(5);
  });
});
