import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeBase64Url } from "../../src/credential/base64url.js";
import { splitSdJwt } from "../../src/credential/compact.js";
import { concealClaims } from "../../src/credential/conceal.js";
import { parseDisclosure } from "../../src/credential/disclosure.js";
import { isCredentialError } from "../../src/credential/errors.js";
import type { JsonObject } from "../../src/credential/json.js";
import { presentSdJwt, selectDisclosures } from "../../src/credential/present.js";
import { processPayload } from "../../src/credential/process.js";
import { decodeStatusList } from "../../src/credential/status-list.js";
import { verifySdJwtPresentation } from "../../src/credential/verify-presentation.js";
import { NOW, VERIFIER, verifierOptions, type World, world } from "./fixtures.js";

/** Calls f; passes if it returns or throws a CredentialError, fails on any other exception. */
function onlyCredentialErrors(f: () => unknown): boolean {
  try {
    f();
  } catch (e) {
    if (!isCredentialError(e)) throw e;
  }
  return true;
}

async function onlyCredentialErrorsAsync(p: () => Promise<unknown>): Promise<boolean> {
  try {
    await p();
  } catch (e) {
    if (!isCredentialError(e)) throw e;
  }
  return true;
}

const COMPACT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
/** Strings over the SD-JWT alphabet, so the fuzzer gets past the first character check. */
const compactText = fc.string({ unit: fc.constantFrom(...COMPACT), maxLength: 400 });
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), compactText);
const base64UrlJson = fc
  .jsonValue()
  .map((v) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(v))));
const digestLike = fc.oneof(fc.string({ maxLength: 50 }), base64UrlJson);

/** JSON that looks like SD-JWT payloads: objects with `_sd` arrays and `{"...": d}` elements. */
const sdJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 1 }),
    tie("object"),
    fc.array(tie("value"), { maxLength: 4 }),
    digestLike.map((d) => ({ "...": d })),
  ),
  object: fc
    .tuple(
      fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 4 }),
      fc.option(fc.array(digestLike, { maxLength: 4 })),
    )
    .map(([obj, sd]) => (sd === null ? obj : { ...(obj as object), _sd: sd })),
})).object;

describe("parsers of untrusted text throw nothing but CredentialError", () => {
  it("splitSdJwt, parseDisclosure, selectDisclosures on random text", () => {
    fc.assert(
      fc.property(anyText, (text) =>
        [splitSdJwt, parseDisclosure, (t: string) => selectDisclosures(t, ["a"])].every((f) =>
          onlyCredentialErrors(() => f(text)),
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it("parseDisclosure on base64url of random JSON", () => {
    fc.assert(
      fc.property(base64UrlJson, (text) => onlyCredentialErrors(() => parseDisclosure(text))),
      { numRuns: 1000 },
    );
  });

  it("processPayload on SD-JWT-shaped payloads with random disclosures", () => {
    fc.assert(
      fc.property(sdJson, fc.array(fc.oneof(base64UrlJson, anyText), { maxLength: 4 }), (p, ds) =>
        onlyCredentialErrors(() => processPayload(p as JsonObject, ds)),
      ),
      { numRuns: 1000 },
    );
  });

  it("decodeStatusList on random JSON and random lst text", () => {
    const candidates = fc.oneof(
      fc.jsonValue(),
      fc.record({
        bits: fc.constantFrom(1, 2, 3, 4, 8),
        lst: fc.oneof(compactText, base64UrlJson),
      }),
    );
    fc.assert(
      fc.property(candidates, (json) =>
        onlyCredentialErrors(() => decodeStatusList(json as never)),
      ),
      { numRuns: 1000 },
    );
  });
});

describe("processing undoes concealing (property)", () => {
  const RESERVED = new Set(["_sd", "...", "_sd_alg", "__proto__"]);
  const claimName = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !RESERVED.has(k));
  // Claims travel as JSON text, so a value is what JSON can carry: -0 becomes 0 (fast-check's
  // jsonValue generates -0, which no JSON document can hold).
  const claimValue = fc
    .jsonValue({ maxDepth: 4 })
    .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
    .filter((v) => !JSON.stringify(v).includes('"_sd'));
  const claimSet = fc.dictionary(claimName, claimValue, { maxKeys: 8 });

  it("reveals exactly the disclosed subset, with visible claims intact", () => {
    fc.assert(
      fc.property(
        claimSet,
        claimSet,
        fc.nat({ max: 8 }),
        fc.integer(),
        (visible, hidden, decoys, seed) => {
          const disclosable = Object.fromEntries(
            Object.entries(hidden).filter(([k]) => !Object.hasOwn(visible, k)),
          ) as JsonObject;
          const { payload, disclosures } = concealClaims(
            visible as JsonObject,
            disclosable,
            decoys,
          );
          const subset = disclosures.filter((_, i) => ((seed >> i) & 1) === 1);
          const { claims } = processPayload(
            payload,
            subset.map((d) => d.encoded),
          );
          const expected: Record<string, unknown> = { ...visible };
          for (const d of subset) if (d.kind === "property") expected[d.name] = d.value;
          expect(claims).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("verifySdJwtPresentation on hostile input", () => {
  let w: World;
  let valid: string;
  beforeAll(async () => {
    w = await world(2);
    valid = await presentSdJwt({
      sdJwt: w.sdJwt,
      disclose: ["space", "rating_at_least_4_5"],
      holderKey: w.holder.privateKey,
      audience: VERIFIER,
      nonce: "fuzz",
      issuedAt: NOW,
    });
  });

  it("throws nothing but CredentialError on random text", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, (text) =>
        onlyCredentialErrorsAsync(() => verifySdJwtPresentation(text, verifierOptions(w, "fuzz"))),
      ),
      { numRuns: 300 },
    );
  });

  it("refuses every single-character change of a valid presentation", async () => {
    expect((await verifySdJwtPresentation(valid, verifierOptions(w, "fuzz"))).issuer).toBeTruthy();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: valid.length - 1 }),
        fc.constantFrom(...COMPACT),
        async (at, c) => {
          fc.pre(valid[at] !== c);
          const changed = `${valid.slice(0, at)}${c}${valid.slice(at + 1)}`;
          try {
            await verifySdJwtPresentation(changed, verifierOptions(w, "fuzz"));
          } catch (e) {
            return isCredentialError(e);
          }
          return false;
        },
      ),
      { numRuns: 400 },
    );
  });
});
