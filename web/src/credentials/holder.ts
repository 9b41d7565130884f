/**
 * The member's side of a portable reputation credential (SD-JWT VC, RFC 9901), in the browser: a
 * holder key made by WebCrypto that never leaves the page (non-extractable), the disclosures read so
 * the member sees exactly what each would reveal, and a presentation of the chosen disclosures with its
 * key-binding JWT (RFC 9901 §4.3: typ kb+jwt, iat, aud, nonce, sd_hash over the presented SD-JWT).
 */
import { decodeBase64Url, encodeBase64Url } from "../../../src/domain/base64url.js";
import { sha256 } from "../../../src/log/crypto.js";

/** A holder key: its private half stays a non-extractable CryptoKey of this page. */
export interface HolderKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: { readonly kty: string; readonly crv: string; readonly x: string };
}

/**
 * A new Ed25519 holder key.
 *
 * @example const key = await newHolderKey()
 */
export async function newHolderKey(): Promise<HolderKey> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return {
    privateKey: pair.privateKey,
    publicJwk: { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) },
  };
}

/**
 * What a disclosure holds: [salt, claim name, value] (RFC 9901 §4.2.1). Parser of untrusted text: at most
 * 4 KiB, canonical base64url of a JSON array of three items; null otherwise.
 *
 * @example readDisclosure(d) // { salt: "…", name: "space", value: "stays" }
 */
export function readDisclosure(
  disclosure: string,
): { salt: string; name: string; value: unknown } | null {
  if (disclosure.length > 4096) return null;
  const bytes = decodeBase64Url(disclosure);
  if (bytes === null) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [salt, name, value] = parsed as unknown[];
    return typeof salt === "string" && typeof name === "string" ? { salt, name, value } : null;
  } catch {
    return null;
  }
}

/**
 * The presentation of `credential` (as issued, every disclosure) revealing only `disclosures`, bound to
 * `key` for `audience` and `nonce`.
 *
 * @example const p = await present(issued.credential, [spaceDisclosure], key, location.origin, nonce)
 */
export async function present(
  credential: string,
  disclosures: readonly string[],
  key: HolderKey,
  audience: string,
  nonce: string,
): Promise<string> {
  const issuerJwt = credential.split("~")[0] ?? "";
  const sdJwt = `${issuerJwt}~${disclosures.map((d) => `${d}~`).join("")}`;
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const part = (o: unknown) => encodeBase64Url(utf8(JSON.stringify(o)));
  const header = part({ alg: "EdDSA", typ: "kb+jwt" });
  const payload = part({
    iat: Math.floor(Date.now() / 1000),
    aud: audience,
    nonce,
    sd_hash: encodeBase64Url(sha256(utf8(sdJwt))),
  });
  const signed = `${header}.${payload}`;
  const signature = new Uint8Array(
    await crypto.subtle.sign("Ed25519", key.privateKey, utf8(signed)),
  );
  return `${sdJwt}${signed}.${encodeBase64Url(signature)}`;
}
