/**
 * src/log's checkpoint verification running on the browser's crypto twin (web/src/platform/crypto.ts,
 * mocked in for src/log/crypto.ts here as the web build swaps it in), with WebCrypto's Ed25519 doing the
 * signature arithmetic in two passes: a checkpoint signed by the log (and cosigned by a witness) opens;
 * a changed note, another key, or a forged cosignature is refused, as with node:crypto.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/log/crypto.js", async () => {
  const node =
    await vi.importActual<typeof import("../../src/log/crypto.js")>("../../src/log/crypto.js");
  const web = await import("../../web/src/platform/crypto.js");
  // Signing stays Node's (the test plays the log and the witness); verification is the browser's.
  return { ...web, ed25519Sign: node.ed25519Sign, ed25519PublicKey: node.ed25519PublicKey };
});

const { openCheckpoint, signCheckpoint } = await import("../../src/log/checkpoint/index.js");
const { cosignerFromKey, generateKeyPair, signerFromKey, verifierFromKey } = await import(
  "../../src/log/note/index.js"
);
const { withWebCryptoSignatures } = await import("../../web/src/platform/crypto.js");

const root = new Uint8Array(32).fill(7);
const checkpoint = { origin: "example.com/log", size: 3, rootHash: root, extensions: [] };

describe("checkpoints verified with WebCrypto", () => {
  const log = generateKeyPair("example.com/log");
  const witness = generateKeyPair("witness.example/w1", "cosignature/v1");
  const logVerifier = verifierFromKey(log.verifierKey);

  it("opens a checkpoint signed by the log and cosigned by a witness", async () => {
    const signed = signCheckpoint(checkpoint, [signerFromKey(log.signerKey)]);
    const opened = await withWebCryptoSignatures(() => openCheckpoint(signed, { logVerifier }));
    expect(opened.checkpoint.size).toBe(3);
    const cosigned = signCheckpoint(
      checkpoint,
      [cosignerFromKey(witness.signerKey, () => 1_700_000_000)],
      opened.verified,
    );
    const both = await withWebCryptoSignatures(() =>
      openCheckpoint(cosigned, { logVerifier, cosigners: [verifierFromKey(witness.verifierKey)] }),
    );
    expect(both.cosignatures.map((c) => c.timestamp)).toEqual([1_700_000_000]);
  });

  it("refuses a checkpoint whose text changed after signing", async () => {
    const signed = signCheckpoint(checkpoint, [signerFromKey(log.signerKey)]);
    const tampered = signed.replace("\n3\n", "\n4\n");
    await expect(
      withWebCryptoSignatures(() => openCheckpoint(tampered, { logVerifier })),
    ).rejects.toThrow();
  });

  it("refuses a checkpoint signed by another key of the same name", async () => {
    const impostor = generateKeyPair("example.com/log");
    const signed = signCheckpoint(checkpoint, [signerFromKey(impostor.signerKey)]);
    await expect(
      withWebCryptoSignatures(() => openCheckpoint(signed, { logVerifier })),
    ).rejects.toThrow();
  });

  it("does not count a forged cosignature", async () => {
    const signed = signCheckpoint(checkpoint, [signerFromKey(log.signerKey)]);
    const opened = await withWebCryptoSignatures(() => openCheckpoint(signed, { logVerifier }));
    const other = generateKeyPair("witness.example/w1", "cosignature/v1");
    const forged = signCheckpoint(
      checkpoint,
      [cosignerFromKey(other.signerKey, () => 1)],
      opened.verified,
    );
    const result = await withWebCryptoSignatures(() =>
      openCheckpoint(forged, { logVerifier, cosigners: [verifierFromKey(witness.verifierKey)] }),
    );
    expect(result.cosignatures).toEqual([]);
  });
});
