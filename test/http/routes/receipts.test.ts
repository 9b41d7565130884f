/**
 * GET /v1/spaces/{space}/log/receipts/{index} on both backends: the receipt of an entry fetched again is
 * byte for byte the one its write answered, verifies with the space's log key, and states the entry's
 * leaf hash; an index past the log or an unknown space is a 404 problem, a malformed index a 400.
 */
import { expect, it } from "vitest";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { verifyReceipt } from "../../../src/log/receipt/index.js";
import { fromDbBytes } from "../../../src/store/db-bytes.js";
import { describeBackends } from "../../store/support/backends.js";
import { problemOfResponse, testAppPerTest } from "../support/app.js";
import { call, expectStatus, setUpSpace } from "./support/space-fixture.js";

describeBackends("log receipts", (backend) => {
  const current = testAppPerTest(backend);

  it("serves each entry's receipt again, exactly as its write answered it", async () => {
    const t = current();
    const f = await setUpSpace(t, "market");
    const base = "/v1/spaces/market";
    const written = await expectStatus(t, 201, "POST", `${base}/reviews`, f.tokens.guest, {
      subject: f.listing,
      interaction: f.interaction,
      overall: 5,
      text: "Quiet and bright.",
    });
    const vkey = (await t.app.inject({ url: `${base}/log/key` })).body.trim();
    const rows = await t.db.kysely
      .selectFrom("log_entries")
      .select(["idx", "entry"])
      .where("space", "=", "market")
      .execute();
    const entries = new Map(rows.map((r) => [Number(r.idx), fromDbBytes(r.entry)]));
    for (const [i, index] of (written.indices as number[]).entries()) {
      const response = await t.app.inject({ url: `${base}/log/receipts/${index}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers["cache-control"]).toBe("public, max-age=3600");
      const body = JSON.parse(response.body);
      expect(body.receipt).toBe(written.receipts[i]);
      const receipt = verifyReceipt(body.receipt, vkey);
      expect(receipt.index).toBe(index);
      const entry = entries.get(index);
      if (entry === undefined) throw new Error(`no entry ${index}`);
      expect(body.leafHash).toBe(encodeBase64(leafHash(entry)));
      expect(encodeBase64(receipt.leafHash)).toBe(body.leafHash);
      expect(body.time).toBe(receipt.time);
    }
    // The first entry of the space (space.created) has one too.
    expect(
      verifyReceipt((await call(t, "GET", `${base}/log/receipts/0`)).body.receipt, vkey).index,
    ).toBe(0);
  });

  it("answers a missing entry or space with 404 and a malformed index with 400", async () => {
    const t = current();
    await setUpSpace(t, "market");
    for (const [url, status] of [
      ["/v1/spaces/market/log/receipts/100000", 404],
      ["/v1/spaces/nowhere/log/receipts/0", 404],
      ["/v1/spaces/market/log/receipts/-1", 400],
      ["/v1/spaces/market/log/receipts/x", 400],
      ["/v1/spaces/market/log/receipts/1.5", 400],
      ["/v1/spaces/market/log/receipts/99999999999999999999", 400],
    ] as const) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(status);
      expect(problemOfResponse(response).status, url).toBe(status);
    }
  });
});
