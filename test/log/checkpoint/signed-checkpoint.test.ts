import { describe, expect, it } from "vitest";
import {
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from "../../../src/log/checkpoint/index.js";
import { decodeBase64Strict } from "../../../src/log/encoding/base64.js";
import { leafHash, nodeHash } from "../../../src/log/merkle/hash.js";
import {
  cosignerFromKey,
  generateKeyPair,
  signerFromKey,
  signNote,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import { codeOf } from "../note/error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "../note/vectors.js";

const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

// The classic 8-leaf RFC 6962 test tree of the shared README (merkle/ vectors).
const LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
];

// RFC 9162 §2.1.1 MTH, written out here only to check the vector (the log's merkle code is elsewhere).
function mth(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leafHash(leaves[0] ?? new Uint8Array());
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe.skipIf(!HAVE_SHARED)(titled("signed checkpoints: shared vectors"), () => {
  it("opens the real sum.golang.org checkpoint with its verifier key", () => {
    const v = noteVectors().sumGolangOrg;
    const logVerifier = verifierFromKey(v.vkey);
    const opened = openCheckpoint(v.signed, { logVerifier, origin: "go.sum database tree" });
    expect(opened.checkpoint.origin).toBe("go.sum database tree");
    expect(opened.checkpoint.size).toBe(63096908);
    const rootLine = v.signed.split("\n")[2] ?? "";
    expect(hexOf(opened.checkpoint.rootHash)).toBe(hexOf(decodeBase64Strict(rootLine)));
    expect(opened.logSignature.name).toBe("sum.golang.org");
  });

  it("refuses sum.golang.org's checkpoint by default: its key name is not its origin line", () => {
    const v = noteVectors().sumGolangOrg;
    const logVerifier = verifierFromKey(v.vkey);
    expect(codeOf(() => openCheckpoint(v.signed, { logVerifier }))).toBe("unverified");
    expect(codeOf(() => openCheckpoint(v.signed, { logVerifier, origin: "sum.golang.org" }))).toBe(
      "unverified",
    );
  });

  it("opens the cosigned checkpoint: log signature, Known cosignature at 1700000000, 8-leaf root", () => {
    const v = noteVectors().cosignedCheckpoint;
    const opened = openCheckpoint(v.signed, {
      logVerifier: verifierFromKey(v.logVkey),
      cosigners: [verifierFromKey(v.cosignerVkey)],
    });
    expect(opened.text).toBe(v.checkpointText);
    expect(opened.logSignature.name).toBe("Log");
    expect(opened.cosignatures.map((c) => [c.name, c.timestamp])).toEqual([["Known", 1700000000]]);
    const leaves = LEAVES.map((h) => new Uint8Array(Buffer.from(h, "hex")));
    expect(opened.checkpoint.size).toBe(8);
    expect(hexOf(opened.checkpoint.rootHash)).toBe(hexOf(mth(leaves)));
    expect(hexOf(mth(leaves))).toBe(
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    );
  });

  it("reports a cosignature from a key not given as unverified", () => {
    const v = noteVectors().cosignedCheckpoint;
    const opened = openCheckpoint(v.signed, { logVerifier: verifierFromKey(v.logVkey) });
    expect(opened.cosignatures).toEqual([]);
    expect(opened.unverified.map((s) => s.name)).toEqual(["Known"]);
  });

  it("re-signing the checkpoint with the formats Log key reproduces the vector's log signature", () => {
    const v = noteVectors().cosignedCheckpoint;
    const checkpoint = parseCheckpoint(v.checkpointText);
    const signed = signCheckpoint(checkpoint, [signerFromKey(noteVectors().formatsKeys.logSkey)]);
    const logLine = v.signed.split("\n").find((l) => l.startsWith("— Log "));
    expect(signed).toBe(`${v.checkpointText}\n${logLine}\n`);
  });

  it("refuses a checkpoint signed only by a cosigner", () => {
    const v = noteVectors().cosignedCheckpoint;
    const knownOnly = v.signed
      .split("\n")
      .filter((l) => !l.startsWith("— Log "))
      .join("\n");
    const otherLog = verifierFromKey(generateKeyPair("Log").verifierKey);
    const cosigners = [verifierFromKey(v.cosignerVkey)];
    expect(codeOf(() => openCheckpoint(knownOnly, { logVerifier: otherLog, cosigners }))).toBe(
      "unverified",
    );
  });
});

describe("signed checkpoints: own keys", () => {
  const root = mth([new Uint8Array([1])]);

  it("signs, cosigns and opens a checkpoint", () => {
    const log = generateKeyPair("example.com/log");
    const witness = generateKeyPair("witness.example/w1", "cosignature/v1");
    const checkpoint = { origin: "example.com/log", size: 1, rootHash: root, extensions: ["x"] };
    const logSigned = signCheckpoint(checkpoint, [signerFromKey(log.signerKey)]);
    const logOnly = openCheckpoint(logSigned, { logVerifier: verifierFromKey(log.verifierKey) });
    const cosigned = signCheckpoint(
      checkpoint,
      [cosignerFromKey(witness.signerKey, () => 1700000123)],
      logOnly.verified,
    );
    const opened = openCheckpoint(cosigned, {
      logVerifier: verifierFromKey(log.verifierKey),
      cosigners: [verifierFromKey(witness.verifierKey)],
    });
    expect(opened.checkpoint.extensions).toEqual(["x"]);
    expect(opened.cosignatures.map((c) => c.timestamp)).toEqual([1700000123]);
    expect(opened.verified).toHaveLength(2);
  });

  it("refuses a checkpoint whose origin is not the log key name", () => {
    const log = generateKeyPair("example.com/log");
    const text = `example.com/other\n1\n${Buffer.from(root).toString("base64")}\n`;
    const signed = signNote(text, [signerFromKey(log.signerKey)]);
    const logVerifier = verifierFromKey(log.verifierKey);
    expect(codeOf(() => openCheckpoint(signed, { logVerifier }))).toBe("unverified");
  });

  it("refuses a signed note whose text is not a checkpoint", () => {
    const log = generateKeyPair("example.com/log");
    const signed = signNote("example.com/log\n01\n", [signerFromKey(log.signerKey)]);
    const logVerifier = verifierFromKey(log.verifierKey);
    expect(codeOf(() => openCheckpoint(signed, { logVerifier }))).toBe("malformed");
  });

  it("fails when the log's signature is bad", () => {
    const log = generateKeyPair("example.com/log");
    const checkpoint = { origin: "example.com/log", size: 1, rootHash: root, extensions: [] };
    const signed = signCheckpoint(checkpoint, [signerFromKey(log.signerKey)]);
    const tampered = signed.replace("\n1\n", "\n2\n");
    const logVerifier = verifierFromKey(log.verifierKey);
    expect(codeOf(() => openCheckpoint(tampered, { logVerifier }))).toBe("bad-signature");
  });
});
