import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ed25519Sign, ed25519Verify, randomBytes } from "../../src/log/crypto.js";
import { decodeBase64Strict } from "../../src/log/encoding/base64.js";
import { isStoreError } from "../../src/store/errors.js";
import { createKeyVault, type SealedSeed } from "../../src/store/keys/key-vault.js";
import { loadOrCreateMasterKeyFile } from "../../src/store/keys/master-key.js";
import { createSpaceKey, listSpaceKeys, loadSpaceKey } from "../../src/store/keys/space-keys.js";
import { describeBackends, freshDatabasePerTest } from "./support/backends.js";

const binding = { space: "market", keyId: "k1" };

/** Flips one bit of a copy. */
function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at] = (out[at] as number) ^ 1;
  return out;
}

describe("key vault", () => {
  it("opens what it sealed, with a fresh nonce each time", () => {
    const vault = createKeyVault(randomBytes(32));
    const seed = randomBytes(32);
    const a = vault.seal(binding, seed);
    const b = vault.seal(binding, seed);
    expect(vault.open(binding, a)).toEqual(seed);
    expect(a.nonce).not.toEqual(b.nonce);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(Buffer.from(a.ciphertext).includes(Buffer.from(seed))).toBe(false);
  });

  it("refuses a wrong master key with a typed error, never garbage", () => {
    const seed = randomBytes(32);
    const sealed = createKeyVault(randomBytes(32)).seal(binding, seed);
    const failure = (() => {
      try {
        return createKeyVault(randomBytes(32)).open(binding, sealed);
      } catch (e) {
        return e;
      }
    })();
    expect(isStoreError(failure, "bad-master-key")).toBe(true);
  });

  it("refuses altered bytes and a seed moved to another space or key id", () => {
    const vault = createKeyVault(randomBytes(32));
    const sealed = vault.seal(binding, randomBytes(32));
    const altered: [string, typeof binding, SealedSeed][] = [
      ["ciphertext", binding, { ...sealed, ciphertext: flipped(sealed.ciphertext, 0) }],
      ["tag", binding, { ...sealed, ciphertext: flipped(sealed.ciphertext, 40) }],
      ["nonce", binding, { ...sealed, nonce: flipped(sealed.nonce, 11) }],
      ["space", { space: "other", keyId: "k1" }, sealed],
      ["key id", { space: "market", keyId: "k2" }, sealed],
    ];
    for (const [what, b, s] of altered) {
      expect(() => vault.open(b, s), what).toThrow(
        expect.objectContaining({ code: "bad-master-key" }),
      );
    }
    const short = { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 47) };
    expect(() => vault.open(binding, short)).toThrow(expect.objectContaining({ code: "corrupt" }));
  });

  it("wants a 32-byte master key", () => {
    expect(() => createKeyVault(randomBytes(31))).toThrow(
      expect.objectContaining({ code: "invalid-config" }),
    );
  });
});

describe("master key file", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-master-key-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is generated on first use with mode 0600, then read back", async () => {
    const path = join(dir, "nested", "data", "master.key");
    const key = await loadOrCreateMasterKeyFile(path);
    expect(key).toHaveLength(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(decodeBase64Strict((await readFile(path, "utf8")).trim())).toEqual(key);
    expect(await loadOrCreateMasterKeyFile(path)).toEqual(key);
  });

  it("is one key when several openers race on first use", async () => {
    const path = join(dir, "master.key");
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadOrCreateMasterKeyFile(path)),
    );
    for (const k of keys) expect(k).toEqual(keys[0]);
  });

  it("is refused when others can read it, or when it is not a key", async () => {
    const open = join(dir, "open.key");
    await writeFile(open, `${Buffer.from(randomBytes(32)).toString("base64")}\n`, { mode: 0o644 });
    await expect(loadOrCreateMasterKeyFile(open)).rejects.toMatchObject({ code: "invalid-config" });
    for (const [name, text] of [
      ["short.key", Buffer.from(randomBytes(16)).toString("base64")],
      ["garbage.key", "not base64 at all"],
      ["long.key", "A".repeat(500)],
    ]) {
      const path = join(dir, name as string);
      await writeFile(path, text as string, { mode: 0o600 });
      await expect(loadOrCreateMasterKeyFile(path), name).rejects.toMatchObject({
        code: "invalid-config",
      });
    }
  });
});

describeBackends("space keys", (backend) => {
  const current = freshDatabasePerTest(backend);
  const vault = createKeyVault(randomBytes(32));

  it("are generated per space, stored sealed, and open to a seed that signs", async () => {
    const { db } = current();
    const info = await db.spaceTransaction("market", (w) => createSpaceKey(w, vault));
    const key = await loadSpaceKey(db.kysely, vault, "market");
    expect(key.keyId).toBe(info.keyId);
    const message = new TextEncoder().encode("checkpoint body");
    expect(ed25519Verify(info.publicKey, message, ed25519Sign(key.seed, message))).toBe(true);

    const row = await db.kysely.selectFrom("space_keys").selectAll().executeTakeFirstOrThrow();
    expect(Buffer.from(row.sealed_seed).includes(Buffer.from(key.seed))).toBe(false);
    expect(await listSpaceKeys(db.kysely, "market")).toEqual([info]);
    expect(await listSpaceKeys(db.kysely, "other")).toEqual([]);
  });

  it("open under the right master key only", async () => {
    const { db } = current();
    await db.spaceTransaction("market", (w) => createSpaceKey(w, vault));
    const otherVault = createKeyVault(randomBytes(32));
    await expect(loadSpaceKey(db.kysely, otherVault, "market")).rejects.toMatchObject({
      code: "bad-master-key",
    });
  });

  it("do not open when a sealed seed is moved to another space's row", async () => {
    const { db } = current();
    await db.spaceTransaction("a", (w) => createSpaceKey(w, vault));
    const b = await db.spaceTransaction("b", (w) => createSpaceKey(w, vault));
    await sql`update space_keys set sealed_seed = (select sealed_seed from space_keys where space = 'a'),
      nonce = (select nonce from space_keys where space = 'a') where space = 'b'`.execute(
      db.kysely,
    );
    const failure = await loadSpaceKey(db.kysely, vault, "b", b.keyId).catch((e) => e);
    expect(isStoreError(failure, "bad-master-key")).toBe(true);
  });

  it("rotate: the newest signs by default, older ones stay loadable; absent keys are not-found", async () => {
    const { db } = current();
    const first = await db.spaceTransaction("market", (w) => createSpaceKey(w, vault));
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at
    const second = await db.spaceTransaction("market", (w) => createSpaceKey(w, vault));
    expect((await loadSpaceKey(db.kysely, vault, "market")).keyId).toBe(second.keyId);
    expect((await loadSpaceKey(db.kysely, vault, "market", first.keyId)).publicKey).toEqual(
      first.publicKey,
    );
    expect((await listSpaceKeys(db.kysely, "market")).map((k) => k.keyId)).toEqual([
      first.keyId,
      second.keyId,
    ]);
    await expect(loadSpaceKey(db.kysely, vault, "nowhere")).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(loadSpaceKey(db.kysely, vault, "market", "0000")).rejects.toMatchObject({
      code: "not-found",
    });
  });
});
