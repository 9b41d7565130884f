/**
 * The keys a space issues reputation credentials with (issue 6). Each space key (keys/space-keys.ts)
 * yields one credential issuer key, an Ed25519 seed derived by HKDF-SHA256 (RFC 5869) from the space
 * key's seed with the info "fabrique/credential-issuer/v1": the log key never signs a JWS itself (one
 * key, one protocol), no new secret needs storing or sealing, and a rotation of the space key rotates
 * the issuer key with it. The `kid` is the RFC 7638 thumbprint of the issuer's public JWK.
 *
 * The issuer is identified by a URL, `<base>/v1/spaces/<space>`, and publishes its keys as JWT VC
 * Issuer Metadata at `<base>/.well-known/jwt-vc-issuer/v1/spaces/<space>` (draft-ietf-oauth-sd-jwt-vc
 * §5: the well-known segment goes between the host and the issuer's path).
 */
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { KeyVault } from "../keys/key-vault.js";
import { listSpaceKeys, loadSpaceKey } from "../keys/space-keys.js";
import type { Executor } from "../schema.js";

/** HKDF info of the derivation; a new purpose or format takes a new info, never this one. */
const DERIVATION_INFO = "fabrique/credential-issuer/v1";
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** An issuer key, opened. */
export interface IssuerKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public JWK, with kid, alg and use. */
  readonly jwk: JWK;
}

/** The identifier and metadata location of a space as credential issuer. */
export interface IssuerIdentity {
  /** The `iss` of its credentials. */
  readonly issuer: string;
  /** Where its JWT VC Issuer Metadata is served. */
  readonly metadataUrl: string;
  /** Where its status list token is served. */
  readonly statusListUrl: string;
}

/**
 * The issuer identity of `space` under `base` (the server's public URL, no trailing slash).
 *
 * @example issuerIdentity("https://trust.example.com", "stays").issuer // "https://trust.example.com/v1/spaces/stays"
 */
export function issuerIdentity(base: string, space: string): IssuerIdentity {
  const url = new URL(base);
  const path = `/v1/spaces/${space}`;
  return {
    issuer: `${url.origin}${url.pathname.replace(/\/$/, "")}${path}`,
    metadataUrl: `${url.origin}/.well-known/jwt-vc-issuer${url.pathname.replace(/\/$/, "")}${path}`,
    statusListUrl: `${url.origin}${url.pathname.replace(/\/$/, "")}${path}/credentials/status-list`,
  };
}

/**
 * The issuer key derived from the space's newest key (opens it with the vault). Throws
 * StoreError("not-found") when the space has no key.
 *
 * @example const key = await currentIssuerKey(db.kysely, vault, "stays")
 */
export async function currentIssuerKey(
  db: Executor,
  vault: KeyVault,
  space: string,
): Promise<IssuerKey> {
  const key = await loadSpaceKey(db, vault, space);
  try {
    return await issuerKeyOf(key.seed);
  } finally {
    key.seed.fill(0);
  }
}

/**
 * The public JWKs of every issuer key of `space`, newest first (a credential issued before a rotation
 * still verifies until it expires).
 *
 * @example const { keys } = { keys: await issuerJwks(db.kysely, vault, "stays") }
 */
export async function issuerJwks(db: Executor, vault: KeyVault, space: string): Promise<JWK[]> {
  const infos = await listSpaceKeys(db, space);
  const jwks: JWK[] = [];
  for (const info of [...infos].reverse()) {
    const key = await loadSpaceKey(db, vault, space, info.keyId);
    try {
      jwks.push((await issuerKeyOf(key.seed)).jwk);
    } finally {
      key.seed.fill(0);
    }
  }
  return jwks;
}

async function issuerKeyOf(spaceSeed: Uint8Array): Promise<IssuerKey> {
  const seed = Buffer.from(hkdfSync("sha256", spaceSeed, new Uint8Array(0), DERIVATION_INFO, 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  seed.fill(0);
  const { x } = createPublicKey(privateKey).export({ format: "jwk" });
  const publicJwk: JWK = { kty: "OKP", crv: "Ed25519", x: String(x) };
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  return { kid, privateKey, jwk: { ...publicJwk, kid, alg: "EdDSA", use: "sig" } };
}
