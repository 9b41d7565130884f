import { describe, expect, it } from "vitest";
import {
  type Checkpoint,
  formatCheckpoint,
  MAX_CHECKPOINT_SIZE,
  parseCheckpoint,
} from "../../../src/log/checkpoint/index.js";
import { decodeBase64Strict, encodeBase64 } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { codeOf } from "../note/error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "../note/vectors.js";

const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ROOT = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

describe.skipIf(!HAVE_SHARED)(titled("checkpoint text: shared vectors"), () => {
  it("parses the x/mod golden tree note: its root is SHA-256(0x00 || 'hello world')", () => {
    const v = noteVectors().goldenTreeNote;
    const c = parseCheckpoint(v.text);
    expect(c.origin).toBe("go.sum database tree");
    expect(c.size).toBe(Number(v.size));
    expect(hexOf(c.rootHash)).toBe(hexOf(leafHash(new TextEncoder().encode("hello world"))));
    expect(c.extensions).toEqual([]);
    expect(formatCheckpoint(c)).toBe(v.text);
  });

  it("round-trips the cosigned checkpoint text", () => {
    const text = noteVectors().cosignedCheckpoint.checkpointText;
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });
});

describe("checkpoint text: rules of tlog-checkpoint v1", () => {
  const valid = (size: string, rest = "") => `example.com/log\n${size}\n${ROOT}\n${rest}`;

  it("accepts size 0 and extension lines, and formats them back", () => {
    const c = parseCheckpoint(valid("0", "ext one\next-two\n"));
    expect(c.size).toBe(0);
    expect(c.extensions).toEqual(["ext one", "ext-two"]);
    expect(formatCheckpoint(c)).toBe(valid("0", "ext one\next-two\n"));
  });

  it("accepts the largest safe size and refuses larger ones as too large", () => {
    expect(parseCheckpoint(valid(String(Number.MAX_SAFE_INTEGER))).size).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    for (const big of ["9007199254740992", "18446744073709551615", "18446744073709551616"]) {
      expect(codeOf(() => parseCheckpoint(valid(big)))).toBe("too-large");
    }
  });

  it("rejects sizes with leading zeros, signs, spaces or other spellings", () => {
    for (const bad of ["01", "00", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "", "١"]) {
      expect(codeOf(() => parseCheckpoint(valid(bad)))).toBe("malformed");
    }
  });

  it("rejects root hashes that are not canonical base64 of 32 bytes", () => {
    const short = encodeBase64(new Uint8Array(31));
    const long = encodeBase64(new Uint8Array(33));
    const noPad = ROOT.slice(0, -1);
    const padBits = `${ROOT.slice(0, -2)}h=`; // 'g' carries two zero bits, 'h' does not
    for (const root of [short, long, noPad, padBits, "", ROOT.replace("/", "_")]) {
      expect(codeOf(() => parseCheckpoint(`o\n1\n${root}\n`))).toBe("malformed");
    }
  });

  it("rejects a missing final newline, missing lines, empty origin or extension lines", () => {
    for (const bad of [
      `o\n1\n${ROOT}`,
      "o\n1\n",
      "o\n",
      "",
      `\n1\n${ROOT}\n`,
      `o\n1\n${ROOT}\n\n`,
      `o\n1\n${ROOT}\next\n\n`,
    ]) {
      expect(codeOf(() => parseCheckpoint(bad))).toBe("malformed");
    }
  });

  it("rejects control characters", () => {
    for (const c of ["\r", "\t", "\u0000"]) {
      expect(codeOf(() => parseCheckpoint(`o${c}\n1\n${ROOT}\n`))).toBe("malformed");
      expect(codeOf(() => parseCheckpoint(`o\n1\n${ROOT}\next${c}\n`))).toBe("malformed");
    }
  });

  it(`rejects checkpoints larger than ${MAX_CHECKPOINT_SIZE} bytes`, () => {
    expect(codeOf(() => parseCheckpoint(valid("1", `${"x".repeat(MAX_CHECKPOINT_SIZE)}\n`)))).toBe(
      "too-large",
    );
  });

  it("refuses to format invalid checkpoints", () => {
    const good: Checkpoint = {
      origin: "o",
      size: 1,
      rootHash: decodeBase64Strict(ROOT),
      extensions: [],
    };
    expect(formatCheckpoint(good)).toBe(`o\n1\n${ROOT}\n`);
    for (const bad of [
      { ...good, origin: "" },
      { ...good, origin: "a\nb" },
      { ...good, size: -1 },
      { ...good, size: 1.5 },
      { ...good, size: 2 ** 53 },
      { ...good, rootHash: new Uint8Array(31) },
      { ...good, extensions: [""] },
      { ...good, extensions: ["a\nb"] },
      { ...good, extensions: ["a\rb"] },
    ]) {
      expect(codeOf(() => formatCheckpoint(bad))).toBe("malformed");
    }
  });
});
