/**
 * What `fabrique demo` runs: loads the synthetic community through the server's public API with
 * progress, then prints what to open: the web UI with sign-in links for a member (a token, 15 minutes)
 * and a moderator (a moderate-scope key), the log and how to verify it, and the API.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../cli-error.js";
import type { DemoOptions } from "../commands/demo.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";
import { mintMemberToken } from "../token/member-token-key.js";
import { demoClient } from "./client.js";
import { loadCommunity } from "./load-community.js";
import { seededPrng } from "./prng.js";

/**
 * Loads the demo and prints where to look.
 *
 * @example await runDemo({ url, members: "20", seed: "1" }, io, process.env)
 */
export async function runDemo(
  opts: DemoOptions,
  io: Io,
  env: { readonly FABRIQUE_ADMIN_TOKEN?: string | undefined },
): Promise<void> {
  const members = Number(opts.members);
  if (!Number.isInteger(members) || members < 4 || members > 10_000) {
    throw new CliError("usage", `--members ${opts.members} is not an integer in 4–10000`);
  }
  const url = opts.url.replace(/\/+$/, "");
  const adminToken = await adminTokenOf(opts, env);
  const now = Date.now();
  const space = opts.space ?? `demo-${slug(opts.seed)}-${now.toString(36)}`;
  const bar = progress(io, "demo");
  const community = await loadCommunity(
    demoClient(url),
    seededPrng(opts.seed),
    { space, members, adminToken, now },
    bar.update,
  );
  const c = community.counts;
  bar.finish(
    `${members} members, ${community.listings.length} listings, ${c.interactions} stays, ${c.reviews} reviews (${c.sealed} stays reviewed by one side only, sealed), ${c.replies} replies, ${c.vouches} vouches, 1 alert, 1 decision, 1 appeal`,
  );
  const member = community.members.at(-1) as string;
  const token = await mintMemberToken(community.tokenKey, space, member);
  const base = `${url}/v1/spaces/${space}`;
  const moderatorKey = await demoClient(url).post(`/v1/spaces/${space}/keys`, community.adminKey, {
    scopes: ["moderate"],
    label: "demo moderator",
  });
  // Credentials ride in the URL fragment, which browsers never send to the server.
  const ui = `${url}/#/s/${space}`;
  io.out(
    [
      `space: ${space}`,
      `web UI: ${ui}`,
      `  open as member ${member} (15 min): ${ui}/sign-in?token=${token}`,
      `  open as a moderator: ${ui}/sign-in?key=${String(moderatorKey.key)}`,
      `log: ${base}/log/checkpoint (sealed within a second)`,
      "verify it:",
      `  curl -s ${base}/log/key > demo.vkey && npx fabrique log verify --url ${base}/log/ --vkey demo.vkey`,
      `operator key (admin scope): ${community.adminKey}`,
      `member ${member} token (15 min): ${token}`,
      `listing reviews: ${base}/subjects/${community.listings[0]}/reviews`,
      `API docs: ${url}/docs`,
      "",
    ].join("\n"),
  );
}

async function adminTokenOf(
  opts: DemoOptions,
  env: { readonly FABRIQUE_ADMIN_TOKEN?: string | undefined },
): Promise<string> {
  const given = opts.adminToken ?? env.FABRIQUE_ADMIN_TOKEN;
  if (given !== undefined && given.trim() !== "") return given.trim();
  try {
    return (await readFile(join("data", "admin-token"), "utf8")).trim();
  } catch {
    throw new CliError(
      "usage",
      "no platform admin token: pass --admin-token, set FABRIQUE_ADMIN_TOKEN, or run from the folder where `fabrique serve` wrote data/admin-token",
    );
  }
}

function slug(seed: string): string {
  return (
    seed
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 20) || "seed"
  );
}
