/**
 * GET /metrics: request counters and latency histograms by route pattern and status, each space's log
 * size and published size read at scrape time, and the sealer's lag, failures and state from a real
 * sealer's status.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { type Sealer, startSealer } from "../../src/store/sealer/sealer.js";
import { describeBackends } from "../store/support/backends.js";
import { addSpaceKey, appendAndSeal, entries, openTestApp, type TestApp } from "./support/app.js";

/** The value of one sample line of the Prometheus text format, or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf("{");
    const labelText = open === -1 ? "" : line.slice(open + 1, line.indexOf("}"));
    const have = labelText === "" ? [] : labelText.split(",");
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) {
      return Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return undefined;
}

describeBackends("metrics", (backend) => {
  let t: TestApp;
  let sealer: Sealer;
  const quiet = { error() {}, info() {} };

  beforeEach(async () => {
    // The app reads the status of whichever sealer the test runs now.
    t = await openTestApp(backend, { sealer: { status: () => sealer.status() } });
    sealer = startSealer({ db: t.db, signers: t.signers, intervalMs: null, logger: quiet });
  });

  afterEach(async () => {
    await sealer.stop();
    await t.app.close();
    await t.database.dispose();
  });

  async function scrape(): Promise<string> {
    const res = await t.app.inject({ url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    return res.body;
  }

  it("counts requests and their latencies by route pattern and status", async () => {
    await t.app.inject({ url: "/healthz" });
    await t.app.inject({ url: "/healthz" });
    await t.app.inject({ url: "/v1/spaces/a/log/checkpoint" });
    await t.app.inject({ url: "/v1/spaces/b/log/checkpoint" });
    await t.app.inject({ url: "/no/such/route" });
    const text = await scrape();
    const get = (route: string, status: string) =>
      sample(text, "fabrique_http_requests_total", { method: "GET", route, status });
    expect(get("/healthz", "200")).toBe(2);
    expect(get("/v1/spaces/:space/log/checkpoint", "404")).toBe(2);
    expect(get("unmatched", "404")).toBe(1);
    expect(
      sample(text, "fabrique_http_request_duration_seconds_count", {
        method: "GET",
        route: "/healthz",
        status: "200",
      }),
    ).toBe(2);
    expect(text).not.toContain("/v1/spaces/a/"); // raw paths never become labels
  });

  it("reports each space's log size, published size and the sealer's lag", async () => {
    const { db, vault, signers } = t;
    await addSpaceKey(db, vault, "market");
    await appendAndSeal(db, signers, "market", entries("market", 0, 300));
    await db.spaceTransaction("market", (w) => appendEntries(w, entries("market", 300, 310)));
    // A space without a signing key cannot be sealed: its lag stays and its failures count.
    await db.spaceTransaction("broken", (w) => appendEntries(w, entries("broken", 0, 7)));

    let text = await scrape();
    expect(sample(text, "fabrique_log_entries", { space: "market" })).toBe(310);
    expect(sample(text, "fabrique_log_checkpointed_entries", { space: "market" })).toBe(300);
    expect(sample(text, "fabrique_log_entries", { space: "broken" })).toBe(7);
    expect(sample(text, "fabrique_sealer_running")).toBe(1);

    // A sealer on an interval: its passes publish market and keep failing on broken.
    await sealer.stop();
    sealer = startSealer({ db, signers, intervalMs: 10, logger: quiet });
    while (sealer.status().passes < 2) await new Promise((r) => setTimeout(r, 10));
    text = await scrape();
    expect(sample(text, "fabrique_log_checkpointed_entries", { space: "market" })).toBe(310);
    expect(sample(text, "fabrique_sealer_lag_entries", { space: "market" })).toBe(0);
    expect(sample(text, "fabrique_sealer_lag_entries", { space: "broken" })).toBe(7);
    expect(sample(text, "fabrique_sealer_lag_seconds", { space: "broken" })).toBeGreaterThanOrEqual(
      0,
    );
    expect(
      sample(text, "fabrique_sealer_consecutive_failures", { space: "broken" }),
    ).toBeGreaterThanOrEqual(2);
    await sealer.stop();
    expect(sample(await scrape(), "fabrique_sealer_running")).toBe(0);
  });
});
