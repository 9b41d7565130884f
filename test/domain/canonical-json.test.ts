/**
 * RFC 8785 conformance of src/domain/canonical-json.ts, against the RFC's own examples and the
 * reference implementation's test data (github.com/cyberphone/json-canonicalization, testdata/
 * input/*.json → output/*.json), plus the strictness Fabrique adds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalBytes,
  canonicalJson,
  MAX_DEPTH,
  parseCanonicalJson,
} from "../../src/domain/canonical-json.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
/** String.prototype.isWellFormed (ES2024, in Node 20; not in this project's TypeScript lib). */
const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

describe("RFC 8785 examples (cyberphone testdata)", () => {
  // Each pair is input text → expected canonical text, copied from testdata/input and testdata/output.
  const cases: readonly [string, string, string][] = [
    [
      "values.json (RFC 8785 §3.2.2)",
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
      '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    ],
    [
      "weird.json (RFC 8785 §3.2.3 sorting by UTF-16 code units)",
      '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ],
    [
      "structures.json",
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ],
    [
      "french.json (locale-independent order)",
      '{\n  "peach": "This sorting order",\n  "péché": "is wrong according to French",\n  "pêche": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    ],
    [
      "unicode.json (no normalisation)",
      '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n',
      '{"Unnormalized Unicode":"\u1e0d\u0307"}',
    ],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => {
      expect(canonicalJson(JSON.parse(input))).toBe(output);
      expect(canonicalBytes(JSON.parse(input))).toEqual(utf8(output));
    });
  }

  it("orders members as a code-unit sort does, below and above the insertion sort's limit", () => {
    // The reference: every member name sorted by Array.prototype.sort (UTF-16 code units).
    const reference = (o: Record<string, number>) =>
      `{${Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${o[k]}`)
        .join(",")}}`;
    const name = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.string({ unit: "binary", maxLength: 3 }),
      fc.nat({ max: 300 }).map(String), // integer-like names come first in Object.keys
    );
    fc.assert(
      fc.property(fc.dictionary(name, fc.nat(), { maxKeys: 40 }), (o) => {
        // A lone surrogate is refused (tested above); the order is what this checks.
        fc.pre(Object.keys(o).every(wellFormed));
        expect(canonicalJson(o)).toBe(reference(o));
      }),
      { numRuns: 500 },
    );
  });

  it("writes string members as JSON.stringify does, escaped or written as they are", () => {
    // Quotes, backslashes, every control, DEL and non-ASCII: the characters that decide whether a
    // member's text is escaped (JSON.stringify) or copied between quotes as it is.
    const char = fc.oneof(
      fc.constantFrom('"', "\\", "\u007f", "\u2028", "é", "😀", "/"),
      fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: "binary", maxLength: 1 }),
    );
    const value = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("a", "b", "c"), value),
        fc.array(value),
        (o, items) => {
          const reference = `{${Object.keys(o)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`)
            .join(",")}}`;
          expect(canonicalJson(o)).toBe(reference);
          expect(canonicalJson(items)).toBe(JSON.stringify(items));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("simpleString.json matches outhex/simpleString.txt byte for byte", () => {
    const hex =
      "22 74 68 69 73 20 69 73 20 61 20 74 65 73 74 20 73 74 72 69 6E 67 20 31 32 33 35 22";
    const bytes = Uint8Array.from(hex.split(" "), (h) => Number.parseInt(h, 16));
    expect(canonicalBytes(JSON.parse('    "this is a test string 1235"'))).toEqual(bytes);
  });
});

describe("RFC 8785 Appendix B number serialisation", () => {
  // IEEE 754 bit patterns and the text JCS requires (RFC 8785 Appendix B, finite samples).
  const samples: readonly [string, string][] = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ];
  for (const [bits, text] of samples) {
    it(`${bits} → ${text}`, () => {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${bits}`));
      expect(canonicalJson(view.getFloat64(0))).toBe(text);
    });
  }

  it("rejects the non-finite samples (7ff0…, fff0…, 7fff…: NaN and the infinities)", () => {
    for (const bits of ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"]) {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${bits}`));
      expect(() => canonicalJson([view.getFloat64(0)])).toThrow(TypeError);
    }
  });
});

describe("strictness", () => {
  class Point {
    x = 1;
  }
  const refused: readonly [string, unknown][] = [
    ["a lone high surrogate in a value", { a: "\ud800" }],
    ["a lone low surrogate in a key", { "\udc00": 1 }],
    ["an undefined member", { a: undefined }],
    ["a Date", { at: new Date(0) }],
    ["a Map", new Map()],
    ["a class instance", new Point()],
    ["a sparse array", new Array(3)],
    ["a bigint", 1n],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["undefined", undefined],
  ];
  for (const [name, value] of refused) {
    it(`refuses ${name}`, () => expect(() => canonicalJson(value)).toThrow(TypeError));
  }

  it("accepts well-formed surrogate pairs and objects without a prototype", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: "😂" });
    expect(canonicalJson(bare)).toBe('{"a":"😂","b":1}');
  });

  it(`nests up to ${MAX_DEPTH} levels and no deeper`, () => {
    const nest = (n: number): unknown => (n === 0 ? 0 : [nest(n - 1)]);
    expect(canonicalJson(nest(MAX_DEPTH))).toBe(
      `${"[".repeat(MAX_DEPTH)}0${"]".repeat(MAX_DEPTH)}`,
    );
    expect(() => canonicalJson(nest(MAX_DEPTH + 1))).toThrow(TypeError);
  });
});

describe("parseCanonicalJson (untrusted bytes)", () => {
  it("returns the value of canonical bytes", () => {
    const r = parseCanonicalJson(utf8('{"a":[1,"x",null],"b":true}'), 100);
    expect(r).toEqual({ ok: true, value: { a: [1, "x", null], b: true } });
  });

  const hostile: readonly [string, Uint8Array, string][] = [
    ["whitespace", utf8('{"a": 1}'), "not-canonical"],
    ["unsorted members", utf8('{"b":1,"a":2}'), "not-canonical"],
    ["a duplicate member", utf8('{"a":1,"a":1}'), "not-canonical"],
    ["a non-shortest number", utf8('{"a":1.0}'), "not-canonical"],
    ["an exponent JCS writes otherwise", utf8("[1E30]"), "not-canonical"],
    ["minus zero", utf8("[-0]"), "not-canonical"],
    ["a needless escape", utf8('["\\u0061"]'), "not-canonical"],
    ["an escaped lone surrogate", utf8('["\\ud800"]'), "not-canonical"],
    ["a byte-order mark", Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8("{}")), "not-json"],
    ["an overlong UTF-8 sequence", Uint8Array.of(0x22, 0xc0, 0xaf, 0x22), "not-utf8"],
    ["a lone continuation byte", Uint8Array.of(0x22, 0x80, 0x22), "not-utf8"],
    ["UTF-8 of a surrogate (CESU)", Uint8Array.of(0x22, 0xed, 0xa0, 0x80, 0x22), "not-utf8"],
    ["truncated JSON", utf8('{"a":'), "not-json"],
    ["trailing garbage", utf8("{}x"), "not-json"],
    ["NaN", utf8("[NaN]"), "not-json"],
    ["nesting beyond MAX_DEPTH", utf8(`${"[".repeat(40)}${"]".repeat(40)}`), "not-canonical"],
    ["60,000 levels of nesting", utf8(`${"[".repeat(30000)}${"]".repeat(30000)}`), "not-canonical"],
  ];
  for (const [name, bytes, reason] of hostile) {
    it(`refuses ${name} (${reason})`, () => {
      const r = parseCanonicalJson(bytes, 65_535);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe(reason);
    });
  }

  it("refuses more bytes than allowed before parsing them (too-large)", () => {
    const bytes = utf8(`"${"a".repeat(200)}"`);
    expect(parseCanonicalJson(bytes, 202).ok).toBe(true);
    const r = parseCanonicalJson(bytes, 201);
    expect(r.ok === false && r.reason).toBe("too-large");
  });
});
