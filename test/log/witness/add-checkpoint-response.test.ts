import { describe, expect, it } from "vitest";
import {
  cosignerFromKey,
  generateKeyPair,
  MAX_SIGNATURES,
  signText,
  splitNote,
  verifierFromKey,
} from "../../../src/log/note/index.js";
import {
  type AddCheckpointResponse,
  addCheckpointStatus,
  formatAddCheckpointResponse,
  MAX_ERROR_MESSAGE,
  parseAddCheckpointResponse,
  parseCosignatureLines,
  TLOG_SIZE_CONTENT_TYPE,
  verifyCosignatures,
} from "../../../src/log/witness/index.js";
import { codeOf } from "../note/error-code.js";
import { HAVE_SHARED, noteVectors, titled } from "../note/vectors.js";

// The example response body of c2sp.org/tlog-witness §add-checkpoint.
const SPEC_EXAMPLE = `— witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
— witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
— witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==
`;

function roundTrip(response: AddCheckpointResponse): AddCheckpointResponse {
  const wire = formatAddCheckpointResponse(response);
  expect(wire.status).toBe(addCheckpointStatus(response));
  return parseAddCheckpointResponse(wire.status, wire.contentType, wire.body);
}

describe("add-checkpoint responses", () => {
  it("parses the spec's example 200 body and formats it back", () => {
    const response = parseAddCheckpointResponse(200, "text/plain", SPEC_EXAMPLE);
    if (response.kind !== "cosigned") throw new Error(`got ${response.kind}`);
    expect(response.cosignatures.map((s) => s.name)).toEqual([
      "witness.example/w1",
      "witness.example/w1",
      "witness.example/w2",
    ]);
    expect(formatAddCheckpointResponse(response).body).toBe(SPEC_EXAMPLE);
  });

  it("round-trips a 409 with the latest size as text/x.tlog.size", () => {
    const wire = formatAddCheckpointResponse({ kind: "old-size-mismatch", latestSize: 20852014 });
    expect(wire).toEqual({ status: 409, contentType: TLOG_SIZE_CONTENT_TYPE, body: "20852014\n" });
    expect(roundTrip({ kind: "old-size-mismatch", latestSize: 0 })).toEqual({
      kind: "old-size-mismatch",
      latestSize: 0,
    });
    expect(parseAddCheckpointResponse(409, "Text/X.TLOG.Size; charset=utf-8", "7\n")).toEqual({
      kind: "old-size-mismatch",
      latestSize: 7,
    });
  });

  it("rejects malformed text/x.tlog.size bodies", () => {
    for (const bad of ["012\n", "12", "12\n\n", " 12\n", "-1\n", "", "1e3\n", "12\r\n"]) {
      expect(codeOf(() => parseAddCheckpointResponse(409, TLOG_SIZE_CONTENT_TYPE, bad))).toBe(
        "malformed",
      );
    }
    expect(
      codeOf(() =>
        parseAddCheckpointResponse(409, TLOG_SIZE_CONTENT_TYPE, "18446744073709551615\n"),
      ),
    ).toBe("too-large");
    expect(
      codeOf(() => parseAddCheckpointResponse(409, TLOG_SIZE_CONTENT_TYPE, `${"1".repeat(40)}\n`)),
    ).toBe("too-large");
  });

  it("maps every status the spec defines, and keeps others as 'other'", () => {
    const cases: [AddCheckpointResponse, number][] = [
      [{ kind: "bad-request", message: "old size 9 > checkpoint size 8" }, 400],
      [{ kind: "forbidden", message: "no trusted signature" }, 403],
      [{ kind: "unknown-origin", message: "unknown log" }, 404],
      [{ kind: "conflict", message: "root hash differs at size 8" }, 409],
      [{ kind: "invalid-proof", message: "consistency proof does not verify" }, 422],
      [{ kind: "other", status: 503, message: "busy" }, 503],
    ];
    for (const [response, status] of cases) {
      expect(addCheckpointStatus(response)).toBe(status);
      expect(roundTrip(response)).toEqual(response);
    }
  });

  it("cuts long error messages", () => {
    const long = "e".repeat(MAX_ERROR_MESSAGE * 2);
    const parsed = parseAddCheckpointResponse(400, "text/plain", long);
    expect(parsed.kind === "bad-request" && parsed.message.length).toBe(MAX_ERROR_MESSAGE);
  });

  it("rejects malformed 200 bodies", () => {
    const line = SPEC_EXAMPLE.split("\n")[0] ?? "";
    for (const bad of [
      "",
      "\n",
      line,
      `${line}\n\n`,
      `${line}\r\n`,
      `${line.replace("— ", "- ")}\n`,
      `${line.replace("witness.example/w1", "witness example")}\n`,
      `${line.slice(0, -2)}\n`,
    ]) {
      expect(codeOf(() => parseAddCheckpointResponse(200, "text/plain", bad))).toBe("malformed");
    }
    const tooMany = `${line}\n`.repeat(MAX_SIGNATURES + 1);
    expect(codeOf(() => parseCosignatureLines(tooMany))).toBe("too-large");
    expect(codeOf(() => formatAddCheckpointResponse({ kind: "cosigned", cosignatures: [] }))).toBe(
      "malformed",
    );
  });
});

describe.skipIf(!HAVE_SHARED)(titled("add-checkpoint cosignatures: shared vectors"), () => {
  it("verifies the Known cosignature carried in a 200 body, with its timestamp", () => {
    const v = noteVectors().cosignedCheckpoint;
    const known = splitNote(v.signed).signatures.filter((s) => s.name === "Known");
    const wire = formatAddCheckpointResponse({ kind: "cosigned", cosignatures: known });
    const response = parseAddCheckpointResponse(wire.status, wire.contentType, wire.body);
    if (response.kind !== "cosigned") throw new Error(`got ${response.kind}`);
    const verified = verifyCosignatures(v.checkpointText, response.cosignatures, [
      verifierFromKey(v.cosignerVkey),
    ]);
    expect(verified.map((c) => [c.name, c.timestamp])).toEqual([["Known", 1700000000]]);
  });

  it("ignores unknown witnesses but fails a bad cosignature from a trusted one", () => {
    const v = noteVectors().cosignedCheckpoint;
    const witness = generateKeyPair("witness.example/w9", "cosignature/v1");
    const cosigs = signText(v.checkpointText, [cosignerFromKey(witness.signerKey, () => 99)]);
    const known = splitNote(v.signed).signatures.filter((s) => s.name === "Known");
    const trusted = [verifierFromKey(v.cosignerVkey)];
    const both = verifyCosignatures(v.checkpointText, [...known, ...cosigs], trusted);
    expect(both.map((c) => c.name)).toEqual(["Known"]);
    expect(codeOf(() => verifyCosignatures(v.checkpointText, cosigs, trusted))).toBe("unverified");
    const other = `${v.checkpointText.slice(0, -1)}x\n`;
    expect(codeOf(() => verifyCosignatures(other, known, trusted))).toBe("bad-signature");
  });
});
