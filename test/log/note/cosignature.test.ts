import { describe, expect, it } from "vitest";
import { ed25519PublicKey, ed25519Verify, randomBytes } from "../../../src/log/crypto.js";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import {
  COSIGNATURE_TIMESTAMP_SIZE,
  cosignatureSignedMessage,
  cosignatureTimestamp,
  cosignatureV1Signer,
  cosignatureV1Verifier,
  cosignerFromKey,
  ed25519NoteVerifier,
  generateKeyPair,
  type NoteSignature,
  openNote,
  parseVerifierKey,
  signerFromKey,
  signNote,
  splitNote,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import { codeOf } from "./error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "./vectors.js";

const dec = new TextDecoder();
const cosigned = () => noteVectors().cosignedCheckpoint;

function knownSignature(): NoteSignature {
  const sig = splitNote(cosigned().signed).signatures.find((s) => s.name === "Known");
  if (sig === undefined) throw new Error("the vector lost its Known cosignature");
  return sig;
}

describe.skipIf(!HAVE_SHARED)(titled("tlog-cosignature v1 (type 0x04)"), () => {
  it("verifies the Log signature and the Known cosignature of the shared vector", () => {
    const v = cosigned();
    const note = openNote(v.signed, [verifierFromKey(v.logVkey), verifierFromKey(v.cosignerVkey)]);
    expect(note.text).toBe(v.checkpointText);
    expect(note.verified.map((s) => s.name)).toEqual(["Log", "Known"]);
  });

  it("reads the cosignature timestamp (8 bytes big-endian after the key ID)", () => {
    expect(cosignatureTimestamp(knownSignature().signature)).toBe(cosigned().cosignatureTimestamp);
    expect(cosigned().cosignatureTimestamp).toBe(1700000000);
  });

  it("builds the signed message the vector records, and the raw Ed25519 signature verifies on it", () => {
    const v = cosigned();
    const message = cosignatureSignedMessage(v.cosignatureTimestamp, v.checkpointText);
    expect(dec.decode(message)).toBe(v.cosignatureSignedMessage);
    const key = parseVerifierKey(v.cosignerVkey);
    if (key.kind !== "cosignature/v1") throw new Error("expected a 0x04 key");
    const raw = knownSignature().signature.subarray(COSIGNATURE_TIMESTAMP_SIZE);
    expect(ed25519Verify(key.publicKey, message, raw)).toBe(true);
  });

  it("does not verify a cosignature under the same public key as a plain 0x01 key", () => {
    const key = parseVerifierKey(cosigned().cosignerVkey);
    if (key.kind !== "cosignature/v1") throw new Error("expected a 0x04 key");
    const plain = ed25519NoteVerifier("Known", key.publicKey);
    expect(plain.keyId).not.toBe(key.keyId);
    expect(codeOf(() => openNote(cosigned().signed, [plain]))).toBe("unverified");
  });

  it("fails a cosignature whose timestamp was changed", () => {
    const sig = knownSignature();
    const changed = new Uint8Array(sig.signature);
    changed[7] = (changed[7] ?? 0) ^ 1;
    const verifier = verifierFromKey(cosigned().cosignerVkey);
    const message = new TextEncoder().encode(cosigned().checkpointText);
    expect(verifier.verify(message, sig.signature)).toBe(true);
    expect(verifier.verify(message, changed)).toBe(false);
    expect(verifier.verify(message, sig.signature.subarray(0, 71))).toBe(false);
  });

  it("signs with a clock and verifies, from seeds and from encoded keys", () => {
    const seed = randomBytes(32);
    const signer = cosignatureV1Signer("witness.example/w1", seed, () => 1234567890);
    const sig = signer.sign(new TextEncoder().encode(cosigned().checkpointText));
    expect(sig).toHaveLength(72);
    expect(cosignatureTimestamp(sig)).toBe(1234567890);

    const { signerKey, verifierKey } = generateKeyPair("witness.example/w2", "cosignature/v1");
    const withLog = signNote(cosigned().checkpointText, [cosignerFromKey(signerKey, () => 42)]);
    const note = openNote(withLog, [verifierFromKey(verifierKey)]);
    expect(note.verified.map((s) => cosignatureTimestamp(s.signature))).toEqual([42]);
    const verifier = cosignatureV1Verifier("witness.example/w1", ed25519PublicKey(seed));
    const msg = new TextEncoder().encode(cosigned().checkpointText);
    expect(verifier.verify(msg, sig)).toBe(true);
  });

  it("keeps plain and cosigner signer keys apart", () => {
    const plain = generateKeyPair("k.example");
    const cosigner = generateKeyPair("k.example", "cosignature/v1");
    expect(codeOf(() => cosignerFromKey(plain.signerKey, () => 0))).toBe("malformed");
    expect(codeOf(() => signerFromKey(cosigner.signerKey))).toBe("malformed");
  });

  it("refuses timestamps it cannot represent exactly", () => {
    const big = new Uint8Array(72);
    big.fill(0xff, 0, 8);
    expect(codeOf(() => cosignatureTimestamp(big))).toBe("too-large");
    const verifier = verifierFromKey(cosigned().cosignerVkey);
    expect(verifier.verify(new TextEncoder().encode(cosigned().checkpointText), big)).toBe(false);
    const signer = cosignatureV1Signer("w.example", randomBytes(32), () => 1.5);
    expect(codeOf(() => signer.sign(new Uint8Array(1)))).toBe("malformed");
    expect(codeOf(() => cosignatureTimestamp(new Uint8Array(7)))).toBe("malformed");
  });

  it("formats the timestamp line in decimal without leading zeros", () => {
    expect(dec.decode(cosignatureSignedMessage(0, "o\n0\nAA==\n"))).toBe(
      "cosignature/v1\ntime 0\no\n0\nAA==\n",
    );
    expect(encodeBase64(cosignatureSignedMessage(7, ""))).toBe(
      encodeBase64(new TextEncoder().encode("cosignature/v1\ntime 7\n")),
    );
  });
});
