/**
 * Every RFC 9162 inclusion and consistency vector of transparency-dev/merkle (../shared/vectors/merkle):
 * the verifier accepts exactly the ones with wantErr false, and refuses the others with its error code.
 */
import { describe, expect, it } from "vitest";
import { isLogError } from "../../../src/log/errors.js";
import {
  isConsistencyValid,
  verifyConsistency,
} from "../../../src/log/merkle/verify-consistency.js";
import { isInclusionValid, verifyInclusion } from "../../../src/log/merkle/verify-inclusion.js";
import {
  quoteIntegers,
  readConsistencyVector,
  readInclusionVector,
  SKIP_MESSAGE,
  sizeArgument,
  vectorFiles,
  vectorsPresent,
} from "./vector-files.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("the vector reader keeps 64-bit integers exact", () => {
  it("quotes integers outside strings only", () => {
    const text = '{"a": 18446744073709551615, "b": "x: 1, y", "c": [1, -2], "d": true}';
    const parsed = JSON.parse(quoteIntegers(text)) as Record<string, unknown>;
    expect(BigInt(parsed.a as string)).toBe(18446744073709551615n);
    expect(parsed.b).toBe("x: 1, y");
    expect(parsed.c).toEqual(["1", "-2"]);
    expect(parsed.d).toBe(true);
  });
});

describe.skipIf(!vectorsPresent)("RFC 9162 §2.1.3.2 inclusion vectors", () => {
  const files = vectorFiles("inclusion");

  it("finds the inclusion vectors", () => {
    expect(files.length).toBeGreaterThanOrEqual(90);
  });

  for (const file of files) {
    const v = readInclusionVector(file);
    it(`${file} (${v.desc}): ${v.wantErr ? "refused" : "accepted"}`, () => {
      const claim = {
        index: sizeArgument(v.leafIdx),
        treeSize: sizeArgument(v.treeSize),
        leafHash: v.leafHash,
        proof: v.proof,
        root: v.root,
      };
      if (v.leafIdx > MAX_SAFE || v.treeSize > MAX_SAFE) expect(v.wantErr).toBe(true);
      const error = thrown(() => verifyInclusion(claim));
      if (v.wantErr) {
        expect(isLogError(error, "invalid-proof"), String(error)).toBe(true);
      } else {
        expect(error).toBeUndefined();
      }
      expect(isInclusionValid(claim)).toBe(!v.wantErr);
    });
  }
});

describe.skipIf(!vectorsPresent)("RFC 9162 §2.1.4.2 consistency vectors", () => {
  const files = vectorFiles("consistency");

  it("finds the consistency vectors", () => {
    expect(files.length).toBeGreaterThanOrEqual(90);
  });

  for (const file of files) {
    const v = readConsistencyVector(file);
    it(`${file} (${v.desc}): ${v.wantErr ? "refused" : "accepted"}`, () => {
      const claim = {
        oldSize: sizeArgument(v.size1),
        newSize: sizeArgument(v.size2),
        oldRoot: v.root1,
        newRoot: v.root2,
        proof: v.proof,
      };
      if (v.size1 > MAX_SAFE || v.size2 > MAX_SAFE) expect(v.wantErr).toBe(true);
      const error = thrown(() => verifyConsistency(claim));
      if (v.wantErr) {
        expect(isLogError(error, "inconsistent"), String(error)).toBe(true);
      } else {
        expect(error).toBeUndefined();
      }
      expect(isConsistencyValid(claim)).toBe(!v.wantErr);
    });
  }
});

if (!vectorsPresent) {
  describe("RFC 9162 vectors", () => {
    it.skip(SKIP_MESSAGE, () => {});
  });
}
