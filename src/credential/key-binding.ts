/**
 * Key Binding JWTs (RFC 9901 §4.3): the holder's signature over one presentation, made with the private
 * key whose public half the issuer put in `cnf.jwk`. It names the verifier (`aud`), answers its challenge
 * (`nonce`), says when it was made (`iat`) and pins the exact SD-JWT presented (`sd_hash`), so a
 * presentation can be neither replayed elsewhere nor stripped of or padded with disclosures.
 */
import { CompactSign, compactVerify, type JWK } from "jose";
import { sha256 } from "../log/crypto.js";
import { encodeBase64Url } from "./base64url.js";
import { CredentialError } from "./errors.js";
import { type JsonObject, ownValue } from "./json.js";
import { type DecodedJws, decodeJws, numericDate, stringClaim } from "./jwt.js";
import { ACCEPTED_ALGORITHMS, type SigningKey, signingAlgorithm } from "./keys.js";

/** The `typ` of every Key Binding JWT (RFC 9901 §4.3). */
export const KB_JWT_TYP = "kb+jwt";

/**
 * sd_hash (RFC 9901 §4.3.1): base64url(SHA-256(ASCII of the SD-JWT up to and including its last "~")).
 *
 * @example sdHash("<jwt>~<d1>~") // "1-Lcf6…"
 */
export function sdHash(sdJwt: string): string {
  if (!sdJwt.endsWith("~")) throw new CredentialError("malformed", "an SD-JWT ends in '~'");
  return encodeBase64Url(sha256(new TextEncoder().encode(sdJwt)));
}

/** What the holder signs in a Key Binding JWT. */
export interface KeyBindingInput {
  /** The holder's private key (its public JWK is the credential's cnf.jwk). */
  readonly holderKey: SigningKey;
  /** The SD-JWT being presented, ending in "~" (the issuer JWT and the chosen disclosures). */
  readonly sdJwt: string;
  /** The verifier this presentation is for. */
  readonly audience: string;
  /** The verifier's challenge. */
  readonly nonce: string;
  /** When the presentation is made, in Unix seconds. */
  readonly issuedAt: number;
}

/**
 * Signs a Key Binding JWT (RFC 9901 §4.3).
 *
 * @example const kb = await createKeyBindingJwt({ holderKey, sdJwt, audience, nonce, issuedAt })
 */
export async function createKeyBindingJwt(input: KeyBindingInput): Promise<string> {
  const { holderKey, sdJwt, audience, nonce, issuedAt } = input;
  if (!Number.isSafeInteger(issuedAt)) {
    throw new CredentialError("malformed", "a key binding's iat is an integer number of seconds");
  }
  const payload = { iat: issuedAt, aud: audience, nonce, sd_hash: sdHash(sdJwt) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: signingAlgorithm(holderKey), typ: KB_JWT_TYP })
    .sign(holderKey);
}

/** What a verifier expects of a Key Binding JWT. */
export interface KeyBindingExpectations {
  /** The holder's public key, from the verified credential's cnf.jwk. */
  readonly holderJwk: JsonObject;
  /** The SD-JWT part of the presentation (up to and including the last "~"). */
  readonly sdJwt: string;
  readonly expectedAudience: string;
  readonly expectedNonce: string;
  /** The verifier's clock, in Unix seconds. */
  readonly now: number;
  /** Oldest acceptable key binding, in seconds since its iat. */
  readonly maxKbAge: number;
  /** Seconds of clock difference tolerated for an iat in the future. */
  readonly clockTolerance: number;
}

/**
 * Verifies a Key Binding JWT (RFC 9901 §7.3 step 5) in the order: signature under cnf.jwk, typ, sd_hash
 * (all "bad-key-binding"), aud ("wrong-audience"), nonce ("wrong-nonce"), iat freshness ("expired" when
 * older than maxKbAge, "not-yet-valid" when ahead of the clock).
 *
 * @example await verifyKeyBinding(kbJwt, { holderJwk, sdJwt, expectedAudience, expectedNonce, … })
 */
export async function verifyKeyBinding(
  kbJwt: string,
  expect: KeyBindingExpectations,
): Promise<void> {
  const { header, payload } = decodeKeyBinding(kbJwt);
  await requireHolderSignature(kbJwt, expect.holderJwk);
  if (ownValue(header, "typ") !== KB_JWT_TYP) {
    throw new CredentialError("bad-key-binding", `the Key Binding JWT's typ is not ${KB_JWT_TYP}`);
  }
  const claims = readKeyBindingClaims(payload);
  if (claims.sdHash !== sdHash(expect.sdJwt)) {
    throw new CredentialError("bad-key-binding", "sd_hash does not match the presented SD-JWT");
  }
  if (claims.audience !== expect.expectedAudience) {
    throw new CredentialError("wrong-audience", "the key binding is for another verifier");
  }
  if (claims.nonce !== expect.expectedNonce) {
    throw new CredentialError("wrong-nonce", "the key binding answers another nonce");
  }
  requireFresh(claims.issuedAt, expect);
}

function decodeKeyBinding(kbJwt: string): DecodedJws {
  try {
    return decodeJws(kbJwt, "the Key Binding JWT");
  } catch (cause) {
    throw new CredentialError("bad-key-binding", "the Key Binding JWT is malformed", { cause });
  }
}

async function requireHolderSignature(kbJwt: string, holderJwk: JsonObject): Promise<void> {
  try {
    await compactVerify(kbJwt, holderJwk as JWK, { algorithms: [...ACCEPTED_ALGORITHMS] });
  } catch (cause) {
    throw new CredentialError(
      "bad-key-binding",
      "the Key Binding JWT is not signed by the holder",
      {
        cause,
      },
    );
  }
}

interface KeyBindingClaims {
  readonly issuedAt: number;
  readonly audience: string;
  readonly nonce: string;
  readonly sdHash: string;
}

function readKeyBindingClaims(payload: JsonObject): KeyBindingClaims {
  const what = "Key Binding JWT";
  try {
    const issuedAt = numericDate(payload, "iat", what);
    const audience = stringClaim(payload, "aud", what); // RFC 9901 §4.3: a single string
    const nonce = stringClaim(payload, "nonce", what);
    const hash = stringClaim(payload, "sd_hash", what);
    if (
      issuedAt === undefined ||
      audience === undefined ||
      nonce === undefined ||
      hash === undefined
    ) {
      throw new CredentialError("malformed", "iat, aud, nonce and sd_hash are all required");
    }
    return { issuedAt, audience, nonce, sdHash: hash };
  } catch (cause) {
    throw new CredentialError("bad-key-binding", "the Key Binding JWT's claims are malformed", {
      cause,
    });
  }
}

/** RFC 9901 §7.3 step 5.5: the key binding's iat is within an acceptable window. */
function requireFresh(issuedAt: number, expect: KeyBindingExpectations): void {
  if (issuedAt > expect.now + expect.clockTolerance) {
    throw new CredentialError("not-yet-valid", "the key binding is dated in the future");
  }
  if (expect.now - issuedAt > expect.maxKbAge + expect.clockTolerance) {
    throw new CredentialError("expired", `the key binding is older than ${expect.maxKbAge} s`);
  }
}
