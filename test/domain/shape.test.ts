import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, id, object, text } from "../../src/domain/shape.js";

describe("shape text limits count code points", () => {
  it("accepts exactly max code points and refuses one more, surrogate pairs counting one", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.nat(40), (value, max) => {
        const codePoints = [...value].length;
        const r = text({ max, min: 0, multiline: true })(value, "t");
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls text() refuses for another reason
        if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u.test(value)) return; // refused for that
        expect(r.ok).toBe(codePoints <= max);
        if (!r.ok) expect(r.error.code).toBe("too-large");
      }),
    );
  });

  it("counts an emoji as one", () => {
    expect(text({ max: 2 })("😀😀", "t").ok).toBe(true);
    expect(text({ max: 2 })("😀😀😀", "t").ok).toBe(false);
    expect(text({ max: 3, min: 3 })("a😀", "t").ok).toBe(false);
  });
});

describe("shape paths", () => {
  it("name the member and the item that failed", () => {
    const parties = object({ parties: array(object({ member: id }), { max: 3 }) });
    const r = parties({ parties: [{ member: "a" }, { member: "b!" }] }, "input");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.rule).toBe("input.input.parties.1.member");
    const again = parties({ parties: [{ member: "a" }, { member: "c", extra: 1 }] }, "input");
    if (!again.ok) expect(again.error.rule).toBe("input.input.parties.1.extra");
    expect(again.ok).toBe(false);
  });
});
