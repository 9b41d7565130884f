/**
 * rebuild == incremental with imported priors (issue 6): imports, a replacement, a withdrawal and an
 * erasure written through the space service, then the space's projections dropped and replayed from the
 * log give back every row; the evidence read after the rebuild holds the same imports, for the subjects
 * of members not erased. On both backends.
 */
import { expect, it } from "vitest";
import { RECORD_TABLES } from "../../../src/store/projections/columns.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { loadSpaceEvidence } from "../../../src/store/trust/evidence.js";
import { admin, membersKey } from "../../domain/support/world.js";
import { as, MEMBERS } from "../space/support/community.js";
import { testService } from "../space/support/service.js";
import { snapshot } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";

const SPACE = "newcomers";
const MARKET = "https://fabrique.example/v1/spaces/market";

describeBackends("rebuild with imported priors", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("replays prior.imported and prior.withdrawn into the same rows and the same evidence", async () => {
    const { db } = current();
    const t = testService(db);
    const s = t.service;
    const ok = async <R extends { ok: boolean }>(
      run: Promise<R>,
    ): Promise<Extract<R, { ok: true }>> => {
      const r = await run;
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r as Extract<R, { ok: true }>;
    };
    await ok(
      s.createSpace(
        {
          space: SPACE,
          name: "Newcomers",
          policy: {
            priors: {
              accept: [{ issuer: MARKET, name: "market", scale: { min: 1, max: 5 } }],
              maxPseudoReviews: 5,
            },
          },
        } as never,
        admin,
      ),
    );
    const { alice, bob, carol } = MEMBERS;
    for (const member of [alice, bob, carol]) {
      await ok(s.execute(SPACE, membersKey, "joinMember", { member, displayName: member }));
    }
    await ok(
      s.execute(SPACE, membersKey, "registerSubject", {
        subject: "flat-7",
        kind: "listing",
        owner: bob,
        name: "Flat 7",
      }),
    );
    const facts = (reviews: number) => ({
      issuer: MARKET,
      disclosed: {
        space: "market",
        [`reviews_at_least_${reviews}`]: true,
        rating_at_least_4_5: true,
      },
      credentialExpiresAt: t.now + 86_400_000,
      holderKeyThumbprint: "T".repeat(43),
      presentationDigest: "D".repeat(43),
    });
    await ok(s.execute(SPACE, as(alice), "importPrior", facts(5)));
    const alicePrior = await ok(s.execute(SPACE, as(alice), "importPrior", facts(20)));
    await ok(s.execute(SPACE, as(bob), "importPrior", facts(5)));
    const carolPrior = await ok(s.execute(SPACE, as(carol), "importPrior", facts(100)));
    await ok(
      s.execute(SPACE, as(carol), "withdrawPrior", { prior: carolPrior.events[0]?.id ?? "" }),
    );
    await ok(s.execute(SPACE, as(alice), "eraseMember", { member: alice }));

    const evidence = await loadSpaceEvidence(db, SPACE, t.now);
    // Bob's import counts for his member subject and his listing; Alice is erased, Carol withdrew.
    expect([...(evidence?.importedPriors.keys() ?? [])].sort()).toEqual([bob, "flat-7"].sort());
    expect(evidence?.importedPriors.get("flat-7")).toMatchObject({ reviewsAtLeast: 5 });
    expect(alicePrior.events[0]?.public).toMatchObject({ reviewsAtLeast: 20 });

    const incremental = await snapshot(db, SPACE);
    for (const { table } of Object.values(RECORD_TABLES)) {
      await db.kysely.deleteFrom(table).where("space", "=", SPACE).execute();
    }
    await rebuild(db, SPACE);
    expect(await snapshot(db, SPACE)).toEqual(incremental);
    expect((await loadSpaceEvidence(db, SPACE, t.now))?.importedPriors).toEqual(
      evidence?.importedPriors,
    );
  });
});
