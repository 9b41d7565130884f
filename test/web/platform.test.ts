/**
 * The browser twins of src/log/crypto.ts, src/log/encoding/base64.ts and src/domain/base64url.ts
 * (web/src/platform, swapped in by web/vite.config.ts) against the Node modules they replace: the same
 * exports, the same bytes out for random inputs, the same refusals, and FIPS 180-4's SHA-256 examples.
 */
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as nodeBase64Url from "../../src/domain/base64url.js";
import * as nodeCrypto from "../../src/log/crypto.js";
import * as nodeBase64 from "../../src/log/encoding/base64.js";
import * as webBase64 from "../../web/src/platform/base64.js";
import * as webBase64Url from "../../web/src/platform/base64url.js";
import * as webCrypto from "../../web/src/platform/crypto.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const utf8 = (s: string) => new TextEncoder().encode(s);

function outcome<T>(run: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

describe("browser twins of Node modules", () => {
  it("export every name the Node module exports", () => {
    for (const [node, web] of [
      [nodeCrypto, webCrypto],
      [nodeBase64, webBase64],
      [nodeBase64Url, webBase64Url],
    ] as const) {
      for (const name of Object.keys(node)) expect(Object.keys(web), name).toContain(name);
    }
  });

  it("SHA-256: FIPS 180-4 examples and the padding boundaries", () => {
    expect(hex(webCrypto.sha256(utf8("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(hex(webCrypto.sha256())).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(
      hex(webCrypto.sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
    ).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    for (let n = 50; n <= 130; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff);
      expect(hex(webCrypto.sha256(bytes)), `length ${n}`).toBe(hex(nodeCrypto.sha256(bytes)));
    }
  });

  it("SHA-256, prefixed hashes and HMAC agree with node:crypto on random inputs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 100 }),
        (parts, prefix, key) => {
          const whole = Buffer.concat(parts);
          expect(hex(webCrypto.sha256(...parts))).toBe(
            createHash("sha256").update(whole).digest("hex"),
          );
          const [a = new Uint8Array(), b] = parts;
          expect(hex(webCrypto.sha256Prefixed(prefix, a, b))).toBe(
            hex(nodeCrypto.sha256Prefixed(prefix, a, b)),
          );
          expect(hex(webCrypto.hmacSha256(key, ...parts))).toBe(
            createHmac("sha256", key).update(whole).digest("hex"),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("base64 and base64url encode the same and refuse the same text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(webBase64.encodeBase64(bytes)).toBe(nodeBase64.encodeBase64(bytes));
        expect(webBase64Url.encodeBase64Url(bytes)).toBe(nodeBase64Url.encodeBase64Url(bytes));
      }),
      { numRuns: 300 },
    );
    const texts = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."AQgw+/=-_ab09 \n"), maxLength: 12 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64")),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64url")),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const web = outcome(() => webBase64.decodeBase64Strict(text));
        const node = outcome(() => nodeBase64.decodeBase64Strict(text));
        expect(web.ok).toBe(node.ok);
        if (web.ok && node.ok) expect(hex(web.value)).toBe(hex(node.value));
        const webUrl = webBase64Url.decodeBase64Url(text);
        const nodeUrl = nodeBase64Url.decodeBase64Url(text);
        expect(webUrl === null ? null : hex(webUrl)).toBe(nodeUrl === null ? null : hex(nodeUrl));
      }),
      { numRuns: 1000 },
    );
  });

  it("never signs: the browser holds no log key", async () => {
    expect(() => webCrypto.ed25519Sign(new Uint8Array(32), new Uint8Array())).toThrow(
      /not available/,
    );
    expect(() => webCrypto.ed25519PublicKey(new Uint8Array(32))).toThrow(/not available/);
    await expect(webCrypto.ed25519SignAsync(new Uint8Array(32), new Uint8Array())).rejects.toThrow(
      /not available/,
    );
  });
});
