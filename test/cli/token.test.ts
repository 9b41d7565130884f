/**
 * `fabrique token keygen / mint / member-id` in process: the files keygen writes (secrets mode 0600, the
 * registration body), a minted token that verifies with the registered public key and carries the
 * claims the server checks, the member id of memberIdFor, and usage errors (exit 2) for bad input.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { afterEach, beforeEach, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { memberIdFor } from "../../src/domain/ids.js";
import { runCli } from "../support/cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fabrique-token-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("keygen writes a key, a secret and the registration body; mint signs what the server checks", async () => {
  const keygen = await runCli(["token", "keygen", "--out", dir]);
  expect(keygen.code, keygen.err).toBe(EXIT.ok);
  const registration = JSON.parse(keygen.out);
  expect(JSON.parse(await readFile(join(dir, "member-token-key.json"), "utf8"))).toEqual(
    registration,
  );
  expect(registration.jwk).toEqual({ kty: "OKP", crv: "Ed25519", x: expect.any(String) });
  for (const secret of ["member-token.jwk", "member-id-secret"]) {
    expect((await stat(join(dir, secret))).mode & 0o777, secret).toBe(0o600);
  }

  const member = await runCli([
    "token",
    "member-id",
    "--secret-file",
    join(dir, "member-id-secret"),
    "--user",
    "guest-42",
  ]);
  expect(member.code, member.err).toBe(EXIT.ok);
  const secret = Buffer.from((await readFile(join(dir, "member-id-secret"), "utf8")).trim(), "hex");
  expect(member.out.trim()).toBe(memberIdFor(new Uint8Array(secret), "guest-42"));

  const args = ["token", "mint", "--space", "stays", "--member", member.out.trim()];
  const mint = await runCli([...args, "--key", join(dir, "member-token.jwk"), "--ttl", "60"]);
  expect(mint.code, mint.err).toBe(EXIT.ok);
  const jwt = mint.out.trim();
  const { payload, protectedHeader } = await jwtVerify(
    jwt,
    await importJWK(registration.jwk, "EdDSA"),
    { audience: "urn:fabrique:space:stays", typ: "fabrique-member+jwt" },
  );
  expect(payload.sub).toBe(member.out.trim());
  expect(Number(payload.exp) - Number(payload.iat)).toBe(60);
  expect(protectedHeader.kid).toBe(keygen.err.match(/^kid (\S+);/)?.[1]);
  expect(decodeProtectedHeader(jwt).alg).toBe("EdDSA");
});

it("refuses bad input with a usage error", async () => {
  await runCli(["token", "keygen", "--out", dir]);
  const key = join(dir, "member-token.jwk");
  const mint = ["token", "mint", "--space", "stays", "--member", "m1"];
  for (const [label, args] of [
    ["a lifetime over 15 minutes", [...mint, "--key", key, "--ttl", "901"]],
    ["a lifetime that is not a number", [...mint, "--key", key, "--ttl", "soon"]],
    ["a missing key file", [...mint, "--key", join(dir, "nope.jwk")]],
    ["a public key", [...mint, "--key", join(dir, "member-token-key.json")]],
    ["no --member", ["token", "mint", "--space", "stays", "--key", key]],
    ["a secret that is not hex", ["token", "member-id", "--secret-file", key, "--user", "u"]],
  ] as const) {
    const run = await runCli([...args]);
    expect(run.code, `${label}: ${run.err}`).toBe(EXIT.usage);
    expect(run.out, label).toBe("");
  }
  await writeFile(join(dir, "big.jwk"), "x".repeat(5000));
  expect((await runCli([...mint, "--key", join(dir, "big.jwk")])).code).toBe(EXIT.usage);
});
