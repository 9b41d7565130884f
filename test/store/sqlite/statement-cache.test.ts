import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "../../../src/store/sqlite/statement-cache.js";

function counting() {
  const sqlite = new BetterSqlite3(":memory:");
  let prepared = 0;
  const database = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      prepared += 1;
      return sqlite.prepare(sql);
    },
  };
  return { sqlite, database, prepared: () => prepared };
}

describe("withStatementCache", () => {
  it("prepares a SQL text once and reuses the statement", () => {
    const c = counting();
    const db = withStatementCache(c.database);
    db.prepare("create table t (x)").run([]);
    for (let i = 0; i < 5; i++) db.prepare("insert into t values (?)").run([i]);
    expect(db.prepare("select count(*) as n from t").all([])).toEqual([{ n: 5 }]);
    expect(c.prepared()).toBe(3);
    db.close();
  });

  it("evicts the least recently used statement beyond its size", () => {
    const c = counting();
    const db = withStatementCache(c.database, 2);
    db.prepare("select 1").all([]);
    db.prepare("select 2").all([]);
    db.prepare("select 1").all([]); // 1 is now the most recent
    db.prepare("select 3").all([]); // evicts 2
    expect(c.prepared()).toBe(3);
    db.prepare("select 1").all([]);
    expect(c.prepared()).toBe(3);
    db.prepare("select 2").all([]);
    expect(c.prepared()).toBe(4);
    db.close();
  });

  it("prepares a fresh statement while the cached one is being iterated", () => {
    const c = counting();
    const db = withStatementCache(c.database);
    db.prepare("create table t (x)").run([]);
    for (let i = 0; i < 3; i++) db.prepare("insert into t values (?)").run([i]);
    const seen: unknown[] = [];
    for (const row of db.prepare("select x from t order by x").iterate([])) {
      seen.push((row as { x: number }).x, db.prepare("select x from t order by x").all([]).length);
    }
    expect(seen).toEqual([0, 3, 1, 3, 2, 3]);
    db.close();
  });

  it("re-prepares by itself after the schema changes", () => {
    const db = withStatementCache(counting().database);
    db.prepare("create table t (x)").run([]);
    db.prepare("insert into t values (?)").run([1]);
    expect(db.prepare("select * from t").all([])).toEqual([{ x: 1 }]);
    db.prepare("alter table t add column y default 7").run([]);
    expect(db.prepare("select * from t").all([])).toEqual([{ x: 1, y: 7 }]);
    db.close();
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => withStatementCache(counting().database, 0)).toThrow(RangeError);
  });
});
