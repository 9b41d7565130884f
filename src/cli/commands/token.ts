/**
 * `fabrique token`: what an operator's backend does for member tokens, as commands, so that a quick start
 * (and a demo) needs nothing but curl. Nothing here talks to a server or registers anything:
 *
 *   keygen     an Ed25519 key pair for signing member tokens, plus a secret for member ids; prints the
 *              body to POST to /v1/spaces/{space}/member-token-keys
 *   mint       a member token (src/http/auth/member-token.ts: typ fabrique-member+jwt, aud
 *              urn:fabrique:space:<space>, sub = member id, kid = RFC 7638 thumbprint, ≤ 15 minutes)
 *   member-id  the member id of one of the operator's users (src/domain/ids.ts memberIdFor)
 *
 * Production backends do the same with their own JOSE library and keep the private key and the secret in
 * their secret store; the files written here are mode 0600.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from "jose";
import { memberIdFor } from "../../domain/ids.js";
import { MEMBER_TOKEN_TYPE, memberTokenAudience } from "../../http/auth/member-token.js";
import { randomBytes } from "../../log/crypto.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

/** File names `token keygen` writes into its folder. */
export const TOKEN_FILES = {
  /** The private JWK (mode 0600): what `token mint --key` reads. */
  privateKey: "member-token.jwk",
  /** `{"jwk": <public JWK>}`: the body of POST /v1/spaces/{space}/member-token-keys. */
  registration: "member-token-key.json",
  /** 32 random bytes, hex (mode 0600): what `token member-id --secret-file` reads. */
  memberSecret: "member-id-secret",
} as const;

/** The longest member token lifetime the server accepts by default (its maxAgeSeconds), in seconds. */
export const MAX_TOKEN_TTL_SECONDS = 900;

/** A freshly generated member-token key. */
export interface MemberTokenKey {
  /** The private JWK (kty OKP, crv Ed25519, x, d). */
  readonly privateJwk: JWK;
  /** The public JWK to register: { kty, crv, x }. */
  readonly publicJwk: { readonly kty: "OKP"; readonly crv: "Ed25519"; readonly x: string };
  /** Its RFC 7638 thumbprint: the kid of the tokens it signs. */
  readonly kid: string;
}

/**
 * Generates an Ed25519 key for member tokens.
 *
 * @example const key = await generateMemberTokenKey(); await post(`/member-token-keys`, { jwk: key.publicJwk })
 */
export async function generateMemberTokenKey(): Promise<MemberTokenKey> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return keyFromPrivateJwk(privateJwk);
}

/**
 * Mints a member token for `member` in `space`, valid `ttlSeconds` (at most 900) from `now`.
 *
 * @example const token = await mintMemberToken(key, "market", memberId)
 */
export async function mintMemberToken(
  key: MemberTokenKey,
  space: string,
  member: string,
  options: { readonly ttlSeconds?: number; readonly now?: number } = {},
): Promise<string> {
  const ttl = options.ttlSeconds ?? MAX_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new RangeError(`a member token lives 1 to ${MAX_TOKEN_TTL_SECONDS} seconds, not ${ttl}`);
  }
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const signingKey = await importJWK(key.privateJwk, "EdDSA");
  return new SignJWT({})
    .setProtectedHeader({ alg: "EdDSA", typ: MEMBER_TOKEN_TYPE, kid: key.kid })
    .setSubject(member)
    .setAudience(memberTokenAudience(space))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(signingKey);
}

/**
 * Reads a private JWK that `token keygen` wrote (untrusted file: at most 4 KiB of JSON, an Ed25519 OKP
 * key with x and d).
 *
 * @example const key = await readMemberTokenKey("keys/member-token.jwk")
 */
export async function readMemberTokenKey(path: string): Promise<MemberTokenKey> {
  const text = await readFile(path, "utf8").catch((e: unknown) => {
    throw new CliError("usage", `cannot read the key ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  });
  if (text.length > 4096) throw new CliError("usage", `${path} is larger than 4 KiB`);
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch (e) {
    throw new CliError("usage", `${path} is not JSON`, { cause: e });
  }
  if (jwk?.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || !jwk.d) {
    throw new CliError("usage", `${path} is not a private Ed25519 JWK (token keygen writes one)`);
  }
  return keyFromPrivateJwk(jwk);
}

/**
 * Adds `token keygen`, `token mint` and `token member-id` to `program`.
 *
 * @example registerTokenCommands(program, io)
 */
export function registerTokenCommands(program: Command, io: Io): void {
  const token = program
    .command("token")
    .description("member tokens as an operator's backend makes them (offline: registers nothing)");
  token
    .command("keygen")
    .description(
      `write an Ed25519 member-token key and a member-id secret into DIR; print the body to POST to /v1/spaces/{space}/member-token-keys (also in DIR/${TOKEN_FILES.registration})`,
    )
    .requiredOption("--out <dir>", "folder to write the key files into (created)")
    .action(async (opts: { out: string }) => {
      const key = await generateMemberTokenKey();
      await mkdir(opts.out, { recursive: true });
      const registration = `${JSON.stringify({ jwk: key.publicJwk })}\n`;
      await writeSecret(
        join(opts.out, TOKEN_FILES.privateKey),
        `${JSON.stringify(key.privateJwk)}\n`,
      );
      await writeSecret(
        join(opts.out, TOKEN_FILES.memberSecret),
        `${Buffer.from(randomBytes(32)).toString("hex")}\n`,
      );
      await writeFile(join(opts.out, TOKEN_FILES.registration), registration);
      io.out(registration);
      io.err(`kid ${key.kid}; private key in ${join(opts.out, TOKEN_FILES.privateKey)}\n`);
    });
  token
    .command("mint")
    .description("print a member token (EdDSA JWT) for --member in --space")
    .requiredOption("--space <space>", "the space id (the token's audience)")
    .requiredOption("--member <id>", "the member id (see token member-id)")
    .requiredOption("--key <file>", `the private JWK (${TOKEN_FILES.privateKey} from token keygen)`)
    .option(
      "--ttl <seconds>",
      `lifetime, at most ${MAX_TOKEN_TTL_SECONDS}`,
      `${MAX_TOKEN_TTL_SECONDS}`,
    )
    .action(async (opts: { space: string; member: string; key: string; ttl: string }) => {
      const ttlSeconds = Number(opts.ttl);
      const key = await readMemberTokenKey(opts.key);
      const jwt = await usage(() => mintMemberToken(key, opts.space, opts.member, { ttlSeconds }));
      io.out(`${jwt}\n`);
    });
  token
    .command("member-id")
    .description("print the member id of the operator's user --user (HMAC of the member-id secret)")
    .requiredOption(
      "--secret-file <file>",
      `the secret (${TOKEN_FILES.memberSecret} from token keygen)`,
    )
    .requiredOption("--user <id>", "the operator's own id of the user")
    .action(async (opts: { secretFile: string; user: string }) => {
      const secret = await readSecret(opts.secretFile);
      io.out(`${await usage(async () => memberIdFor(secret, opts.user))}\n`);
    });
}

async function keyFromPrivateJwk(jwk: JWK): Promise<MemberTokenKey> {
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: String(jwk.x) } as const;
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const privateJwk: JWK = { kty: "OKP", crv: "Ed25519", x: String(jwk.x), d: String(jwk.d) };
  return { privateJwk, publicJwk, kid };
}

/** Reads a hex secret file (untrusted: at most 1 KiB; at least 32 bytes once decoded). */
async function readSecret(path: string): Promise<Uint8Array> {
  const text = (
    await readFile(path, "utf8").catch((e: unknown) => {
      throw new CliError("usage", `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    })
  ).trim();
  if (text.length > 1024 || !/^([0-9a-f]{2})+$/i.test(text)) {
    throw new CliError("usage", `${path} is not a hex secret`);
  }
  return new Uint8Array(Buffer.from(text, "hex"));
}

async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

async function usage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RangeError) throw new CliError("usage", e.message, { cause: e });
    throw e;
  }
}
