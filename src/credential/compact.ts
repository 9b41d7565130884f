/**
 * The compact serialization of SD-JWT and SD-JWT+KB (RFC 9901 §4):
 *
 *     SD-JWT     = <Issuer-signed JWT> "~" *(<Disclosure> "~")
 *     SD-JWT+KB  = SD-JWT <Key Binding JWT>
 *
 * splitSdJwt is a parser of untrusted text. Limits: MAX_SD_JWT_SIZE characters in all, MAX_DISCLOSURES
 * disclosures. Rules: only base64url characters, "." and "~"; a JWT of three non-empty dot-separated
 * parts first; no empty disclosure (two "~" in a row).
 */
import { CredentialError } from "./errors.js";

/** Longest SD-JWT or SD-JWT+KB accepted, in characters. */
export const MAX_SD_JWT_SIZE = 32 * 1024;

/** Most disclosures accepted in one SD-JWT. */
export const MAX_DISCLOSURES = 64;

const COMPACT_CHARS = /^[A-Za-z0-9_\-.~]*$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The parts of an SD-JWT or SD-JWT+KB, as text. */
export interface SdJwtParts {
  /** The Issuer-signed JWT (compact JWS). */
  readonly issuerJwt: string;
  /** The disclosures, in the order presented. */
  readonly disclosures: readonly string[];
  /** The Key Binding JWT, when the text is an SD-JWT+KB. */
  readonly kbJwt: string | undefined;
  /** The SD-JWT without the KB-JWT: the exact input of sd_hash (RFC 9901 §4.3.1). */
  readonly sdJwt: string;
}

/**
 * Splits an SD-JWT or SD-JWT+KB into its parts, or throws CredentialError("malformed").
 *
 * @example splitSdJwt("<jwt>~<d1>~<kb-jwt>").disclosures // ["<d1>"]
 */
export function splitSdJwt(text: string): SdJwtParts {
  if (text.length > MAX_SD_JWT_SIZE) {
    throw new CredentialError(
      "malformed",
      `an SD-JWT is longer than ${MAX_SD_JWT_SIZE} characters`,
    );
  }
  if (!COMPACT_CHARS.test(text)) {
    throw new CredentialError(
      "malformed",
      "an SD-JWT holds characters outside base64url, '.', '~'",
    );
  }
  const parts = text.split("~");
  if (parts.length < 2) throw new CredentialError("malformed", "an SD-JWT has no '~' separator");
  if (parts.length - 2 > MAX_DISCLOSURES) {
    throw new CredentialError(
      "malformed",
      `an SD-JWT has more than ${MAX_DISCLOSURES} disclosures`,
    );
  }
  const issuerJwt = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const disclosures = parts.slice(1, -1);
  requireCompactJws(issuerJwt, "the Issuer-signed JWT");
  if (disclosures.some((d) => d.length === 0)) {
    throw new CredentialError("malformed", "an SD-JWT has an empty disclosure");
  }
  if (last.length > 0) requireCompactJws(last, "the Key Binding JWT");
  return {
    issuerJwt,
    disclosures,
    kbJwt: last.length > 0 ? last : undefined,
    sdJwt: text.slice(0, text.length - last.length),
  };
}

/**
 * Joins an Issuer-signed JWT and disclosures into an SD-JWT (ending in "~"), optionally with a KB-JWT.
 *
 * @example formatSdJwt(jwt, ["WyJ…"]) // "<jwt>~WyJ…~"
 */
export function formatSdJwt(issuerJwt: string, disclosures: readonly string[], kbJwt = ""): string {
  return `${[issuerJwt, ...disclosures].map((p) => `${p}~`).join("")}${kbJwt}`;
}

function requireCompactJws(text: string, what: string): void {
  if (!COMPACT_JWS.test(text)) {
    throw new CredentialError("malformed", `${what} is not a compact JWS (three parts)`);
  }
}
