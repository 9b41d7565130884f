import { describe, expect, it } from "vitest";
import { ed25519PublicKey } from "../../../src/log/crypto.js";
import { decodeBase64Strict, encodeBase64 } from "../../../src/log/encoding/base64.js";
import {
  computeKeyId,
  formatSignerKey,
  formatVerifierKey,
  generateKeyPair,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
  signerFromKey,
  verifierFromKey,
  verifierKeyOfSigner,
} from "../../../src/log/note/index.js";
import { codeOf } from "./error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "./vectors.js";

describe.skipIf(!HAVE_SHARED)(titled("encoded keys against the x/mod vectors"), () => {
  it("parses the PeterNeumann verifier key and formats it back byte for byte", () => {
    const { vkey } = noteVectors().peterNeumann;
    const key = parseVerifierKey(vkey);
    expect(key.kind).toBe("ed25519");
    expect(key.name).toBe("PeterNeumann");
    expect(key.keyId).toBe(0xc74f20a3);
    expect(formatVerifierKey(key)).toBe(vkey);
  });

  it("parses the PeterNeumann signer key, whose public key is the verifier key's", () => {
    const { vkey, skey } = noteVectors().peterNeumann;
    const signer = parseSignerKey(skey);
    expect(formatSignerKey(signer)).toBe(skey);
    expect(formatVerifierKey(verifierKeyOfSigner(signer))).toBe(vkey);
    expect(encodeBase64(ed25519PublicKey(signer.seed))).toBe(encodeBase64(signer.publicKey));
  });

  it("computes the key ID as SHA-256(name || 0x0A || type || pub)[:4]", () => {
    const key = parseVerifierKey(noteVectors().peterNeumann.vkey);
    if (key.kind === "unknown") throw new Error("expected an Ed25519 key");
    expect(computeKeyId("PeterNeumann", 0x01, key.publicKey)).toBe(key.keyId);
    // The same key under the cosignature type has another ID (domain separation by type byte).
    expect(computeKeyId("PeterNeumann", 0x04, key.publicKey)).not.toBe(key.keyId);
  });

  it("splits a verifier key on its first two '+' only (sum.golang.org's base64 holds '+')", () => {
    const { vkey } = noteVectors().sumGolangOrg;
    expect(vkey.split("+").length).toBeGreaterThan(3);
    const key = parseVerifierKey(vkey);
    expect(key.name).toBe("sum.golang.org");
    expect(formatVerifierKey(key)).toBe(vkey);
  });

  it("parses the transparency-dev/formats test keys and the 0x04 cosigner key", () => {
    const { logVkey, logSkey } = noteVectors().formatsKeys;
    expect(formatVerifierKey(verifierKeyOfSigner(parseSignerKey(logSkey)))).toBe(logVkey);
    const cosigner = parseVerifierKey(noteVectors().cosignedCheckpoint.cosignerVkey);
    expect(cosigner.kind).toBe("cosignature/v1");
    expect(cosigner.name).toBe("Known");
    expect(formatVerifierKey(cosigner)).toBe(noteVectors().cosignedCheckpoint.cosignerVkey);
  });

  it("rejects a wrong key ID, in either key", () => {
    const { vkey, skey } = noteVectors().peterNeumann;
    expect(codeOf(() => parseVerifierKey(vkey.replace("c74f20a3", "c74f20a4")))).toBe("malformed");
    expect(codeOf(() => parseSignerKey(skey.replace("c74f20a3", "c74f20a4")))).toBe("malformed");
  });

  it("rejects key IDs that are not eight lowercase hex digits", () => {
    const { vkey } = noteVectors().peterNeumann;
    for (const id of ["C74F20A3", "c74f20a", "c74f20a30", "0xc74f20", "c74f20g3"]) {
      expect(codeOf(() => parseVerifierKey(vkey.replace("c74f20a3", id)))).toBe("malformed");
    }
  });

  it("rejects names with spaces, '+', control characters or nothing", () => {
    const { vkey, skey } = noteVectors().peterNeumann;
    for (const name of [
      "Peter Neumann",
      "Peter\u00a0Neumann",
      "Peter\u3000Neumann",
      "",
      "P\u0001N",
    ]) {
      expect(codeOf(() => parseVerifierKey(vkey.replace("PeterNeumann", name)))).toBe("malformed");
      expect(codeOf(() => parseSignerKey(skey.replace("PeterNeumann", name)))).toBe("malformed");
    }
    expect(codeOf(() => generateKeyPair("a+b"))).toBe("malformed");
    expect(isValidKeyName("example.com/log")).toBe(true);
    expect(isValidKeyName("a+b")).toBe(false);
    expect(isValidKeyName("a\tb")).toBe(false);
    expect(isValidKeyName("a\ud800b")).toBe(false);
  });

  it("rejects non-canonical or lenient base64 key material", () => {
    const { vkey } = noteVectors().peterNeumann;
    const key64 = vkey.split("+")[2] ?? "";
    // 33 bytes → 44 characters ending in one '='; the last letter carries two zero padding bits.
    const last = key64.at(-2) ?? "";
    const nonZeroBits = last === "W" ? "X" : "W";
    const variants = [
      `${key64.slice(0, -2)}${nonZeroBits}=`,
      key64.slice(0, -1),
      key64.replaceAll("/", "_"),
      ` ${key64}`,
    ];
    for (const bad of variants) {
      expect(codeOf(() => parseVerifierKey(`PeterNeumann+c74f20a3+${bad}`))).toBe("malformed");
    }
  });

  it("rejects keys of the wrong length or missing parts", () => {
    const { vkey, skey } = noteVectors().peterNeumann;
    const raw = decodeBase64Strict(vkey.split("+")[2] ?? "");
    const short = encodeBase64(raw.subarray(0, 32));
    expect(codeOf(() => parseVerifierKey(`PeterNeumann+c74f20a3+${short}`))).toBe("malformed");
    expect(codeOf(() => parseVerifierKey("PeterNeumann+c74f20a3"))).toBe("malformed");
    expect(codeOf(() => parseVerifierKey("PeterNeumann"))).toBe("malformed");
    expect(codeOf(() => parseSignerKey(skey.replace("PRIVATE+KEY+", "PRIVATE+KEYS+")))).toBe(
      "malformed",
    );
    expect(codeOf(() => parseSignerKey(vkey))).toBe("malformed");
    expect(codeOf(() => parseVerifierKey(`x+00000000+${"A".repeat(9000)}`))).toBe("too-large");
  });

  it("keeps keys of other signature types as unknown, and refuses to verify with them", () => {
    const material = new Uint8Array(65).fill(7);
    material[0] = 0x02; // ECDSA, whose key ID rule differs (SHA-256 of the SPKI)
    const vkey = `rekor.example+12345678+${encodeBase64(material)}`;
    const key = parseVerifierKey(vkey);
    expect(key.kind).toBe("unknown");
    if (key.kind !== "unknown") throw new Error("expected unknown");
    expect(key.type).toBe(0x02);
    expect(key.keyId).toBe(0x12345678);
    expect(formatVerifierKey(key)).toBe(vkey);
    expect(codeOf(() => verifierFromKey(vkey))).toBe("malformed");
  });

  it("generates key pairs that round-trip and sign verifiably", () => {
    for (const kind of ["ed25519", "cosignature/v1"] as const) {
      const { signerKey, verifierKey } = generateKeyPair("example.com/log", kind);
      const signer = parseSignerKey(signerKey);
      expect(signer.kind).toBe(kind);
      expect(formatVerifierKey(verifierKeyOfSigner(signer))).toBe(verifierKey);
      expect(parseVerifierKey(verifierKey).kind).toBe(kind);
    }
    const { signerKey, verifierKey } = generateKeyPair("example.com/log");
    const msg = new TextEncoder().encode("text\n");
    const sig = signerFromKey(signerKey).sign(msg);
    expect(verifierFromKey(verifierKey).verify(msg, sig)).toBe(true);
    expect(verifierFromKey(verifierKey).verify(new TextEncoder().encode("texT\n"), sig)).toBe(
      false,
    );
  });
});
