/**
 * The server's witness file (src/cli/witnessing/witness-config.ts) is parsed as untrusted text: a valid
 * file gives the witnesses and k; every way it can be wrong is a usage error naming what is wrong, so a
 * typo never silently weakens the policy.
 */
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/cli-error.js";
import {
  MAX_WITNESS_CONFIG_SIZE,
  MAX_WITNESSES,
  parseWitnessConfig,
} from "../../src/cli/witnessing/witness-config.js";
import { generateKeyPair } from "../../src/log/note/index.js";

const w1 = generateKeyPair("w1.example", "cosignature/v1").verifierKey;
const w2 = generateKeyPair("w2.example", "cosignature/v1").verifierKey;
const logKey = generateKeyPair("log.example", "ed25519").verifierKey;

const parse = (value: unknown) => parseWitnessConfig(JSON.stringify(value), "w.json");

describe("the witness file", () => {
  it("gives the witnesses and the threshold", () => {
    const config = parse({
      threshold: 2,
      witnesses: [
        { url: "https://w1.example/", vkey: w1 },
        { url: "http://127.0.0.1:7380/sub", vkey: `${w2}\n` },
      ],
    });
    expect(config.threshold).toBe(2);
    expect(config.witnesses).toEqual([
      { url: "https://w1.example/", vkey: w1 },
      { url: "http://127.0.0.1:7380/sub", vkey: w2 },
    ]);
  });

  it("refuses, as a usage error naming it, every file that would not work", () => {
    const one = (extra: object) => ({ url: "https://w1.example/", vkey: w1, ...extra });
    const cases: Array<[string | unknown, RegExp]> = [
      ["{", /is not JSON/],
      [[], /is not an object/],
      [{ threshold: 1, witnesses: [] }, /non-empty list witnesses/],
      [{ threshold: 0, witnesses: [one({})] }, /threshold must be a whole number from 1 to 1/],
      [{ threshold: 2, witnesses: [one({})] }, /threshold must be a whole number from 1 to 1/],
      [{ threshold: 1.5, witnesses: [one({})] }, /threshold must be/],
      [
        { threshold: 1, witnesses: [one({ url: "ftp://x/" })] },
        /witness 0: ftp:\/\/x\/ is not an http\(s\) URL/,
      ],
      [{ threshold: 1, witnesses: [one({ url: "https://u:p@x/" })] }, /must not hold credentials/],
      [{ threshold: 1, witnesses: [one({ url: "nope" })] }, /witness 0: nope is not a URL/],
      [{ threshold: 1, witnesses: [one({ vkey: logKey })] }, /not a cosignature\/v1 \(0x04\) key/],
      [{ threshold: 1, witnesses: [one({ vkey: "garbage" })] }, /witness 0: bad vkey/],
      [{ threshold: 1, witnesses: [one({}), one({})] }, /lists one witness key twice/],
      [{ threshold: 1, witnesses: [{ url: 1, vkey: w1 }] }, /needs string fields url and vkey/],
      [
        { threshold: 1, witnesses: Array.from({ length: MAX_WITNESSES + 1 }, () => one({})) },
        /more than 32 witnesses/,
      ],
    ];
    for (const [value, message] of cases) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      let error: unknown;
      try {
        parseWitnessConfig(text, "w.json");
      } catch (e) {
        error = e;
      }
      expect(error, text.slice(0, 80)).toBeInstanceOf(CliError);
      expect((error as CliError).code).toBe("usage");
      expect((error as Error).message).toMatch(message);
    }
    expect(() => parseWitnessConfig(" ".repeat(MAX_WITNESS_CONFIG_SIZE + 1), "w.json")).toThrow(
      /larger than/,
    );
  });
});
