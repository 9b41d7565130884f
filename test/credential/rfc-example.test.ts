import { describe, expect, it } from "vitest";
import { formatSdJwt, splitSdJwt } from "../../src/credential/compact.js";
import { sdHash } from "../../src/credential/key-binding.js";
import {
  type SdJwtVerifyOptions,
  verifySdJwt,
  verifySdJwtKb,
} from "../../src/credential/verify-sd-jwt.js";
import { asyncCodeOf } from "./error-code.js";
import {
  EXAMPLE_HOLDER_JWK,
  EXAMPLE_ISSUER_JWK,
  RECURSIVE_PROCESSED_PAYLOAD,
  RECURSIVE_SD_JWT,
  SIMPLE_KB,
  SIMPLE_PRESENTATION,
  SIMPLE_PROCESSED_PAYLOAD,
} from "./spec-examples.js";

/** The verifier of RFC 9901 §5.2, a few seconds after the holder signed. */
const options: SdJwtVerifyOptions = {
  issuerKeys: (iss) =>
    iss === "https://issuer.example.com" ? { ...EXAMPLE_ISSUER_JWK } : undefined,
  typ: "example+sd-jwt",
  expectedAudience: SIMPLE_KB.audience,
  expectedNonce: SIMPLE_KB.nonce,
  now: SIMPLE_KB.issuedAt + 5,
  maxKbAge: 300,
};

describe("RFC 9901 §5 example SD-JWT+KB (ES256 issuer and holder keys)", () => {
  it("verifies end to end and yields the spec's Processed SD-JWT Payload", async () => {
    const v = await verifySdJwtKb(SIMPLE_PRESENTATION, options);
    expect(v.issuer).toBe("https://issuer.example.com");
    expect(v.claims).toEqual(SIMPLE_PROCESSED_PAYLOAD);
    expect(v.holderJwk).toEqual(EXAMPLE_HOLDER_JWK);
    expect(v.disclosures.map((d) => (d.kind === "property" ? d.name : d.value))).toEqual([
      "family_name",
      "address",
      "given_name",
      "US",
    ]);
  });

  it("computes the spec's sd_hash over the SD-JWT part (§4.3.1)", () => {
    expect(sdHash(splitSdJwt(SIMPLE_PRESENTATION).sdJwt)).toBe(SIMPLE_KB.sdHash);
  });

  it("refuses it for another audience, another nonce, an unknown issuer or another profile", async () => {
    const verify = (o: Partial<SdJwtVerifyOptions>) =>
      asyncCodeOf(verifySdJwtKb(SIMPLE_PRESENTATION, { ...options, ...o }));
    expect(await verify({ expectedAudience: "https://other.example" })).toBe("wrong-audience");
    expect(await verify({ expectedNonce: "0987654321" })).toBe("wrong-nonce");
    expect(await verify({ issuerKeys: () => undefined })).toBe("unknown-issuer");
    expect(await verify({ issuerKeys: () => ({ ...EXAMPLE_HOLDER_JWK }) })).toBe("bad-signature");
    expect(await verify({ typ: "dc+sd-jwt" })).toBe("malformed");
  });

  it("refuses it when the key binding is stale or from the future, or the credential expired", async () => {
    const at = (now: number) =>
      asyncCodeOf(verifySdJwtKb(SIMPLE_PRESENTATION, { ...options, now }));
    expect(await at(SIMPLE_KB.issuedAt + 3600)).toBe("expired");
    expect(await at(SIMPLE_KB.issuedAt - 3600)).toBe("not-yet-valid");
    expect(await at(1883000000 + 60)).toBe("expired");
  });

  it("refuses it with a disclosure withdrawn or added after the holder signed (sd_hash)", async () => {
    const parts = splitSdJwt(SIMPLE_PRESENTATION);
    const kb = parts.kbJwt as string;
    const fewer = formatSdJwt(parts.issuerJwt, parts.disclosures.slice(1), kb);
    const reordered = formatSdJwt(parts.issuerJwt, [...parts.disclosures].reverse(), kb);
    expect(await asyncCodeOf(verifySdJwtKb(fewer, options))).toBe("bad-key-binding");
    expect(await asyncCodeOf(verifySdJwtKb(reordered, options))).toBe("bad-key-binding");
    expect(await asyncCodeOf(verifySdJwtKb(parts.sdJwt, options))).toBe("bad-key-binding");
  });
});

describe("RFC 9901 §7.2: the holder verifies what the issuer sent", () => {
  /** The status-list draft's example is issued as https://example.com/issuer, with the §A.5 key. */
  const holderOptions = {
    issuerKeys: (iss: string) =>
      iss === "https://example.com/issuer" ? { ...EXAMPLE_ISSUER_JWK } : undefined,
    typ: "example+sd-jwt",
    now: SIMPLE_KB.issuedAt,
  };

  it("verifies the status-list draft's recursive SD-JWT and processes all its disclosures", async () => {
    const v = await verifySdJwt(RECURSIVE_SD_JWT, holderOptions);
    expect(v.issuer).toBe("https://example.com/issuer");
    expect(v.claims).toEqual(RECURSIVE_PROCESSED_PAYLOAD);
    expect(v.payload._sd).toEqual(["HvrKX6fPV0v9K_yCVFBiLFHsMaxcD_114Em6VT8x1lg"]);
  });

  it("refuses an SD-JWT+KB, a wrong issuer key and an expired credential", async () => {
    expect(await asyncCodeOf(verifySdJwt(SIMPLE_PRESENTATION, holderOptions))).toBe("malformed");
    expect(await asyncCodeOf(verifySdJwt(RECURSIVE_SD_JWT, options))).toBe("unknown-issuer");
    const wrongKey = { ...holderOptions, issuerKeys: () => ({ ...EXAMPLE_HOLDER_JWK }) };
    expect(await asyncCodeOf(verifySdJwt(RECURSIVE_SD_JWT, wrongKey))).toBe("bad-signature");
    const late = { ...holderOptions, now: 1883000000 + 3600 };
    expect(await asyncCodeOf(verifySdJwt(RECURSIVE_SD_JWT, late))).toBe("expired");
  });
});
