/**
 * Static logs written with the CLI itself (`fabrique log keygen` and `log append`), as a log operator
 * would publish them.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "../../support/cli.js";

export const ORIGIN = "example.org/audit-test";
const KEY_BASE = "example.org_audit-test";

export interface LogKeys {
  readonly key: string;
  readonly vkey: string;
}

/** A scratch directory, removed by the returned function. */
export async function scratch(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "fabrique-audit-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh log key pair under `dir`. */
export async function newKeys(dir: string): Promise<LogKeys> {
  const out = join(dir, "keys");
  const run = await runCli(["log", "keygen", "--origin", ORIGIN, "--out", out]);
  expect(run.code, run.err).toBe(0);
  return { key: join(out, `${KEY_BASE}.key`), vkey: join(out, `${KEY_BASE}.vkey`) };
}

/** Appends `entries` (one per line) to the log in `site`. */
export async function append(site: string, keys: LogKeys, entries: readonly string[]) {
  const run = await runCli(["log", "append", "--dir", site, "--key", keys.key], entries.join("\n"));
  expect(run.code, run.err).toBe(0);
}

/** Replaces the log in `site` by a new one with `entries`, under the same key (history rewritten). */
export async function rewrite(site: string, keys: LogKeys, entries: readonly string[]) {
  await rm(site, { recursive: true, force: true });
  await append(site, keys, entries);
}

/** A copy of the log as it is now. */
export async function snapshot(site: string, to: string): Promise<string> {
  await cp(site, to, { recursive: true });
  return to;
}

export function lines(count: number, prefix = "entry", from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${from + i}`);
}
