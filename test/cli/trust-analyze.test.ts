import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

let root: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fabrique-trust-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function csv(text: string): Promise<string> {
  const path = join(root, `ratings-${n++}.csv`);
  await writeFile(path, text);
  return path;
}

const DAY = 86_400;
const T0 = 1_400_000_000;

/**
 * Eight honest traders rate their neighbours +6..+8 over months; "mallory" appears late, rates three
 * of them -10 within an hour, and three of them rate mallory -10 back.
 */
function marketCsv(): string {
  const lines = ["rater,ratee,rating,time"];
  for (let u = 0; u < 8; u++) {
    for (let k = 1; k <= 3; k++) {
      lines.push(`trader${u},trader${(u + k) % 8},${5 + k},${T0 + (u * 10 + k * 3) * DAY}`);
    }
  }
  for (let k = 0; k < 3; k++) lines.push(`mallory,trader${k},-10,${T0 + 200 * DAY + k * 600}`);
  for (let k = 0; k < 3; k++) lines.push(`trader${k},mallory,-10,${T0 + (201 + k) * DAY}`);
  return `${lines.join("\r\n")}\r\n`;
}

describe("fabrique trust analyze", () => {
  it("prints one row per user, most suspicious first, with reasons", async () => {
    const run = await runCli([
      "trust",
      "analyze",
      "--ratings",
      await csv(marketCsv()),
      "--scale",
      "-10..10",
    ]);
    expect(run.code, run.err).toBe(0);
    const rows = run.out.trim().split("\n");
    expect(rows[0]).toBe("suspicion\tfairness\tgoodness\tgiven\treceived\tuser\treasons");
    expect(rows).toHaveLength(1 + 9);
    const first = rows[1]?.split("\t") ?? [];
    expect(first[5]).toBe("mallory");
    expect(first[3]).toBe("3");
    expect(first[4]).toBe("3");
    expect(first[6]).toContain("low-goodness");
    // Suspicion 2.0.0: mallory was active for 3 days of the 180 that make an account established;
    // rated 3 times, so 3/4 of the rated users' weight 0.2, × (1 − 3/180) × its low goodness.
    expect(first[6]).toContain(
      "short-lived (+0.112): active for 3 days between its first and last appearance in the log (established after 180 days), weighed by its low goodness",
    );
    const scores = rows.slice(1).map((r) => Number(r.split("\t")[0]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("prints JSON with provenance, and infers the scale when not given", async () => {
    const run = await runCli(["trust", "analyze", "--ratings", await csv(marketCsv()), "--json"]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain("scale -10..8 inferred");
    const doc = JSON.parse(run.out) as {
      provenance: { algorithm: string; logSize: number };
      scale: { low: number; high: number };
      ratings: number;
      users: number;
      rows: {
        user: string;
        suspicion: number;
        fairness: number | null;
        reasons: { code: string }[];
      }[];
    };
    expect(doc.provenance).toMatchObject({ algorithm: "fraud-suspicion", logSize: 30 });
    expect(doc.scale).toEqual({ low: -10, high: 8 });
    expect(doc.ratings).toBe(30);
    expect(doc.users).toBe(9);
    expect(doc.rows[0]?.user).toBe("mallory");
    expect(doc.rows[0]?.reasons.length).toBeLessThanOrEqual(3);
  });

  it("reads other column orders, ignored columns, quoted ids and no times", async () => {
    const text = [
      'stars,"from, name",to,comment',
      '5,"Smith, Ann",bob,"great"',
      '1,carl,bob,"said ""meh"""',
      "4,bob,carl,ok",
    ].join("\n");
    const run = await runCli([
      "trust",
      "analyze",
      "--ratings",
      await csv(text),
      "--format",
      "rating,rater,ratee,_",
      "--scale",
      "1..5",
      "--json",
    ]);
    // The first line is not a header (its names differ from the format's), so it is data: rejected.
    expect(run.code).toBe(3);
    expect(run.err).toContain(':1: rating "stars" is not a number');
    const fixed = text.replace('stars,"from, name",to,comment', "rating,rater,ratee,whatever");
    const ok = await runCli([
      "trust",
      "analyze",
      "--ratings",
      await csv(fixed),
      "--format",
      "rating,rater,ratee,_",
      "--scale",
      "1..5",
      "--json",
    ]);
    expect(ok.code, ok.err).toBe(0);
    const users = (JSON.parse(ok.out) as { rows: { user: string }[] }).rows.map((r) => r.user);
    expect(users.sort()).toEqual(["Smith, Ann", "bob", "carl"]);
  });

  it.each([
    ["a rating that is not a number", "a,b,1,5\nb,a,x,6\n", ':2: rating "x" is not a number'],
    ["a missing field", "a,b,1,5\nb,a,2,6\nc,a,3\n", ":3: expected 4 fields"],
    [
      "a rating outside the scale",
      "a,b,1,5\nb,a,11,6\n",
      ":2: rating 11 is outside the scale -10..10",
    ],
    ["an unterminated quote", 'a,b,1,5\n"b,a,2,6\n', ":2: unterminated quoted field"],
    ["a bad time", "a,b,1,5\nb,a,2,yesterday\n", ':2: time "yesterday" is not a number'],
    ["an empty id", "a,b,1,5\n\n,a,2,6\n", ":3: empty user id"],
  ])("rejects %s with exit code 3 and the line number", async (_what, text, message) => {
    const path = await csv(text);
    const run = await runCli(["trust", "analyze", "--ratings", path, "--scale", "-10..10"]);
    expect(run.code).toBe(3);
    expect(run.err).toContain(`${path}${message}`);
    expect(run.out).toBe("");
  });

  it("accepts ISO 8601 times", async () => {
    const run = await runCli([
      "trust",
      "analyze",
      "--ratings",
      await csv("a,b,1,2024-05-01\nb,a,-1,2024-05-01T10:00:00Z\n"),
      "--json",
    ]);
    expect(run.code, run.err).toBe(0);
  });

  it("maps usage and file errors to exit codes 2 and 4", async () => {
    const path = await csv("a,b,1,5\n");
    expect((await runCli(["trust", "analyze", "--ratings", path, "--scale", "5..1"])).code).toBe(2);
    expect(
      (await runCli(["trust", "analyze", "--ratings", path, "--format", "rater,ratee"])).code,
    ).toBe(2);
    expect((await runCli(["trust", "analyze", "--ratings", join(root, "missing.csv")])).code).toBe(
      4,
    );
    expect((await runCli(["trust", "analyze", "--ratings", await csv("")])).code).toBe(3);
  });
});
