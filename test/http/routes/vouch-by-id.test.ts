/**
 * GET /v1/spaces/{space}/vouches/{id} on both backends: public like the vouch lists, with the same
 * fields as a list item; the private note only to its voucher (or an operator relaying for them) and
 * operator keys, never to the vouchee, another member or anyone anonymous; a revoked vouch shows its
 * revocation; an unknown id, or a vouch of another space, is a 404; a malformed id a 400.
 */
import { expect, it } from "vitest";
import { describeBackends } from "../../store/support/backends.js";
import { apiKey, bearer, problemOfResponse, testAppPerTest } from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

describeBackends("GET a vouch by id", (backend) => {
  const current = testAppPerTest(backend);

  it("shows the vouch as the lists do, its note to its voucher and operators only", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = `/v1/spaces/${f.space}`;
    const note = "We met at the harbour; reliable.";
    const given = await expectStatus(t, 201, "POST", `${base}/vouches`, f.tokens.guest, {
      vouchee: f.host,
      scope: "met-in-person",
      note,
    });
    const url = `${base}/vouches/${given.vouch}`;
    const relay = await apiKey(t.db, f.space, ["relay"]);

    const anonymous = await expectStatus(t, 200, "GET", url);
    expect(anonymous).toMatchObject({
      vouch: given.vouch,
      voucher: f.guest,
      vouchee: f.host,
      scope: "met-in-person",
      revokedAt: null,
      removed: false,
    });
    expect(anonymous).not.toHaveProperty("note");
    // The same item the list of received vouches shows the same viewer.
    const listed = await expectStatus(t, 200, "GET", `${base}/members/${f.host}/vouches`);
    expect(listed.items).toEqual([anonymous]);

    for (const token of [f.tokens.host, f.tokens.other]) {
      expect(await expectStatus(t, 200, "GET", url, token)).not.toHaveProperty("note");
    }
    for (const token of [f.tokens.guest, f.keys.read, f.keys.admin]) {
      expect((await expectStatus(t, 200, "GET", url, token)).note).toBe(note);
    }
    const onBehalf = (member: string) =>
      t.app.inject({
        url,
        headers: { ...bearer(relay), "fabrique-on-behalf-of": member },
      });
    expect((await onBehalf(f.guest)).json().note).toBe(note);
    expect((await onBehalf(f.host)).json()).not.toHaveProperty("note");

    await expectStatus(t, 200, "DELETE", url, f.tokens.guest);
    const revoked = await expectStatus(t, 200, "GET", url);
    expect(revoked.revokedAt).toEqual(expect.any(Number));
  });

  it("answers 404 for an unknown id or another space's vouch, 400 for a malformed id", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const g = await setUpSpace(t, "bazaar");
    const given = await expectStatus(
      t,
      201,
      "POST",
      `/v1/spaces/${g.space}/vouches`,
      g.tokens.guest,
      {
        vouchee: g.host,
        scope: "met-in-person",
      },
    );
    for (const url of [
      `/v1/spaces/${f.space}/vouches/${given.vouch}`,
      `/v1/spaces/${f.space}/vouches/no-such-vouch`,
      `/v1/spaces/nowhere/vouches/${given.vouch}`,
    ]) {
      const r = await call(t, "GET", url);
      expect(r.status, url).toBe(404);
      expect(r.body.code).toBe("not-found");
    }
    const bad = await t.app.inject({ url: `/v1/spaces/${f.space}/vouches/${"x".repeat(300)}` });
    expect(bad.statusCode).toBe(400);
    expect(problemOfResponse(bad).status).toBe(400);
  });
});
