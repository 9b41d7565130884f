import { describe, expect, it } from "vitest";
import { encodeBase64 } from "../../../src/log/encoding/base64.js";
import {
  generateKeyPair,
  MAX_NOTE_SIZE,
  MAX_SIGNATURE_LINE_SIZE,
  MAX_SIGNATURES,
  type NoteSignature,
  type NoteVerifier,
  openNote,
  parseVerifierKey,
  signerFromKey,
  signNote,
  splitNote,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import { codeOf } from "./error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "./vectors.js";

const enc = new TextEncoder();
const peter = () => noteVectors().peterNeumann;
const peterVerifier = () => verifierFromKey(peter().vkey);

describe.skipIf(!HAVE_SHARED)(titled("signed notes: the x/mod PeterNeumann example"), () => {
  it("signing the text with skey reproduces the signed note byte for byte", () => {
    expect(signNote(peter().text, [signerFromKey(peter().skey)])).toBe(peter().signed);
  });

  it("opens the signed note with PeterNeumann's key", () => {
    const note = openNote(peter().signed, [peterVerifier()]);
    expect(note.text).toBe(peter().text);
    expect(note.verified.map((s) => [s.name, s.keyId])).toEqual([["PeterNeumann", 0xc74f20a3]]);
    expect(note.unverified).toEqual([]);
  });

  it("opens the same note given as UTF-8 bytes", () => {
    const note = openNote(enc.encode(peter().signed), [peterVerifier()]);
    expect(note.text).toBe(peter().text);
  });

  it("opens signedTwice with only PeterNeumann's key and reports EnochRoot as unverified", () => {
    const note = openNote(peter().signedTwice, [peterVerifier()]);
    expect(note.text).toBe(peter().text);
    expect(note.verified.map((s) => s.name)).toEqual(["PeterNeumann"]);
    expect(note.unverified.map((s) => s.name)).toEqual(["EnochRoot"]);
  });

  it("re-signing with existing signatures keeps them first, replacing a re-signing key's", () => {
    const opened = openNote(peter().signedTwice, [peterVerifier()]);
    const resigned = signNote(opened.text, [signerFromKey(peter().skey)], opened.unverified);
    const [, enochLine = ""] = peter().signedTwice.split("\n\n")[1]?.split("\n") ?? [];
    expect(resigned).toBe(`${peter().text}\n${enochLine}\n${peter().signed.split("\n\n")[1]}`);
    const again = signNote(opened.text, [signerFromKey(peter().skey)], opened.verified);
    expect(again).toBe(peter().signed);
  });

  it("fails with 'unverified' when no known key signed", () => {
    expect(codeOf(() => openNote(peter().signed, []))).toBe("unverified");
    const other = verifierFromKey(generateKeyPair("PeterNeumann").verifierKey);
    expect(codeOf(() => openNote(peter().signed, [other]))).toBe("unverified");
  });

  it("fails with 'bad-signature' when a known key's signature does not verify", () => {
    // Same name and key ID as PeterNeumann's key, but another public key: a known key that rejects.
    const impostor: NoteVerifier = { name: "PeterNeumann", keyId: 0xc74f20a3, verify: () => false };
    expect(codeOf(() => openNote(peter().signed, [impostor]))).toBe("bad-signature");
  });

  it("fails a note where a known key signed twice and one copy is bad", () => {
    const [text = "", block = ""] = peter().signed.split("\n\n");
    const good = block.trimEnd();
    const sig = splitNote(peter().signed).signatures[0] as NoteSignature;
    const flipped = new Uint8Array(sig.signature);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    const bad = `— PeterNeumann ${encodeBase64(new Uint8Array([0xc7, 0x4f, 0x20, 0xa3, ...flipped]))}`;
    expect(codeOf(() => openNote(`${text}\n\n${good}\n${bad}\n`, [peterVerifier()]))).toBe(
      "bad-signature",
    );
    expect(openNote(`${text}\n\n${good}\n${good}\n`, [peterVerifier()]).verified).toHaveLength(1);
  });

  it("every single-byte change of the signed note fails to open", () => {
    const bytes = enc.encode(peter().signed);
    const verifiers = [peterVerifier()];
    const codes = new Set<string>();
    let opened = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (let b = 0; b < 256; b++) {
        if (b === bytes[i]) continue;
        const mutated = new Uint8Array(bytes);
        mutated[i] = b;
        const code = codeOf(() => openNote(mutated, verifiers));
        if (code === "no error") opened++;
        codes.add(code);
      }
    }
    expect(opened).toBe(0);
    expect([...codes].sort()).toEqual(["bad-signature", "malformed", "unverified"]);
  });

  it("signs with several signers and opens with all their keys", () => {
    const a = generateKeyPair("a.example/log");
    const b = generateKeyPair("b.example/witness");
    const signed = signNote("two\nlines\n", [
      signerFromKey(a.signerKey),
      signerFromKey(b.signerKey),
    ]);
    const note = openNote(signed, [verifierFromKey(a.verifierKey), verifierFromKey(b.verifierKey)]);
    expect(note.verified.map((s) => s.name)).toEqual(["a.example/log", "b.example/witness"]);
    const onlyB = openNote(signed, [verifierFromKey(b.verifierKey)]);
    expect(onlyB.unverified.map((s) => s.name)).toEqual(["a.example/log"]);
  });

  it("splits text and signatures at the last blank line (the text may hold blank lines)", () => {
    const { signerKey, verifierKey } = generateKeyPair("example.com/k");
    for (const text of ["\n", "a\n\nb\n", "a\n\n\n", "trailing blank\n\n"]) {
      const signed = signNote(text, [signerFromKey(signerKey)]);
      expect(openNote(signed, [verifierFromKey(verifierKey)]).text).toBe(text);
    }
  });
});

describe.skipIf(!HAVE_SHARED)(titled("signed notes: malformed input"), () => {
  const [text = "", block = ""] = HAVE_SHARED ? peter().signed.split("\n\n") : [];
  const line = block.trimEnd();
  const unknownLine = (i: number) =>
    `— unknown${i}.example ${encodeBase64(new Uint8Array([0, 0, 0, i & 0xff, 1, 2, 3, 4]))}`;

  it("rejects a note whose text lacks its final newline or blank line", () => {
    expect(codeOf(() => openNote(`${text}${line}\n`, [peterVerifier()]))).toBe("malformed");
    expect(codeOf(() => openNote(`${text}\n\n${line}`, [peterVerifier()]))).toBe("malformed");
    expect(codeOf(() => openNote(`${text}\n\n`, [peterVerifier()]))).toBe("malformed");
    expect(codeOf(() => signNote("no newline", [signerFromKey(peter().skey)]))).toBe("malformed");
  });

  it("rejects control characters other than newline, in text or signatures", () => {
    for (const c of ["\r", "\t", "\u0000", "\u001b", "\u000b"]) {
      expect(codeOf(() => openNote(`${c}${text}\n\n${line}\n`, [peterVerifier()]))).toBe(
        "malformed",
      );
      expect(codeOf(() => openNote(`${text}\n\n${line}${c}\n`, [peterVerifier()]))).toBe(
        "malformed",
      );
      expect(codeOf(() => signNote(`a${c}b\n`, [signerFromKey(peter().skey)]))).toBe("malformed");
    }
    expect(codeOf(() => openNote(`${text}\r\n\r\n${line}\r\n`, [peterVerifier()]))).toBe(
      "malformed",
    );
  });

  it("rejects invalid UTF-8 and lone surrogates", () => {
    const bytes = enc.encode(peter().signed);
    const invalid = new Uint8Array([...bytes.subarray(0, 3), 0xff, ...bytes.subarray(4)]);
    expect(codeOf(() => openNote(invalid, [peterVerifier()]))).toBe("malformed");
    expect(codeOf(() => openNote(`\ud800${peter().signed}`, [peterVerifier()]))).toBe("malformed");
  });

  it("rejects non-canonical base64 signatures", () => {
    const b64 = line.split(" ")[2] ?? "";
    // 68 bytes → 92 characters ending in one '=': the letter before it carries two padding bits.
    const variants = [
      `${b64.slice(0, -2)}${b64.at(-2) === "N" ? "O" : "N"}=`,
      b64.slice(0, -1),
      b64.replaceAll("/", "_"),
      `${b64}=`,
      `${b64} `,
    ];
    for (const bad of variants) {
      expect(codeOf(() => openNote(`${text}\n\n— PeterNeumann ${bad}\n`, [peterVerifier()]))).toBe(
        "malformed",
      );
    }
  });

  it("rejects malformed signature lines", () => {
    for (const bad of [
      line.replace("— ", "-- "),
      line.replace("— ", "—"),
      line.replace("PeterNeumann ", "Peter+Neumann "),
      line.replace("PeterNeumann ", "Peter\u00a0Neumann "),
      line.replace("PeterNeumann ", " "),
      "— PeterNeumann",
      "— PeterNeumann AAAAAA==",
      "",
    ]) {
      expect(codeOf(() => openNote(`${text}\n\n${bad}\n`, [peterVerifier()]))).toBe("malformed");
    }
  });

  it(`accepts ${MAX_SIGNATURES} signatures and rejects ${MAX_SIGNATURES + 1} as too large`, () => {
    const others = (n: number) =>
      Array.from({ length: n }, (_, i) => `${unknownLine(i)}\n`).join("");
    const atLimit = `${text}\n\n${line}\n${others(MAX_SIGNATURES - 1)}`;
    const note = openNote(atLimit, [peterVerifier()]);
    expect(note.unverified).toHaveLength(MAX_SIGNATURES - 1);
    const over = `${text}\n\n${line}\n${others(MAX_SIGNATURES)}`;
    expect(codeOf(() => openNote(over, [peterVerifier()]))).toBe("too-large");
  });

  it("rejects signature lines longer than MAX_SIGNATURE_LINE_SIZE as too large", () => {
    const long = `— big.example ${encodeBase64(new Uint8Array(MAX_SIGNATURE_LINE_SIZE))}`;
    expect(codeOf(() => openNote(`${text}\n\n${line}\n${long}\n`, [peterVerifier()]))).toBe(
      "too-large",
    );
    const fits = `— big.example ${encodeBase64(new Uint8Array(4096))}`;
    expect(openNote(`${text}\n\n${line}\n${fits}\n`, [peterVerifier()]).unverified).toHaveLength(1);
  });

  it("keeps identical unknown signature lines once", () => {
    const twice = `${text}\n\n${line}\n${unknownLine(1)}\n${unknownLine(1)}\n`;
    expect(openNote(twice, [peterVerifier()]).unverified).toHaveLength(1);
  });

  it("rejects notes larger than MAX_NOTE_SIZE before parsing them", () => {
    const big = `${"x".repeat(MAX_NOTE_SIZE)}\n\n${line}\n`;
    expect(codeOf(() => openNote(big, [peterVerifier()]))).toBe("too-large");
    expect(codeOf(() => openNote(enc.encode(big), [peterVerifier()]))).toBe("too-large");
    // Multi-byte characters count as their UTF-8 size.
    const wide = `${"é".repeat(MAX_NOTE_SIZE / 2)}\n\n${line}\n`;
    expect(codeOf(() => openNote(wide, [peterVerifier()]))).toBe("too-large");
  });

  it("rejects two different verifiers for the same (name, key ID)", () => {
    const twin: NoteVerifier = { ...peterVerifier() };
    expect(codeOf(() => openNote(peter().signed, [peterVerifier(), twin]))).toBe("malformed");
    const same = peterVerifier();
    expect(openNote(peter().signed, [same, same]).verified).toHaveLength(1);
  });

  it("refuses to sign with an invalid signer name", () => {
    const key = parseVerifierKey(peter().vkey);
    const signer = { name: "bad name", keyId: key.keyId, sign: () => new Uint8Array(64) };
    expect(codeOf(() => signNote("text\n", [signer]))).toBe("malformed");
  });
});
