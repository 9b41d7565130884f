import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { storeConfigFromEnv } from "../../src/store/config.js";

const KEY = Buffer.alloc(32, 7).toString("base64");
const CWD = "/srv/fabrique";

function failure(env: Record<string, string>): { code?: string; message: string } {
  try {
    storeConfigFromEnv(env, CWD);
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected storeConfigFromEnv to throw");
}

describe("storeConfigFromEnv", () => {
  it("defaults to SQLite in ./data with a generated key file", () => {
    expect(storeConfigFromEnv({}, CWD)).toEqual({
      backend: "sqlite",
      dataDir: resolve(CWD, "data"),
      masterKey: { kind: "file", path: resolve(CWD, "data", "master.key") },
    });
  });

  it("uses FABRIQUE_DATA_DIR and FABRIQUE_MASTER_KEY; empty variables count as unset", () => {
    const config = storeConfigFromEnv(
      { FABRIQUE_DATA_DIR: "/var/lib/fabrique", FABRIQUE_MASTER_KEY: KEY, DATABASE_URL: "" },
      CWD,
    );
    expect(config).toEqual({
      backend: "sqlite",
      dataDir: "/var/lib/fabrique",
      masterKey: { kind: "env", key: new Uint8Array(32).fill(7) },
    });
  });

  it("selects PostgreSQL with DATABASE_URL, which needs FABRIQUE_MASTER_KEY", () => {
    const url = "postgresql://fabrique:secret@db.internal:5432/fabrique";
    expect(storeConfigFromEnv({ DATABASE_URL: url, FABRIQUE_MASTER_KEY: KEY }, CWD)).toMatchObject({
      backend: "postgres",
      url,
      masterKey: { kind: "env" },
    });
    const missingKey = failure({ DATABASE_URL: url });
    expect(missingKey.code).toBe("invalid-config");
    expect(missingKey.message).toContain("FABRIQUE_MASTER_KEY");
    expect(missingKey.message).not.toContain("secret");
  });

  it("names the variable at fault and never echoes a secret", () => {
    const cases: [Record<string, string>, string][] = [
      [{ DATABASE_URL: "not a url secret", FABRIQUE_MASTER_KEY: KEY }, "DATABASE_URL"],
      [{ DATABASE_URL: "mysql://u:secret@h/db", FABRIQUE_MASTER_KEY: KEY }, "DATABASE_URL"],
      [{ FABRIQUE_MASTER_KEY: Buffer.alloc(16).toString("base64") }, "FABRIQUE_MASTER_KEY"],
      [{ FABRIQUE_MASTER_KEY: "c2VjcmV0" }, "FABRIQUE_MASTER_KEY"],
      [{ FABRIQUE_MASTER_KEY: `${KEY.slice(0, -1)}` }, "FABRIQUE_MASTER_KEY"],
      [
        {
          DATABASE_URL: "postgres://h/db",
          FABRIQUE_MASTER_KEY: KEY,
          FABRIQUE_DATA_DIR: "/data",
        },
        "FABRIQUE_DATA_DIR",
      ],
    ];
    for (const [env, variable] of cases) {
      const e = failure(env);
      expect(e.code, variable).toBe("invalid-config");
      expect(e.message).toContain(variable);
      expect(e.message).not.toContain("secret");
      expect(e.message).not.toContain(KEY);
    }
  });
});
