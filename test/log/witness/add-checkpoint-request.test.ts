import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { decodeBase64Strict, encodeBase64 } from "../../../src/log/encoding/base64.js";
import { verifierFromKey } from "../../../src/log/note/index.js";
import {
  formatAddCheckpointRequest,
  MAX_ADD_CHECKPOINT_REQUEST_SIZE,
  MAX_CONSISTENCY_PROOF_LINES,
  parseAddCheckpointRequest,
} from "../../../src/log/witness/index.js";
import { codeOf } from "../note/error-code.js";
import { HAVE_SHARED, noteVectors, sharedPath, titled } from "../note/vectors.js";

// The example request body of c2sp.org/tlog-witness §add-checkpoint.
const SPEC_EXAMPLE = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

const HASH = encodeBase64(new Uint8Array(32).fill(1));
const CHECKPOINT = `example.com/log\n9\n${HASH}\n\n— example.com/log AAAAAAE=\n`;

describe("add-checkpoint request: the spec's example", () => {
  it("parses the old size, the four proof hashes and the signed checkpoint", () => {
    const req = parseAddCheckpointRequest(SPEC_EXAMPLE);
    expect(req.oldSize).toBe(20852014);
    expect(req.consistencyProof.map(encodeBase64)).toEqual(SPEC_EXAMPLE.split("\n").slice(1, 5));
    expect(req.checkpoint).toBe(SPEC_EXAMPLE.split("\n").slice(6).join("\n"));
    expect(formatAddCheckpointRequest(req)).toBe(SPEC_EXAMPLE);
  });

  it("parses the same body given as bytes", () => {
    const req = parseAddCheckpointRequest(new TextEncoder().encode(SPEC_EXAMPLE));
    expect(req.oldSize).toBe(20852014);
  });
});

describe.skipIf(!HAVE_SHARED)(titled("add-checkpoint request: shared vectors"), () => {
  it("carries the 6 → 8 consistency proof and the cosigned 8-leaf checkpoint", () => {
    const vector = JSON.parse(
      readFileSync(sharedPath("vectors/merkle/consistency/2/happy-path.json"), "utf8"),
    ) as { size1: number; size2: number; root2: string; proof: string[] };
    const v = noteVectors().cosignedCheckpoint;
    const body = formatAddCheckpointRequest({
      oldSize: vector.size1,
      consistencyProof: vector.proof.map((h) => decodeBase64Strict(h)),
      checkpoint: v.signed,
    });
    expect(body).toBe(`old 6\n${vector.proof.map((h) => `${h}\n`).join("")}\n${v.signed}`);
    const req = parseAddCheckpointRequest(body);
    expect(req.consistencyProof.map(encodeBase64)).toEqual(vector.proof);
    const opened = openCheckpoint(req.checkpoint, { logVerifier: verifierFromKey(v.logVkey) });
    expect(opened.checkpoint.size).toBe(vector.size2);
    expect(encodeBase64(opened.checkpoint.rootHash)).toBe(vector.root2);
  });
});

describe("add-checkpoint request: malformed bodies", () => {
  const body = (header: string) => `${header}\n${CHECKPOINT}`;

  it("accepts old 0 with no proof, and refuses a proof with old 0", () => {
    expect(parseAddCheckpointRequest(body("old 0\n")).consistencyProof).toEqual([]);
    expect(codeOf(() => parseAddCheckpointRequest(body(`old 0\n${HASH}\n`)))).toBe("malformed");
    const proof = [new Uint8Array(32)];
    expect(
      codeOf(() =>
        formatAddCheckpointRequest({ oldSize: 0, consistencyProof: proof, checkpoint: CHECKPOINT }),
      ),
    ).toBe("malformed");
  });

  it("rejects bad old-size lines", () => {
    for (const line of [
      "old 01",
      "old -1",
      "old +1",
      "Old 1",
      "old  1",
      "old 1 ",
      "old",
      "old ",
      "1",
    ]) {
      expect(codeOf(() => parseAddCheckpointRequest(body(`${line}\n`)))).toBe("malformed");
    }
    expect(codeOf(() => parseAddCheckpointRequest(body("old 9007199254740992\n")))).toBe(
      "too-large",
    );
  });

  it(`accepts ${MAX_CONSISTENCY_PROOF_LINES} proof lines and refuses one more as too large`, () => {
    const lines = (n: number) => `${HASH}\n`.repeat(n);
    const ok = parseAddCheckpointRequest(body(`old 5\n${lines(MAX_CONSISTENCY_PROOF_LINES)}`));
    expect(ok.consistencyProof).toHaveLength(MAX_CONSISTENCY_PROOF_LINES);
    expect(codeOf(() => parseAddCheckpointRequest(body(`old 5\n${lines(64)}`)))).toBe("too-large");
    const proof = Array.from({ length: 64 }, () => new Uint8Array(32));
    expect(
      codeOf(() =>
        formatAddCheckpointRequest({ oldSize: 5, consistencyProof: proof, checkpoint: CHECKPOINT }),
      ),
    ).toBe("too-large");
  });

  it("rejects proof lines that are not canonical base64 of 32 bytes", () => {
    for (const bad of [
      encodeBase64(new Uint8Array(31)),
      encodeBase64(new Uint8Array(33)),
      HASH.slice(0, -1),
      `${HASH.slice(0, -2)}R=`,
      HASH.replace("B", "_"),
      ` ${HASH}`,
    ]) {
      expect(codeOf(() => parseAddCheckpointRequest(body(`old 5\n${bad}\n`)))).toBe("malformed");
    }
  });

  it("rejects bodies without the empty line, without a checkpoint, or with CRLF", () => {
    expect(codeOf(() => parseAddCheckpointRequest("old 5\n"))).toBe("malformed");
    expect(codeOf(() => parseAddCheckpointRequest(`old 5\n${HASH}\n`))).toBe("malformed");
    expect(codeOf(() => parseAddCheckpointRequest("old 5\n\n"))).toBe("malformed");
    expect(codeOf(() => parseAddCheckpointRequest("old 5"))).toBe("malformed");
    expect(codeOf(() => parseAddCheckpointRequest(`old 5\r\n\r\n${CHECKPOINT}`))).toBe("malformed");
    expect(codeOf(() => parseAddCheckpointRequest(""))).toBe("malformed");
  });

  it("rejects invalid UTF-8 and oversized bodies", () => {
    const bytes = new TextEncoder().encode(body("old 5\n"));
    bytes[bytes.length - 10] = 0xff;
    expect(codeOf(() => parseAddCheckpointRequest(bytes))).toBe("malformed");
    const huge = body(`old 5\n`) + "x".repeat(MAX_ADD_CHECKPOINT_REQUEST_SIZE);
    expect(codeOf(() => parseAddCheckpointRequest(huge))).toBe("too-large");
  });

  it("refuses to format an invalid request", () => {
    const ok = { oldSize: 5, consistencyProof: [new Uint8Array(32)], checkpoint: CHECKPOINT };
    expect(parseAddCheckpointRequest(formatAddCheckpointRequest(ok)).oldSize).toBe(5);
    for (const bad of [
      { ...ok, oldSize: -1 },
      { ...ok, oldSize: 2 ** 53 },
      { ...ok, consistencyProof: [new Uint8Array(31)] },
      { ...ok, checkpoint: CHECKPOINT.slice(0, -1) },
    ]) {
      expect(codeOf(() => formatAddCheckpointRequest(bad))).toBe("malformed");
    }
  });
});
