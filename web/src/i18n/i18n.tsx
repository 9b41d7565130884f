/**
 * English and French. Every text of the page is a key of `en` (messages-en.ts); `fr` must translate
 * every key (the type checker refuses a missing one). `{name}` placeholders are filled from `vars`;
 * counts choose `.one`/`.other` keys by the language's plural rules (Intl.PluralRules). Dates and
 * numbers are formatted by Intl in the chosen language. The choice is kept in localStorage; the first
 * visit follows the browser's languages.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { en, type MessageKey } from "./messages-en.js";
import { fr } from "./messages-fr.js";

export type Lang = "en" | "fr";
export const LANGS: readonly Lang[] = ["en", "fr"];

const CATALOGS: { readonly [L in Lang]: Readonly<Record<MessageKey, string>> } = { en, fr };

/** What pages use to speak the reader's language. */
export interface I18n {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  /** The message `key` with `vars` filled in. */
  t(key: MessageKey, vars?: Readonly<Record<string, string | number>>): string;
  /** `${key}.one` or `${key}.other` for `count`, with `{n}` and `vars` filled in. */
  plural(key: string, count: number, vars?: Readonly<Record<string, string | number>>): string;
  date(ms: number): string;
  dateTime(ms: number): string;
  number(n: number, digits?: number): string;
  percent(share: number): string;
}

const I18nContext = createContext<I18n | null>(null);

/**
 * The i18n of the page.
 *
 * @example const { t } = useI18n(); return <h1>{t("subject.title")}</h1>
 */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error("useI18n outside <I18nProvider>");
  return i18n;
}

/** Provides the chosen language to the app. */
export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  }, []);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

const STORAGE_KEY = "fabrique.lang";

function initialLang(): Lang {
  try {
    const kept = localStorage.getItem(STORAGE_KEY);
    if (kept === "en" || kept === "fr") return kept;
  } catch {
    // No storage: fall through to the browser's languages.
  }
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split("-")[0];
    if (base === "fr" || base === "en") return base;
  }
  return "en";
}

/**
 * The i18n functions of `lang` (exported for tests of message catalogs).
 *
 * @example makeI18n("fr", () => {}).t("nav.log")
 */
export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const catalog = CATALOGS[lang];
  const rules = new Intl.PluralRules(lang);
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const dateTimes = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  const fill = (text: string, vars?: Readonly<Record<string, string | number>>) =>
    vars === undefined
      ? text
      : text.replace(/\{(\w+)\}/g, (whole, name: string) =>
          Object.hasOwn(vars, name) ? String(vars[name]) : whole,
        );
  const t = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) =>
    fill(catalog[key] ?? key, vars);
  return {
    lang,
    setLang,
    t,
    plural(key, count, vars) {
      const form = rules.select(count) === "one" ? "one" : "other";
      const text = (catalog as Readonly<Record<string, string>>)[`${key}.${form}`] ?? key;
      return fill(text, { n: count, ...vars });
    },
    date: (ms) => dates.format(ms),
    dateTime: (ms) => dateTimes.format(ms),
    number: (n, digits = 0) =>
      new Intl.NumberFormat(lang, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(n),
    percent: (share) =>
      new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(share),
  };
}
