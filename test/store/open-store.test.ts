import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeConfigFromEnv } from "../../src/store/config.js";
import { createSpaceKey, loadSpaceKey } from "../../src/store/keys/space-keys.js";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { readLogState } from "../../src/store/log/log-state.js";
import { openStore } from "../../src/store/open-store.js";

describe("openStore, embedded default", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fabrique-open-store-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("needs no set-up: data folder, master key file and schema appear on first run and persist", async () => {
    const dataDir = join(dir, "data");
    const config = storeConfigFromEnv({ FABRIQUE_DATA_DIR: dataDir });
    const first = await openStore(config);
    const info = await first.db.spaceTransaction("market", async (w) => {
      await appendEntries(w, [new TextEncoder().encode("hello")]);
      return createSpaceKey(w, first.vault);
    });
    await first.close();
    expect((await stat(join(dataDir, "master.key"))).mode & 0o777).toBe(0o600);

    const second = await openStore(config);
    try {
      expect((await readLogState(second.db.kysely, "market")).size).toBe(1);
      const key = await loadSpaceKey(second.db.kysely, second.vault, "market");
      expect(key.publicKey).toEqual(info.publicKey);
    } finally {
      await second.close();
    }
  });

  it("opens space keys only under the master key they were sealed with", async () => {
    const dataDir = join(dir, "data");
    const generated = await openStore(storeConfigFromEnv({ FABRIQUE_DATA_DIR: dataDir }));
    await generated.db.spaceTransaction("market", (w) => createSpaceKey(w, generated.vault));
    await generated.close();

    const otherKey = Buffer.alloc(32, 9).toString("base64");
    const config = storeConfigFromEnv({
      FABRIQUE_DATA_DIR: dataDir,
      FABRIQUE_MASTER_KEY: otherKey,
    });
    const reopened = await openStore(config);
    try {
      await expect(
        loadSpaceKey(reopened.db.kysely, reopened.vault, "market"),
      ).rejects.toMatchObject({ code: "bad-master-key" });
    } finally {
      await reopened.close();
    }
    expect(existsSync(join(dataDir, "master.key"))).toBe(true);
  });
});
