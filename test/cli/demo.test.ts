/**
 * `fabrique demo` against an in-process server listening on 127.0.0.1 (SQLite, and PostgreSQL when
 * reachable): the community it reports is what the API then shows (members, listings, reviews, the
 * moderation story), the same seed loads the same community, and the space's log verifies by URL.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { sealSpace } from "../../src/store/sealer/seal-space.js";
import { ADMIN_TOKEN, testAppPerTest } from "../http/support/app.js";
import { describeBackends } from "../store/support/backends.js";
import { runCli } from "../support/cli.js";

async function getJson(url: string, token?: string) {
  const response = await fetch(url, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Every item of a paged list. */
async function all(url: string, token?: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | null = null;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const page = await getJson(
      next === null ? url : `${url}${sep}cursor=${encodeURIComponent(next)}`,
      token,
    );
    items.push(...page.items);
    next = page.next;
  } while (next !== null);
  return items;
}

describeBackends("fabrique demo", (backend) => {
  const current = testAppPerTest(backend);

  it("loads a community through the API, prints what to open, and its log verifies", async () => {
    const t = current();
    const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const run = await runCli([
      "demo",
      "--url",
      base,
      "--admin-token",
      ADMIN_TOKEN,
      "--members",
      "12",
      "--seed",
      "7",
      "--space",
      "demo-a",
    ]);
    expect(run.err).toMatch(/demo: 12 members, 3 listings/);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`log: ${base}/v1/spaces/demo-a/log/checkpoint`);
    expect(run.out).toContain(`API docs: ${base}/docs`);
    const key = /^operator key \(admin scope\): (\S+)$/m.exec(run.out)?.[1] as string;
    const token = /^member \S+ token \(15 min\): (\S+)$/m.exec(run.out)?.[1] as string;
    const s = `${base}/v1/spaces/demo-a`;

    // What the summary line says is what the API shows.
    const summary = /(\d+) stays, (\d+) reviews \((\d+) stays reviewed by one side only/.exec(
      run.err,
    );
    const [stays, reviews, oneSided] = [summary?.[1], summary?.[2], summary?.[3]].map(Number);
    expect(await all(`${s}/members?limit=5`, key)).toHaveLength(12);
    let published = 0;
    for (const listing of ["listing-1", "listing-2", "listing-3"]) {
      published += (await all(`${s}/subjects/${listing}/reviews`)).length;
    }
    expect(stays).toBeGreaterThanOrEqual(13); // 9 guests, every other one twice
    expect(reviews).toBeGreaterThan(oneSided as number);
    expect(published).toBeGreaterThan(0);
    expect(published).toBeLessThan(reviews as number); // sealed and removed ones are not shown
    expect((await all(`${s}/decisions`, key)).length).toBe(1);
    expect((await all(`${s}/appeals`, key)).length).toBe(1);
    expect((await getJson(`${base}/v1/spaces/demo-a/whoami`, token)).credential).toBe(
      "member-token",
    );
    // The web UI's sign-in links: the member's token, and a key that may moderate and nothing more.
    expect(run.out).toContain(`web UI: ${base}/#/s/demo-a`);
    expect(run.out).toContain(`${base}/#/s/demo-a/sign-in?token=${token}`);
    const moderatorKey = /^ {2}open as a moderator: \S+\/sign-in\?key=(\S+)$/m.exec(run.out)?.[1];
    expect(moderatorKey).toMatch(/^fbk_demo-a_/);
    const moderator = await getJson(`${base}/v1/spaces/demo-a/whoami`, moderatorKey);
    expect(moderator.actor.scopes).toEqual(["moderate"]);

    // The same seed loads the same community (into another space).
    const again = await runCli([
      "demo",
      "--url",
      base,
      "--admin-token",
      ADMIN_TOKEN,
      "--members",
      "12",
      "--seed",
      "7",
      "--space",
      "demo-b",
    ]);
    expect(again.code).toBe(0);
    const line = (text: string) => /demo: (.*) in [\d.]+ s/.exec(text)?.[1];
    expect(line(again.err)).toBe(line(run.err));

    // The log verifies once sealed (no sealer runs in the test app: seal it now).
    const sealed = await sealSpace(t.db, t.signers, "demo-a");
    expect(sealed.size).toBeGreaterThan(stays as number);
    const dir = await mkdtemp(join(tmpdir(), "fabrique-demo-"));
    try {
      const vkey = await fetch(`${s}/log/key`).then((r) => r.text());
      await writeFile(join(dir, "demo.vkey"), vkey);
      const verified = await runCli([
        "log",
        "verify",
        "--url",
        `${s}/log/`,
        "--vkey",
        join(dir, "demo.vkey"),
      ]);
      expect(verified.code).toBe(0);
      expect(verified.out).toContain(`size ${sealed.size}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
