/**
 * Shared set-up of the HTTP suites: an app over a fresh database of the backend under test (SQLite or
 * PostgreSQL, test/store/support/backends.ts), with a vault, log signers and a platform admin token;
 * helpers to create spaces' log keys, API keys and member-token keys, and to mint member tokens with
 * jose exactly as an operator's backend would. Test helper.
 */
import { Writable } from "node:stream";
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { pino } from "pino";
import { afterEach, beforeEach } from "vitest";
import { type AppDeps, buildApp, type FabriqueApp } from "../../../src/http/app.js";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "../../../src/http/config.js";
import { randomBytes } from "../../../src/log/crypto.js";
import { createApiKey } from "../../../src/store/access/api-keys.js";
import { registerMemberTokenKey } from "../../../src/store/access/member-token-keys.js";
import type { AccessScope } from "../../../src/store/access/scopes.js";
import type { Database } from "../../../src/store/database.js";
import { createKeyVault, type KeyVault } from "../../../src/store/keys/key-vault.js";
import { createSpaceKey } from "../../../src/store/keys/space-keys.js";
import { appendEntries } from "../../../src/store/log/append-entries.js";
import {
  createSpaceLogSigners,
  type SpaceLogSigners,
} from "../../../src/store/log/space-log-signer.js";
import { sealSpace } from "../../../src/store/sealer/seal-space.js";
import type { TestBackend, TestDatabase } from "../../store/support/backends.js";

/** The platform admin token of test apps. */
export const ADMIN_TOKEN = `fbp_${"ab".repeat(32)}`;

/** The configuration of test apps: defaults, a known admin token, silent logs. */
export const TEST_CONFIG: HttpConfig = {
  ...DEFAULT_HTTP_CONFIG,
  logLevel: "silent",
  adminToken: ADMIN_TOKEN,
};

/** One test's app and what it runs on. */
export interface TestApp {
  readonly app: FabriqueApp;
  readonly db: Database;
  readonly vault: KeyVault;
  readonly signers: SpaceLogSigners;
  readonly database: TestDatabase;
  /** Log lines the app wrote (JSON objects), when built with `captureLogs`. */
  readonly logs: Record<string, unknown>[];
}

/** Options of a test app. */
export interface TestAppOptions {
  readonly config?: Partial<HttpConfig>;
  readonly clock?: () => number;
  readonly sealer?: AppDeps["sealer"];
  /** Routes to add before the app is ready (test-only routes). */
  readonly routes?: (app: FabriqueApp) => void | Promise<void>;
  readonly migrate?: boolean;
  /** Keep the app's log lines in `logs` (level info and above). */
  readonly captureLogs?: boolean;
}

/**
 * Builds a test app over a fresh database of `backend`.
 *
 * @example const t = await openTestApp(backend); await t.app.inject({ url: "/healthz" })
 */
export async function openTestApp(
  backend: TestBackend,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await backend.open({ migrate: options.migrate ?? true });
  const vault = createKeyVault(randomBytes(32));
  const signers = createSpaceLogSigners({ vault, host: "trust.example.com" });
  const logs: Record<string, unknown>[] = [];
  const logger =
    options.captureLogs === true
      ? pino(
          { level: "info" },
          new Writable({
            write(chunk, _encoding, done) {
              for (const line of String(chunk).split("\n"))
                if (line !== "") logs.push(JSON.parse(line));
              done();
            },
          }),
        )
      : pino({ level: "silent" });
  const app = await buildApp({
    db: database.db,
    vault,
    signers,
    config: { ...TEST_CONFIG, ...options.config },
    logger,
    processMetrics: false,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.sealer === undefined ? {} : { sealer: options.sealer }),
  });
  await options.routes?.(app);
  await app.ready();
  return { app, db: database.db, vault, signers, database, logs };
}

/**
 * Opens a test app before each test and closes it (and removes its database) after.
 *
 * @example const current = testAppPerTest(backend); it("…", async () => { const { app } = current() })
 */
export function testAppPerTest(backend: TestBackend, options: TestAppOptions = {}): () => TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await openTestApp(backend, options);
  });
  afterEach(async () => {
    await current?.app.close();
    await current?.database.dispose();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("no app: call inside a test");
    return current;
  };
}

/** Bearer header of a token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** Creates an API key of `space` and returns its text. */
export async function apiKey(
  db: Database,
  space: string,
  scopes: readonly AccessScope[],
): Promise<string> {
  return (await createApiKey(db.kysely, { space, scopes })).key;
}

/** An operator's member-token signing key, registered for `space`. */
export interface MemberTokenMinter {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** Signs a token; `claims`/`header` override the defaults (sub, aud, iat, exp, typ, kid). */
  mint(
    member: string,
    overrides?: { claims?: JWTPayload; header?: Record<string, unknown>; space?: string },
  ): Promise<string>;
}

/**
 * Generates an Ed25519 key pair as an operator would, registers its public JWK for `space`, and mints
 * tokens like the operator's backend: typ fabrique-member+jwt, aud urn:fabrique:space:<space>, 5 minutes.
 *
 * @example const minter = await memberTokenMinter(db, "market"); const token = await minter.mint("m1")
 */
export async function memberTokenMinter(
  db: Database,
  space: string,
  now: () => number = Date.now,
): Promise<MemberTokenMinter> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const jwk = await exportJWK(publicKey);
  const raw = new Uint8Array(Buffer.from(String(jwk.x), "base64url"));
  const { kid } = await registerMemberTokenKey(db.kysely, { space, publicKey: raw });
  return {
    kid,
    privateKey,
    async mint(member, overrides = {}) {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({
        sub: member,
        aud: `urn:fabrique:space:${overrides.space ?? space}`,
        iat,
        exp: iat + 300,
        ...overrides.claims,
      })
        .setProtectedHeader({ alg: "EdDSA", typ: "fabrique-member+jwt", kid, ...overrides.header })
        .sign(privateKey);
    },
  };
}

/** Gives `space` a log signing key (what creating a space does). */
export async function addSpaceKey(db: Database, vault: KeyVault, space: string): Promise<void> {
  await db.spaceTransaction(space, (w) => createSpaceKey(w, vault));
}

/** Appends `entries` to the space's log and signs a checkpoint over them. */
export async function appendAndSeal(
  db: Database,
  signers: SpaceLogSigners,
  space: string,
  entries: readonly Uint8Array[],
): Promise<void> {
  await db.spaceTransaction(space, (w) => appendEntries(w, entries));
  await sealSpace(db, signers, space);
}

/** Distinct entries `from`…`to − 1` of a space, of varied lengths. */
export function entries(space: string, from: number, to: number): Uint8Array[] {
  return Array.from({ length: to - from }, (_, i) =>
    new TextEncoder().encode(`${space} entry ${from + i} ${"x".repeat((from + i) % 23)}`),
  );
}

/** The parsed body of a problem answer, after checking its media type. */
export function problemOfResponse(response: {
  headers: Record<string, unknown>;
  body: string;
}): Record<string, unknown> {
  const type = String(response.headers["content-type"]);
  if (!type.startsWith("application/problem+json")) {
    throw new Error(`not a problem: ${type} ${response.body.slice(0, 200)}`);
  }
  return JSON.parse(response.body) as Record<string, unknown>;
}
