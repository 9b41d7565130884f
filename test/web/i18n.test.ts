/**
 * The web UI's two languages: French has a non-empty text for every English key, with the same
 * placeholders, and both have the plural forms the pages ask for.
 */
import { describe, expect, it } from "vitest";
import { en } from "../../web/src/i18n/messages-en.js";
import { fr } from "../../web/src/i18n/messages-fr.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogs", () => {
  it("translate every key into French with the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key]?.trim(), key).toBeTruthy();
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("have the .other form of every plural with a .one form", () => {
    for (const key of Object.keys(en)) {
      if (key.endsWith(".one"))
        expect(Object.keys(en), key).toContain(key.replace(/\.one$/, ".other"));
    }
  });
});
