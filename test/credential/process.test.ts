import { describe, expect, it } from "vitest";
import { splitSdJwt } from "../../src/credential/compact.js";
import {
  createElementDisclosure,
  createPropertyDisclosure,
} from "../../src/credential/disclosure.js";
import type { JsonObject } from "../../src/credential/json.js";
import { decodeJws } from "../../src/credential/jwt.js";
import { processPayload } from "../../src/credential/process.js";
import { codeOf } from "./error-code.js";
import {
  RECURSIVE_PROCESSED_PAYLOAD,
  RECURSIVE_SD_JWT,
  SIMPLE_DISCLOSURES,
  SIMPLE_PRESENTATION,
  SIMPLE_PROCESSED_PAYLOAD,
} from "./spec-examples.js";

function example(text: string): { payload: JsonObject; disclosures: readonly string[] } {
  const parts = splitSdJwt(text);
  return { payload: decodeJws(parts.issuerJwt, "example").payload, disclosures: parts.disclosures };
}

describe("RFC 9901 §7.1 processing of the spec's examples", () => {
  it("turns the §5.2 presentation into the §5.2 Processed SD-JWT Payload", () => {
    const { payload, disclosures } = example(SIMPLE_PRESENTATION);
    const { claims } = processPayload(payload, disclosures);
    expect(claims).toEqual(SIMPLE_PROCESSED_PAYLOAD);
    expect(Object.keys(claims)).not.toContain("email"); // undisclosed: gone, not null
    expect(Object.keys(claims)).not.toContain("_sd_alg");
  });

  it("discloses all of §5.1 when every disclosure is given, array elements in place", () => {
    const { payload } = example(SIMPLE_PRESENTATION);
    const { claims } = processPayload(
      payload,
      SIMPLE_DISCLOSURES.map((d) => d.encoded),
    );
    expect(claims.nationalities).toEqual(["US", "DE"]);
    expect(claims.phone_number_verified).toBe(true);
    expect(claims.updated_at).toBe(1570000000);
  });

  it("processes recursive disclosures (address whose members are disclosures too)", () => {
    const { payload, disclosures } = example(RECURSIVE_SD_JWT);
    expect(processPayload(payload, disclosures).claims).toEqual(RECURSIVE_PROCESSED_PAYLOAD);
  });

  it("reveals an empty address when only the outer disclosure is given", () => {
    const { payload, disclosures } = example(RECURSIVE_SD_JWT);
    const address = disclosures.at(-1) as string;
    expect(processPayload(payload, [address]).claims.address).toEqual({});
  });

  it("without disclosures, shows only the always-visible claims", () => {
    const { payload } = example(SIMPLE_PRESENTATION);
    const { claims } = processPayload(payload, []);
    expect(Object.keys(claims).sort()).toEqual([
      "cnf",
      "exp",
      "iat",
      "iss",
      "nationalities",
      "sub",
    ]);
    expect(claims.nationalities).toEqual([]);
  });
});

describe("RFC 9901 §7.1 refusals", () => {
  const simple = example(SIMPLE_PRESENTATION);
  const recursive = example(RECURSIVE_SD_JWT);

  it("refuses a disclosure presented twice", () => {
    const d = simple.disclosures[0] as string;
    expect(codeOf(() => processPayload(simple.payload, [d, d]))).toBe("disclosure-mismatch");
  });

  it("refuses a disclosure whose digest is not in the payload", () => {
    const stranger = createPropertyDisclosure("family_name", "Doe").encoded;
    expect(codeOf(() => processPayload(simple.payload, [stranger]))).toBe("disclosure-mismatch");
  });

  it("refuses a nested disclosure without the disclosure that connects it (§4.2.6)", () => {
    const locality = recursive.disclosures[1] as string;
    expect(codeOf(() => processPayload(recursive.payload, [locality]))).toBe("disclosure-mismatch");
  });

  it("refuses an element disclosure referenced from _sd and a property disclosure in an array", () => {
    const element = createElementDisclosure("x");
    const property = createPropertyDisclosure("x", 1);
    const inSd = { _sd: [element.digest] };
    const inArray = { list: [{ "...": property.digest }] };
    expect(codeOf(() => processPayload(inSd, [element.encoded]))).toBe("disclosure-mismatch");
    expect(codeOf(() => processPayload(inArray, [property.encoded]))).toBe("disclosure-mismatch");
  });

  it("refuses a disclosed claim that already exists at its level", () => {
    const d = createPropertyDisclosure("iss", "https://evil.example");
    const payload = { iss: "https://issuer.example", _sd: [d.digest] };
    expect(codeOf(() => processPayload(payload, [d.encoded]))).toBe("disclosure-mismatch");
  });

  it("refuses a digest embedded twice, directly or through another disclosure", () => {
    const inner = createPropertyDisclosure("a", 1);
    const twice = { _sd: [inner.digest], nested: { _sd: [inner.digest] } };
    expect(codeOf(() => processPayload(twice, [inner.encoded]))).toBe("disclosure-mismatch");
    const outer = createPropertyDisclosure("o", { _sd: [inner.digest] });
    const viaDisclosure = { _sd: [outer.digest, inner.digest] };
    expect(codeOf(() => processPayload(viaDisclosure, [outer.encoded]))).toBe(
      "disclosure-mismatch",
    );
    // A decoy repeated is refused too, even with no disclosure at all.
    expect(codeOf(() => processPayload({ _sd: ["x", "x"] }, []))).toBe("disclosure-mismatch");
  });

  it("refuses _sd that is not an array of strings, a malformed '...' element, another _sd_alg", () => {
    expect(codeOf(() => processPayload({ _sd: "x" }, []))).toBe("malformed");
    expect(codeOf(() => processPayload({ _sd: [1] }, []))).toBe("malformed");
    expect(codeOf(() => processPayload({ a: [{ "...": 1 }] }, []))).toBe("malformed");
    expect(codeOf(() => processPayload({ a: [{ "...": "d", b: 1 }] }, []))).toBe("malformed");
    expect(codeOf(() => processPayload({ _sd_alg: "sha-512" }, []))).toBe("malformed");
  });

  it("refuses nesting deeper than the limit, counting through disclosures", () => {
    const nest = (levels: number, inner: JsonObject): JsonObject =>
      levels === 0 ? inner : { v: nest(levels - 1, inner) };
    expect(codeOf(() => processPayload(nest(40, {}), []))).toBe("malformed");
    // 20 levels in the payload and 20 in a disclosure: each fine alone, too deep together.
    const d = createPropertyDisclosure("deep", nest(20, {}));
    expect(codeOf(() => processPayload(nest(20, {}), []))).toBe("no error");
    expect(codeOf(() => processPayload({ _sd: [d.digest] }, [d.encoded]))).toBe("no error");
    expect(codeOf(() => processPayload(nest(20, { _sd: [d.digest] }), [d.encoded]))).toBe(
      "malformed",
    );
  });

  it("keeps a disclosed claim named __proto__ as a plain property", () => {
    const d = createPropertyDisclosure("__proto__", { polluted: true });
    const { claims } = processPayload({ _sd: [d.digest] }, [d.encoded]);
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(Object.hasOwn(claims, "__proto__")).toBe(true);
    expect((claims as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
