import { describe, expect, it } from "vitest";
import { createImmutableCache, isImmutablePath } from "../../src/http/routes/immutable-cache.js";

describe("immutable log resource cache", () => {
  it("keeps only full tiles and full entry bundles", () => {
    expect(isImmutablePath("tile/0/000")).toBe(true);
    expect(isImmutablePath("tile/entries/x001/234")).toBe(true);
    expect(isImmutablePath("tile/0/000.p/7")).toBe(false);
    expect(isImmutablePath("tile/entries/000.p/7")).toBe(false);
    expect(isImmutablePath("checkpoint")).toBe(false);
    const cache = createImmutableCache();
    cache.remember("s", "tile/0/000.p/7", Buffer.from("partial"));
    cache.remember("s", "checkpoint", Buffer.from("note"));
    cache.remember("s", "tile/0/000", Buffer.from("full"));
    expect(cache.get("s", "tile/0/000.p/7")).toBeUndefined();
    expect(cache.get("s", "checkpoint")).toBeUndefined();
    expect(cache.get("s", "tile/0/000")?.toString()).toBe("full");
    expect(cache.get("other", "tile/0/000")).toBeUndefined();
  });

  it("forgets the least recently used entry beyond its bound", () => {
    const cache = createImmutableCache(2);
    cache.remember("s", "tile/0/000", Buffer.from("a"));
    cache.remember("s", "tile/0/001", Buffer.from("b"));
    expect(cache.get("s", "tile/0/000")?.toString()).toBe("a"); // now most recent
    cache.remember("s", "tile/0/002", Buffer.from("c"));
    expect(cache.get("s", "tile/0/001")).toBeUndefined();
    expect(cache.get("s", "tile/0/000")?.toString()).toBe("a");
    expect(cache.get("s", "tile/0/002")?.toString()).toBe("c");
  });
});
