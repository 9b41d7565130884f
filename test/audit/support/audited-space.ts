/**
 * A real Fabrique server for audit tests: the HTTP app over a fresh database of the backend under test,
 * listening on 127.0.0.1, with a community loaded through its public API by `fabrique demo` (members,
 * listings, stays, double-blind reviews from both sides, replies, vouches, an alert, a decision, an
 * appeal) and its log sealed. Auditors then reach it only by URL, as they would in the field. Test helper.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import { ADMIN_TOKEN, openTestApp, type TestApp } from "../../http/support/app.js";
import type { TestBackend } from "../../store/support/backends.js";
import { type CliRun, runCli } from "../../support/cli.js";

/** A listening server with one loaded space, and a scratch directory for auditors. */
export interface AuditedSpace {
  readonly t: TestApp;
  readonly space: string;
  /** The server's base URL. */
  readonly base: string;
  /** `${base}/v1/spaces/<space>/log/` */
  readonly logUrl: string;
  /** The space's log verifier key, in a file. */
  readonly vkeyFile: string;
  /** The operator's admin API key of the space. */
  readonly adminKey: string;
  /** A scratch directory (removed by close). */
  readonly dir: string;
  /** Seals the space's log now (no sealer runs in the test app). */
  seal(): Promise<void>;
  /** Runs `fabrique audit <args>` against this space with a state directory under `dir`. */
  audit(command: string, state: string, ...args: string[]): Promise<CliRun>;
  /** The same against the log served at `url` (another view of it). */
  auditAt(url: string, command: string, state: string, ...args: string[]): Promise<CliRun>;
  /** The same against a static copy of the log in directory `logDir`. */
  auditDir(logDir: string, command: string, state: string, ...args: string[]): Promise<CliRun>;
  /** Runs `fabrique audit <args>` as given. */
  auditRaw(args: readonly string[]): Promise<CliRun>;
  /** A path under `dir`. */
  path(name: string): string;
  /** Writes `text` to a file under `dir`. */
  writeFile(name: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the server, loads a community of `members` with `seed`, and seals it.
 *
 * @example const s = await openAuditedSpace(backend); const run = await s.audit("recompute", "a1")
 */
export async function openAuditedSpace(
  backend: TestBackend,
  options: { readonly members?: number; readonly seed?: string; readonly space?: string } = {},
): Promise<AuditedSpace> {
  const t = await openTestApp(backend);
  const dir = await mkdtemp(join(tmpdir(), "fabrique-audited-"));
  const space = options.space ?? "audited";
  try {
    const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const demo = await runCli([
      "demo",
      ...["--url", base, "--admin-token", ADMIN_TOKEN],
      ...["--members", String(options.members ?? 12), "--seed", options.seed ?? "7"],
      ...["--space", space],
    ]);
    expect(demo.code, demo.err).toBe(0);
    const adminKey = /^operator key \(admin scope\): (\S+)$/m.exec(demo.out)?.[1] as string;
    const logUrl = `${base}/v1/spaces/${space}/log/`;
    const vkeyFile = join(dir, "space.vkey");
    await writeFile(vkeyFile, await fetch(`${logUrl}key`).then((r) => r.text()));
    const seal = async () => {
      await sealSpace(t.db, t.signers, space);
    };
    await seal();
    return {
      t,
      space,
      base,
      logUrl,
      vkeyFile,
      adminKey,
      dir,
      seal,
      audit: (command, state, ...args) =>
        runCli([
          "audit",
          command,
          ...["--url", logUrl, "--vkey", vkeyFile, "--state", join(dir, state)],
          ...args,
        ]),
      auditAt: (url, command, state, ...args) =>
        runCli([
          "audit",
          command,
          ...["--url", url, "--vkey", vkeyFile, "--state", join(dir, state)],
          ...args,
        ]),
      auditDir: (logDir, command, state, ...args) =>
        runCli([
          "audit",
          command,
          ...["--dir", logDir, "--vkey", vkeyFile, "--state", join(dir, state)],
          ...args,
        ]),
      auditRaw: (args) => runCli(["audit", ...args]),
      path: (name) => join(dir, name),
      writeFile: (name, text) => writeFile(join(dir, name), text),
      async close() {
        await t.app.close();
        await t.database.dispose();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await t.app.close();
    await t.database.dispose();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
