import { deflateSync } from "node:zlib";
import { CompactSign, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { encodeBase64Url } from "../../src/credential/base64url.js";
import {
  clearStatus,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  MAX_STATUS_LIST_BYTES,
  type StatusBits,
  setStatus,
  statusAt,
  statusListSize,
} from "../../src/credential/status-list.js";
import {
  checkStatus,
  readStatusReference,
  signStatusListToken,
  statusClaim,
  verifyStatusListToken,
} from "../../src/credential/status-list-token.js";
import { asyncCodeOf, codeOf } from "./error-code.js";
import { STATUS_LIST_EXAMPLES } from "./spec-examples.js";

describe("draft-ietf-oauth-status-list §4 examples", () => {
  for (const ex of STATUS_LIST_EXAMPLES) {
    it(`bits=${ex.bits}: builds the spec's bytes, zlib stream and lst from its statuses`, () => {
      let list = createStatusList(ex.statuses.length, ex.bits as StatusBits);
      ex.statuses.forEach((value, idx) => {
        list = setStatus(list, idx, value);
      });
      expect([...list.bytes]).toEqual([...ex.bytes]);
      const json = encodeStatusList(list);
      expect(json).toEqual({ bits: ex.bits, lst: ex.lst });
      expect(Buffer.from(json.lst, "base64url").toString("hex")).toBe(ex.compressedHex);
    });

    it(`bits=${ex.bits}: reads every status back from the spec's lst`, () => {
      const list = decodeStatusList({ bits: ex.bits, lst: ex.lst });
      expect(statusListSize(list)).toBe(ex.statuses.length);
      expect(ex.statuses.map((_, idx) => statusAt(list, idx))).toEqual([...ex.statuses]);
    });
  }
});

describe("status list bit array", () => {
  it("sets and clears one entry without touching the others or the original", () => {
    const list = createStatusList(100_000);
    const revoked = setStatus(list, 77_777);
    expect(statusAt(revoked, 77_777)).toBe(1);
    expect(statusAt(list, 77_777)).toBe(0);
    expect(statusAt(revoked, 77_776)).toBe(0);
    expect(statusAt(revoked, 77_778)).toBe(0);
    expect(statusAt(clearStatus(revoked, 77_777), 77_777)).toBe(0);
    const back = decodeStatusList(encodeStatusList(revoked));
    expect(statusAt(back, 77_777)).toBe(1);
    expect(back.bytes.filter((b) => b !== 0)).toHaveLength(1);
  });

  it("refuses indexes outside the list and values wider than its bits", () => {
    const list = createStatusList(16, 2);
    expect(codeOf(() => statusAt(list, 16))).toBe("malformed");
    expect(codeOf(() => statusAt(list, -1))).toBe("malformed");
    expect(codeOf(() => setStatus(list, 0, 4))).toBe("malformed");
    expect(codeOf(() => setStatus(list, 0, 3))).toBe("no error");
  });

  it("refuses bad JSON forms and a zlib bomb beyond the size limit", () => {
    const bomb = encodeBase64Url(
      deflateSync(new Uint8Array(MAX_STATUS_LIST_BYTES + 1), { level: 9 }),
    );
    expect(bomb.length).toBeLessThan(20_000); // small on the wire, too large inflated
    expect(codeOf(() => decodeStatusList({ bits: 1, lst: bomb }))).toBe("malformed");
    expect(codeOf(() => decodeStatusList({ bits: 3, lst: "eNrbuRgAAhcBXQ" }))).toBe("malformed");
    expect(codeOf(() => decodeStatusList({ bits: 1, lst: "not zlib" }))).toBe("malformed");
    expect(codeOf(() => decodeStatusList({ bits: 1, lst: "AAAA" }))).toBe("malformed");
    expect(codeOf(() => decodeStatusList([1]))).toBe("malformed");
  });
});

describe("status list tokens (§5.1) and references (§6.2)", () => {
  const uri = "https://fabrique.example/status/1";
  const now = 1_750_000_000;

  async function setup() {
    const { privateKey, publicKey } = await generateKeyPair("EdDSA");
    const list = setStatus(setStatus(createStatusList(1024, 2), 5, 1), 6, 2);
    const token = await signStatusListToken({
      key: privateKey,
      kid: "status-1",
      uri,
      issuedAt: now - 60,
      expiresAt: now + 3600,
      ttl: 300,
      list,
    });
    return { privateKey, publicKey, token };
  }

  it("signs a token that verifies and answers each entry", async () => {
    const { publicKey, token } = await setup();
    const check = (idx: number) => checkStatus({ idx, uri }, token, { key: publicKey, now });
    expect(await check(4)).toBe(0);
    expect(await check(5)).toBe(1);
    expect(await check(6)).toBe(2);
    expect(await asyncCodeOf(check(4096))).toBe("malformed");
  });

  it("refuses another list's token, an expired token, another key and a mistyped token", async () => {
    const { privateKey, publicKey, token } = await setup();
    const other = await generateKeyPair("EdDSA");
    const verify = (t: string, o: { key?: typeof publicKey; uri?: string; now?: number }) =>
      asyncCodeOf(verifyStatusListToken(t, { key: publicKey, uri, now, ...o }));
    expect(await verify(token, {})).toBe("no error");
    expect(await verify(token, { uri: "https://fabrique.example/status/2" })).toBe("malformed");
    expect(await verify(token, { now: now + 7200 })).toBe("expired");
    expect(await verify(token, { key: other.publicKey })).toBe("bad-signature");
    const payload = JSON.stringify({
      sub: uri,
      iat: now,
      status_list: { bits: 1, lst: "eNrbuRgAAhcBXQ" },
    });
    const untyped = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
      .sign(privateKey);
    expect(await verify(untyped, {})).toBe("malformed");
  });

  it("writes and reads the status claim, refusing malformed ones", () => {
    const claim = statusClaim({ idx: 42, uri });
    expect(readStatusReference({ status: claim })).toEqual({ idx: 42, uri });
    expect(readStatusReference({})).toBeUndefined();
    expect(codeOf(() => readStatusReference({ status: { status_list: { idx: -1, uri } } }))).toBe(
      "malformed",
    );
    expect(codeOf(() => readStatusReference({ status: { status_list: { idx: 1.5, uri } } }))).toBe(
      "malformed",
    );
    expect(codeOf(() => readStatusReference({ status: { other: {} } }))).toBe("malformed");
  });
});
