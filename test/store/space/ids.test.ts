/**
 * Minted ids: 26 characters that are valid domain ids, strictly increasing from one minter whatever
 * the clock does (same millisecond, a step back), and ordered by time across minters.
 */
import { expect, it } from "vitest";
import { isId } from "../../../src/domain/shape.js";
import { createIdMinter, MINTED_ID_LENGTH } from "../../../src/store/space/ids.js";

it("mints valid ids that strictly increase, even when the clock stands still or steps back", () => {
  let now = Date.UTC(2025, 0, 1);
  const mint = createIdMinter(() => now);
  const ids: string[] = [];
  for (let i = 0; i < 3000; i++) {
    if (i % 100 === 0) now += 1;
    if (i === 1500) now -= 60_000;
    ids.push(mint());
  }
  for (const id of ids) {
    expect(id).toHaveLength(MINTED_ID_LENGTH);
    expect(isId(id)).toBe(true);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  }
  expect(ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
});

it("orders ids of different minters by their time, and random parts differ", () => {
  const early = createIdMinter(() => Date.UTC(2025, 0, 1))();
  const late = createIdMinter(() => Date.UTC(2025, 0, 1) + 1)();
  expect(early < late).toBe(true);
  expect(early.slice(0, 10)).not.toBe(late.slice(0, 10));
  const a = createIdMinter(() => 0)();
  const b = createIdMinter(() => 0)();
  expect(a.slice(0, 10)).toBe("0000000000");
  expect(a).not.toBe(b);
});
