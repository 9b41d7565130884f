import { describe, expect, it } from "vitest";
import { formatSdJwt, splitSdJwt } from "../../src/credential/compact.js";
import { parseDisclosure } from "../../src/credential/disclosure.js";
import { decodeJws } from "../../src/credential/jwt.js";
import { selectDisclosures } from "../../src/credential/present.js";
import { processPayload } from "../../src/credential/process.js";
import { codeOf } from "./error-code.js";
import { RECURSIVE_SD_JWT, SIMPLE_DISCLOSURES, SIMPLE_PRESENTATION } from "./spec-examples.js";

/** The §5.1 SD-JWT as the issuer hands it out: the Issuer-signed JWT with all ten disclosures. */
const SIMPLE_ISSUED = formatSdJwt(
  splitSdJwt(SIMPLE_PRESENTATION).issuerJwt,
  SIMPLE_DISCLOSURES.map((d) => d.encoded),
);

function revealed(sdJwt: string) {
  const parts = splitSdJwt(sdJwt);
  const payload = decodeJws(parts.issuerJwt, "example").payload;
  return processPayload(payload, parts.disclosures).claims;
}

const names = (sdJwt: string) =>
  splitSdJwt(sdJwt).disclosures.map((d) => {
    const parsed = parseDisclosure(d);
    return parsed.kind === "property" ? parsed.name : `[${String(parsed.value)}]`;
  });

describe("selectDisclosures (the holder's choice, RFC 9901 §7.2)", () => {
  it("keeps only the named claims, in issuance order", () => {
    const chosen = selectDisclosures(SIMPLE_ISSUED, ["family_name", "given_name"]);
    expect(names(chosen)).toEqual(["given_name", "family_name"]);
    expect(revealed(chosen)).toMatchObject({ given_name: "John", family_name: "Doe" });
    expect(revealed(chosen).email).toBeUndefined();
  });

  it("reveals a visible array's disclosable elements when the array is named", () => {
    const chosen = selectDisclosures(SIMPLE_ISSUED, ["nationalities"]);
    expect(names(chosen)).toEqual(["[US]", "[DE]"]);
    expect(revealed(chosen).nationalities).toEqual(["US", "DE"]);
  });

  it("naming a recursive claim reveals it whole", () => {
    const chosen = selectDisclosures(RECURSIVE_SD_JWT, ["address"]);
    expect(splitSdJwt(chosen).disclosures).toHaveLength(5);
  });

  it("naming a nested claim reveals its path but not its siblings (§4.2.6)", () => {
    const chosen = selectDisclosures(RECURSIVE_SD_JWT, ["locality"]);
    expect(names(chosen)).toEqual(["locality", "address"]);
    expect(revealed(chosen).address).toEqual({ locality: "Schulpforta" });
  });

  it("accepts always-visible claim names and refuses unknown ones", () => {
    expect(splitSdJwt(selectDisclosures(SIMPLE_ISSUED, ["iss"])).disclosures).toEqual([]);
    expect(codeOf(() => selectDisclosures(SIMPLE_ISSUED, ["salary"]))).toBe("malformed");
  });

  it("refuses to re-present a presentation (an SD-JWT+KB)", () => {
    expect(codeOf(() => selectDisclosures(SIMPLE_PRESENTATION, []))).toBe("malformed");
  });
});
