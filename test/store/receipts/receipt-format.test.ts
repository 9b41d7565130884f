/**
 * The receipt format (src/log/receipt): its text rules, its signatures under the log's own key, and that
 * receipts and checkpoints cannot be mistaken for each other. Pure; the store's receipts are tested in
 * receipts.test.ts.
 */
import { describe, expect, it } from "vitest";
import { openCheckpoint, signCheckpoint } from "../../../src/log/checkpoint/index.js";
import { ed25519PublicKey, randomBytes } from "../../../src/log/crypto.js";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  generateKeyPair,
  openNote,
  signerFromKey,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import {
  formatReceipt,
  MAX_RECEIPT_SIZE,
  MAX_SIGNED_RECEIPT_SIZE,
  openReceipt,
  parseReceipt,
  RECEIPT_HEADER,
  type Receipt,
  signReceipt,
  verifyReceipt,
} from "../../../src/log/receipt/index.js";
import { codeOf } from "../../log/note/error-code.js";
import { HAVE_SHARED, noteVectors, SKIP_REASON } from "../../log/note/vectors.js";

const entry = new TextEncoder().encode('{"type":"review.submitted"}');
const receiptFor = (origin: string, index = 41): Receipt => ({
  origin,
  index,
  leafHash: leafHash(entry),
  time: 1_717_171_717_171,
});

/** Replaces the first occurrence of `from` in `text`, failing the test if absent. */
function replaced(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe("receipt text", () => {
  const origin = "fabrique.local/spaces/market";
  const text = formatReceipt(receiptFor(origin));

  it("is five lines: header, origin, index, base64 leaf hash, Unix ms; and parses back", () => {
    expect(text).toBe(
      `${RECEIPT_HEADER}\n${origin}\n41\n${encodeBase64(leafHash(entry))}\n1717171717171\n`,
    );
    expect(parseReceipt(text)).toEqual(receiptFor(origin));
  });

  it("refuses every deviation from the format", () => {
    const hash = encodeBase64(leafHash(entry));
    const bad: [string, string, string][] = [
      ["no final newline", text.slice(0, -1), "malformed"],
      ["another header", replaced(text, RECEIPT_HEADER, "fabrique-receipt/v2"), "malformed"],
      ["a sixth line", `${text}extension\n`, "malformed"],
      ["a missing line", text.replace("41\n", ""), "malformed"],
      ["an empty origin", replaced(text, `${origin}\n`, "\n"), "malformed"],
      ["a leading zero", replaced(text, "\n41\n", "\n041\n"), "malformed"],
      ["a sign", replaced(text, "\n41\n", "\n+41\n"), "malformed"],
      ["an index above 2^53", replaced(text, "\n41\n", "\n9007199254740992\n"), "too-large"],
      ["a time with a fraction", replaced(text, "1717171717171", "1717171717171.5"), "malformed"],
      ["unpadded base64", replaced(text, hash, hash.replace(/=+$/, "")), "malformed"],
      [
        "a 31-byte hash",
        replaced(text, hash, encodeBase64(leafHash(entry).subarray(1))),
        "malformed",
      ],
      ["a control character", replaced(text, origin, `${origin}\t`), "malformed"],
      ["an over-long text", replaced(text, origin, "o".repeat(MAX_RECEIPT_SIZE)), "too-large"],
    ];
    for (const [what, input, code] of bad)
      expect(
        codeOf(() => parseReceipt(input)),
        what,
      ).toBe(code);
  });

  it("refuses to format what it would not parse", () => {
    const r = receiptFor(origin);
    expect(codeOf(() => formatReceipt({ ...r, index: -1 }))).toBe("malformed");
    expect(codeOf(() => formatReceipt({ ...r, time: 1.5 }))).toBe("malformed");
    expect(codeOf(() => formatReceipt({ ...r, leafHash: new Uint8Array(31) }))).toBe("malformed");
    expect(codeOf(() => formatReceipt({ ...r, origin: "a\nb" }))).toBe("malformed");
    expect(codeOf(() => formatReceipt({ ...r, origin: "" }))).toBe("malformed");
  });
});

describe("signed receipts", () => {
  const origin = "fabrique.local/spaces/market";
  const seed = randomBytes(32);
  const signer = ed25519NoteSigner(origin, seed);
  const logVerifier = ed25519NoteVerifier(origin, ed25519PublicKey(seed));

  it("verify with the log's verifier key and say what they promise", () => {
    const signed = signReceipt(receiptFor(origin), signer);
    const opened = openReceipt(signed, { logVerifier });
    expect(opened.receipt).toEqual(receiptFor(origin));
    expect(opened.signature).toMatchObject({ name: origin, keyId: signer.keyId });
    expect(opened.text).toBe(formatReceipt(receiptFor(origin)));
  });

  it("fail when any byte of the text or signature is changed", () => {
    const signed = signReceipt(receiptFor(origin), signer);
    const tampered = [
      replaced(signed, "\n41\n", "\n42\n"),
      replaced(signed, "1717171717171", "1717171717172"),
      replaced(signed, encodeBase64(leafHash(entry)), encodeBase64(leafHash(new Uint8Array(1)))),
    ];
    for (const t of tampered)
      expect(codeOf(() => openReceipt(t, { logVerifier }))).toBe("bad-signature");
    // Flip one bit of the signature (the base64 after the key name), keeping the line well-formed.
    const sigAt = signed.lastIndexOf(" ") + 10;
    const flipped =
      signed.slice(0, sigAt) + (signed[sigAt] === "A" ? "B" : "A") + signed.slice(sigAt + 1);
    expect(codeOf(() => openReceipt(flipped, { logVerifier }))).toBe("bad-signature");
  });

  it("fail under another key, another origin, or a signer not named after the origin", () => {
    const signed = signReceipt(receiptFor(origin), signer);
    const other = generateKeyPair(origin);
    expect(codeOf(() => verifyReceipt(signed, other.verifierKey))).toBe("unverified");
    expect(
      codeOf(() => openReceipt(signed, { logVerifier, origin: "fabrique.local/spaces/x" })),
    ).toBe("unverified");
    const elsewhere = signReceipt(
      receiptFor("fabrique.local/spaces/other"),
      ed25519NoteSigner("fabrique.local/spaces/other", seed),
    );
    expect(codeOf(() => openReceipt(elsewhere, { logVerifier }))).toBe("unverified");
    expect(codeOf(() => signReceipt(receiptFor("fabrique.local/spaces/other"), signer))).toBe(
      "malformed",
    );
  });

  it("refuse cosignature keys and oversized input before parsing", () => {
    const signed = signReceipt(receiptFor(origin), signer);
    const cosigner = generateKeyPair(origin, "cosignature/v1");
    expect(codeOf(() => verifyReceipt(signed, cosigner.verifierKey))).toBe("malformed");
    const huge = `${"x".repeat(MAX_SIGNED_RECEIPT_SIZE)}\n\n${signed}`;
    expect(codeOf(() => openReceipt(huge, { logVerifier }))).toBe("too-large");
  });
});

describe.skipIf(!HAVE_SHARED)(`receipts under a real vector key (${SKIP_REASON} otherwise)`, () => {
  it("a receipt signed with the transparency-dev/formats Log key is a plain signed note under it", () => {
    const { logSkey, logVkey } = noteVectors().formatsKeys;
    const signed = signReceipt(receiptFor("Log"), signerFromKey(logSkey));
    expect(verifyReceipt(signed, logVkey)).toEqual(receiptFor("Log"));
    // Any signed-note verifier (x/mod's note.Open rules) accepts it: receipts need no special verifier.
    expect(openNote(signed, [verifierFromKey(logVkey)]).text).toBe(
      formatReceipt(receiptFor("Log")),
    );
  });

  it("receipts and checkpoints signed by one key never pass for each other", () => {
    const { logSkey, logVkey } = noteVectors().formatsKeys;
    const logVerifier = verifierFromKey(logVkey);
    const receipt = signReceipt(receiptFor("Log"), signerFromKey(logSkey));
    const checkpoint = signCheckpoint(
      { origin: "Log", size: 42, rootHash: leafHash(entry), extensions: [] },
      [signerFromKey(logSkey)],
    );
    expect(codeOf(() => openCheckpoint(receipt, { logVerifier }))).toBe("malformed");
    expect(codeOf(() => verifyReceipt(checkpoint, logVkey))).toBe("malformed");
  });
});
