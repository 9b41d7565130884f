import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url } from "../../src/credential/base64url.js";
import {
  createElementDisclosure,
  createPropertyDisclosure,
  decoyDigest,
  disclosureDigest,
  MAX_DISCLOSURE_SIZE,
  newSalt,
  parseDisclosure,
} from "../../src/credential/disclosure.js";
import { codeOf } from "./error-code.js";
import { FAMILY_NAME, NATIONALITY_FR, SIMPLE_DISCLOSURES } from "./spec-examples.js";

const encodeJson = (text: string) => encodeBase64Url(new TextEncoder().encode(text));

describe("RFC 9901 §4.2 disclosure examples", () => {
  it("reproduces the family_name disclosure and its digest from the spec's salt (§4.2.1, §4.2.3)", () => {
    const d = createPropertyDisclosure(FAMILY_NAME.name, FAMILY_NAME.value, FAMILY_NAME.salt);
    expect(d.encoded).toBe(FAMILY_NAME.encoded);
    expect(d.digest).toBe(FAMILY_NAME.digest);
    expect(disclosureDigest(FAMILY_NAME.encoded)).toBe(FAMILY_NAME.digest);
  });

  it("reads the other JSON layouts of §4.2.1 as the same claim, each with its own digest", () => {
    const digests = new Set<string>([FAMILY_NAME.digest]);
    for (const encoded of FAMILY_NAME.variants) {
      const d = parseDisclosure(encoded);
      expect(d).toMatchObject({ kind: "property", salt: FAMILY_NAME.salt, name: "family_name" });
      expect(d.value).toBe("Möbius");
      digests.add(d.digest);
    }
    expect(digests.size).toBe(1 + FAMILY_NAME.variants.length);
  });

  it("reproduces the nationalities array-element disclosure and digest (§4.2.2, §4.2.4.2)", () => {
    const d = createElementDisclosure(NATIONALITY_FR.value, NATIONALITY_FR.salt);
    expect(d.encoded).toBe(NATIONALITY_FR.encoded);
    expect(d.digest).toBe(NATIONALITY_FR.digest);
    expect(parseDisclosure(NATIONALITY_FR.encoded)).toEqual(d);
  });

  it("reproduces all ten disclosures of the §5.1 example byte for byte, with their digests", () => {
    for (const { contents, encoded, digest } of SIMPLE_DISCLOSURES) {
      const made =
        contents.length === 3
          ? createPropertyDisclosure(contents[1], contents[2], contents[0])
          : createElementDisclosure(contents[1], contents[0]);
      expect(made.encoded).toBe(encoded);
      expect(made.digest).toBe(digest);
      const parsed = parseDisclosure(encoded);
      expect(parsed.digest).toBe(digest);
      expect(parsed.value).toEqual(contents[contents.length - 1]);
    }
  });
});

describe("disclosure creation", () => {
  it("draws 128-bit salts, fresh each time", () => {
    const a = newSalt();
    expect(decodeBase64Url(a)).toHaveLength(16);
    expect(a).not.toBe(newSalt());
    const x = createPropertyDisclosure("reviews_at_least_20", true);
    const y = createPropertyDisclosure("reviews_at_least_20", true);
    expect(x.digest).not.toBe(y.digest);
  });

  it("makes decoys shaped like digests (43 base64url characters, 32 bytes)", () => {
    const decoy = decoyDigest();
    expect(decoy).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeBase64Url(decoy)).toHaveLength(32);
    expect(decoy).not.toBe(decoyDigest());
  });

  it("refuses reserved claim names and empty salts", () => {
    expect(codeOf(() => createPropertyDisclosure("_sd", 1))).toBe("malformed");
    expect(codeOf(() => createPropertyDisclosure("...", 1))).toBe("malformed");
    expect(codeOf(() => createElementDisclosure(1, ""))).toBe("malformed");
  });
});

describe("parseDisclosure refuses what RFC 9901 does not allow", () => {
  const cases: [string, string][] = [
    ["four elements", encodeJson('["s", "n", 1, 2]')],
    ["one element", encodeJson('["s"]')],
    ["an object", encodeJson('{"salt": "s"}')],
    ["a number salt", encodeJson('[1, "n", 1]')],
    ["an empty salt", encodeJson('["", "n", 1]')],
    ["a number claim name", encodeJson('["s", 2, 1]')],
    ["_sd as claim name", encodeJson('["s", "_sd", ["x"]]')],
    ["... as claim name", encodeJson('["s", "...", "x"]')],
    ["invalid JSON", encodeJson('["s", "n", ')],
    ["invalid UTF-8", encodeBase64Url(Uint8Array.of(0x5b, 0x22, 0xff, 0x22, 0x5d))],
    ["padding", `${encodeJson('["s", 1]')}=`],
    ["standard base64 letters", encodeJson('["s~~~", 1]').replace("-", "+")], // "…fn5-…" has a "-"
    ["the empty string", ""],
    ["a deep nesting", encodeJson(`["s", ${"[".repeat(40)}${"]".repeat(40)}]`)],
    ["an oversized text", "A".repeat(MAX_DISCLOSURE_SIZE + 4)],
  ];
  for (const [what, text] of cases) {
    it(`refuses ${what}`, () => {
      expect(codeOf(() => parseDisclosure(text))).toBe("malformed");
    });
  }

  it("refuses non-zero trailing bits (two texts for the same bytes)", () => {
    const canonical = NATIONALITY_FR.encoded; // 43 characters: the last one carries 2 padding bits
    const last = canonical.at(-1) as string;
    const sibling = last === "0" ? "1" : "0"; // "0" (52) and "1" (53) differ in the low bit only
    expect(codeOf(() => parseDisclosure(canonical.slice(0, -1) + sibling))).toBe("malformed");
  });
});
