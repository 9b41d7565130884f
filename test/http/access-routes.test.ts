/**
 * The access routes end to end: the platform admin creates a space's first admin key; that key creates,
 * lists and revokes keys (the key text appears in the creation answer only) and registers the operator's
 * member-token key as a JWK; tokens signed with it authenticate a member until the key is revoked.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { expect, it } from "vitest";
import { describeBackends } from "../store/support/backends.js";
import { ADMIN_TOKEN, bearer, problemOfResponse, testAppPerTest } from "./support/app.js";

describeBackends("access routes", (backend) => {
  const current = testAppPerTest(backend);

  async function call(
    method: "GET" | "POST" | "DELETE",
    url: string,
    token: string,
    payload?: unknown,
  ) {
    return current().app.inject({
      method,
      url,
      headers: bearer(token),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  it("creates, lists and revokes API keys, showing a key's text once", async () => {
    const first = await call("POST", "/v1/spaces/market/keys", ADMIN_TOKEN, {
      scopes: ["admin"],
      label: "bootstrap",
    });
    expect(first.statusCode).toBe(201);
    const { key: admin, info } = first.json() as { key: string; info: { id: string } };
    expect(admin).toMatch(/^fbk_market_[0-9a-f]{16}_[0-9a-f]{64}$/);
    expect(first.headers.location).toBe(`/v1/spaces/market/keys/${info.id}`);

    const reader = (
      await call("POST", "/v1/spaces/market/keys", admin, { scopes: ["read"] })
    ).json().key as string;
    const list = await call("GET", "/v1/spaces/market/keys", admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(admin.slice(-64));
    expect(list.body).not.toContain(reader.slice(-64));
    expect((list.json() as { keys: unknown[] }).keys).toHaveLength(2);

    const forbidden = await call("POST", "/v1/spaces/market/keys", reader, { scopes: ["admin"] });
    expect(forbidden.statusCode).toBe(403);
    const otherSpace = await call("GET", "/v1/spaces/stays/keys", admin);
    expect(otherSpace.statusCode).toBe(403);

    const readerId = reader.split("_")[2];
    const revoked = await call("DELETE", `/v1/spaces/market/keys/${readerId}`, admin);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: readerId, scopes: ["read"] });
    expect(typeof revoked.json().revokedAt).toBe("string");
    expect((await call("GET", "/v1/spaces/market/whoami", reader)).statusCode).toBe(401);
    const unknown = await call("DELETE", "/v1/spaces/market/keys/0000000000000000", admin);
    expect(unknown.statusCode).toBe(404);
    expect(problemOfResponse(unknown).code).toBe("not-found");
  });

  it("registers an operator's public JWK; its tokens make members until it is revoked", async () => {
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const jwk = await exportJWK(publicKey);
    const registered = await call("POST", "/v1/spaces/market/member-token-keys", ADMIN_TOKEN, {
      jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      label: "web backend",
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { kid } = registered.json() as { kid: string };

    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      sub: "ada",
      aud: "urn:fabrique:space:market",
      iat,
      exp: iat + 120,
    })
      .setProtectedHeader({ alg: "EdDSA", typ: "fabrique-member+jwt", kid })
      .sign(privateKey);
    const who = await call("GET", "/v1/spaces/market/whoami", token);
    expect(who.json()).toEqual({
      credential: "member-token",
      actor: { kind: "member", member: "ada" },
    });

    const listed = await call("GET", "/v1/spaces/market/member-token-keys", ADMIN_TOKEN);
    expect(listed.json()).toMatchObject({
      keys: [{ kid, label: "web backend", jwk: { x: jwk.x } }],
    });
    expect(
      (await call("DELETE", `/v1/spaces/market/member-token-keys/${kid}`, ADMIN_TOKEN)).statusCode,
    ).toBe(200);
    expect((await call("GET", "/v1/spaces/market/whoami", token)).statusCode).toBe(401);
    const again = await call("POST", "/v1/spaces/market/member-token-keys", ADMIN_TOKEN, {
      jwk: { kty: "OKP", crv: "Ed25519", x: jwk.x },
    });
    expect(again.statusCode).toBe(409);
  });

  it("refuses keys that are not Ed25519 public JWKs", async () => {
    for (const jwk of [
      { kty: "OKP", crv: "Ed25519", x: "short" },
      { kty: "OKP", crv: "X25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
      { kty: "EC", crv: "P-256", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
      { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp" },
    ]) {
      const res = await call("POST", "/v1/spaces/market/member-token-keys", ADMIN_TOKEN, { jwk });
      expect(res.statusCode, JSON.stringify(jwk)).toBe(400);
    }
  });
});
