/**
 * `fabrique export` and `fabrique credential issue | present | verify` on an embedded store made by
 * `fabrique space create` and filled through the space service (the CLI has no command to add members).
 * The archive is read by Python's zipfile and its manifest checked with the log key `space create`
 * printed; a credential issued by the CLI is presented and verified by the CLI with the issuer's
 * metadata and status list as files, and refused with exit 1 for another nonce or after revocation.
 * The store logic itself runs on both backends in test/http/routes (member-export, credentials).
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { memberIdFor } from "../../src/domain/ids.js";
import { randomBytes } from "../../src/log/crypto.js";
import { storeConfigFromEnv } from "../../src/store/config.js";
import { issuerIdentity, issuerJwks } from "../../src/store/credentials/issuer-keys.js";
import { revokeCredential } from "../../src/store/credentials/status-entries.js";
import { spaceStatusListToken } from "../../src/store/credentials/status-list-token.js";
import { createSpaceLogSigners } from "../../src/store/log/space-log-signer.js";
import { openExportNote } from "../../src/store/member-export/manifest.js";
import { openStore } from "../../src/store/open-store.js";
import { createSpaceService } from "../../src/store/space/service.js";
import { runCli } from "../support/cli.js";
import { unzip } from "../support/unzip.js";

const BASE = "https://fabrique.local";
let dir: string;
let logKey: string;
let member: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fabrique-cli-member-"));
  const created = await runCli([
    "space",
    "create",
    "--name",
    "Stays",
    "--id",
    "stays",
    "--data-dir",
    dir,
  ]);
  expect(created.code).toBe(0);
  logKey = /log key: (\S+)/.exec(created.out)?.[1] ?? "";
  member = memberIdFor(randomBytes(32), "ada");
  await withStore(async (store) => {
    const signers = createSpaceLogSigners({ vault: store.vault });
    const service = createSpaceService({ db: store.db, vault: store.vault, signers });
    const operator = { kind: "operator", key: "test", scopes: ["admin"] } as const;
    const joined = await service.execute("stays", operator, "joinMember", {
      member,
      displayName: "Ada Lovelace",
    });
    expect(joined.ok).toBe(true);
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) {
  const store = await openStore(storeConfigFromEnv({ FABRIQUE_DATA_DIR: dir }));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

it("exports a member to a signed archive, and refuses an unknown member without leaving a file", async () => {
  const out = join(dir, "ada.zip");
  const run = await runCli([
    "export",
    "--space",
    "stays",
    "--member",
    member,
    "--out",
    out,
    "--data-dir",
    dir,
  ]);
  expect(run.err).toMatch(/^export \S+: \d+ records, \d+ log entries in [\d.]+ s\n$/);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/ada\.zip: \d+ files, \d+ records/);
  const files = unzip(await readFile(out));
  openExportNote(String(files.get("manifest.sig")), logKey, files.get("manifest.json") as Buffer);
  const me = JSON.parse(String(files.get("data/member.json")));
  expect(me.records).toEqual([
    expect.objectContaining({ id: member, displayName: "Ada Lovelace" }),
  ]);
  const accesses = JSON.parse(String(files.get("access-log.json"))).records;
  expect(accesses[0]).toMatchObject({
    action: "export",
    who: "an operator of the server (fabrique command line)",
  });

  const portable = await runCli([
    "export",
    "--space",
    "stays",
    "--member",
    member,
    "--out",
    join(dir, "p.zip"),
    "--scope",
    "portable",
    "--data-dir",
    dir,
  ]);
  expect(portable.code).toBe(0);
  expect(
    [...unzip(await readFile(join(dir, "p.zip"))).keys()].some((n) =>
      n.startsWith("derived/reputation"),
    ),
  ).toBe(false);

  const unknown = await runCli([
    "export",
    "--space",
    "stays",
    "--member",
    "nobody",
    "--out",
    join(dir, "x.zip"),
    "--data-dir",
    dir,
  ]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toMatch(/no member nobody/);
  expect((await readdir(dir)).filter((f) => f.startsWith("x.zip"))).toEqual([]);
  expect(
    (
      await runCli([
        "export",
        "--space",
        "stays",
        "--member",
        member,
        "--scope",
        "all",
        "--data-dir",
        dir,
      ])
    ).code,
  ).toBe(2);
  expect(
    (
      await runCli([
        "export",
        "--space",
        "stays",
        "--member",
        member,
        "--data-dir",
        join(dir, "none"),
      ])
    ).code,
  ).toBe(4);
});

it("issues credentials, presents one claim and verifies it offline; another nonce and a revocation are refused", async () => {
  const issued = await runCli([
    "credential",
    "issue",
    "--space",
    "stays",
    "--member",
    member,
    "--count",
    "2",
    "--data-dir",
    dir,
  ]);
  expect(issued.code).toBe(0);
  expect(issued.err).toMatch(/secrets/);
  const { issuer, credentials } = JSON.parse(issued.out);
  expect(issuer).toBe(`${BASE}/v1/spaces/stays`);
  expect(credentials).toHaveLength(2);
  expect(credentials[0].claims.map((c: { claim: string }) => c.claim).sort()).toEqual([
    "member_since",
    "space",
  ]);
  const credential = join(dir, "credential.txt");
  const holderKey = join(dir, "holder.jwk");
  await writeFile(credential, credentials[0].credential);
  await writeFile(holderKey, JSON.stringify(credentials[0].holderKey));

  const audience = "https://other-community.example";
  const presented = await runCli([
    "credential",
    "present",
    "--credential",
    credential,
    "--holder-key",
    holderKey,
    "--audience",
    audience,
    "--nonce",
    "n-20250101",
    "--disclose",
    "space",
  ]);
  expect(presented.code).toBe(0);
  const presentation = join(dir, "presentation.txt");
  await writeFile(presentation, presented.out);

  const metadata = join(dir, "metadata.json");
  const statusList = join(dir, "status.jwt");
  const publish = async () =>
    withStore(async (store) => {
      const keys = await issuerJwks(store.db.kysely, store.vault, "stays");
      await writeFile(
        metadata,
        JSON.stringify({ issuer: issuerIdentity(BASE, "stays").issuer, jwks: { keys } }),
      );
      await writeFile(
        statusList,
        await spaceStatusListToken(store.db.kysely, store.vault, "stays", BASE, Date.now()),
      );
    });
  await publish();
  const verify = (nonce: string) =>
    runCli([
      "credential",
      "verify",
      "--presentation",
      presentation,
      "--audience",
      audience,
      "--nonce",
      nonce,
      "--metadata",
      metadata,
      "--status-list",
      statusList,
    ]);
  const ok = await verify("n-20250101");
  expect(ok.err).toBe("");
  expect(ok.code).toBe(0);
  expect(ok.out).toContain("They are a member of the space stays.");
  expect(ok.out).toContain("not checked: replay");
  expect(ok.out).not.toContain("member_since");

  expect(ok.out).toContain("trust in the issuer: any issuer was accepted");
  const withIssuer = (trusted: string) =>
    runCli([
      "credential",
      "verify",
      "--presentation",
      presentation,
      "--audience",
      audience,
      "--nonce",
      "n-20250101",
      "--metadata",
      metadata,
      "--status-list",
      statusList,
      "--issuer",
      trusted,
    ]);
  const trusted = await withIssuer(issuer);
  expect(trusted.code).toBe(0);
  expect(trusted.out).not.toContain("trust in the issuer");
  const other = await withIssuer("https://trusted.example/v1/spaces/x");
  expect(other.code).toBe(1);
  expect(other.err).toMatch(/refused \(unknown-issuer\)/);

  const wrongNonce = await verify("n-other-nonce");
  expect(wrongNonce.code).toBe(1);
  expect(wrongNonce.err).toMatch(/refused \(wrong-nonce\)/);

  await withStore((store) =>
    revokeCredential(store.db.kysely, "stays", credentials[0].statusIndex, Date.now(), "test"),
  );
  await publish();
  const revoked = await verify("n-20250101");
  expect(revoked.code).toBe(1);
  expect(revoked.err).toMatch(/refused \(revoked\)/);

  await writeFile(presentation, "not a presentation");
  expect((await verify("n-20250101")).code).toBe(3);
  const unknown = await runCli([
    "credential",
    "issue",
    "--space",
    "stays",
    "--member",
    "nobody",
    "--data-dir",
    dir,
  ]);
  expect(unknown.code).toBe(2);
  expect(existsSync(join(dir, "fabrique-stays-nobody.zip"))).toBe(false);
});
