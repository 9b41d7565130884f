/**
 * `fabrique demo`: loads a synthetic community (src/cli/demo/load-community.ts) into a NEW space of a
 * running server, through its public API, then prints what to open: the space's log and the command that
 * verifies it, an operator key, a member token valid 15 minutes, and the API docs. The same --seed loads
 * the same community.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { demoClient } from "../demo/client.js";
import { loadCommunity } from "../demo/load-community.js";
import { seededPrng } from "../demo/prng.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";
import { mintMemberToken } from "./token.js";

/** Flags of `fabrique demo`. */
export interface DemoOptions {
  readonly url: string;
  readonly adminToken?: string;
  readonly members: string;
  readonly seed: string;
  readonly space?: string;
}

/**
 * Adds the `demo` command to `program`.
 *
 * @example registerDemoCommand(program, io)
 */
export function registerDemoCommand(program: Command, io: Io): void {
  program
    .command("demo")
    .description("load a synthetic community into a new space of a running server, through its API")
    .option("--url <url>", "the server", "http://127.0.0.1:8080")
    .option(
      "--admin-token <token>",
      "the platform admin token (default: FABRIQUE_ADMIN_TOKEN, else ./data/admin-token)",
    )
    .option("--members <n>", "members to create (4–10000)", "40")
    .option("--seed <seed>", "seed of the generator (same seed, same community)", "1")
    .option("--space <id>", "the new space's id (default demo-<seed>-<time>)")
    .action(async (opts: DemoOptions) => {
      await runDemo(opts, io, process.env);
    });
}

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
  io.out(
    [
      `space: ${space}`,
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
