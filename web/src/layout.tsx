/**
 * The frame of every page: a skip link, the header with the space's sections, the language switch and
 * who the page acts as, the main content, and the footer's links to the API.
 */
import type { ReactNode } from "react";
import { LANGS, type Lang, useI18n } from "./i18n/i18n.js";
import type { MessageKey } from "./i18n/messages-en.js";
import { hrefOf, type Route } from "./router.js";
import { SessionBadge } from "./session/session-badge.js";

const SECTIONS: readonly { readonly page: Route["page"]; readonly label: MessageKey }[] = [
  { page: "space", label: "nav.space" },
  { page: "reviewing", label: "nav.reviewing" },
  { page: "vouching", label: "nav.vouching" },
  { page: "my-data", label: "nav.myData" },
  { page: "moderation", label: "nav.moderation" },
  { page: "transparency", label: "nav.transparency" },
  { page: "log", label: "nav.log" },
];

/** The layout around `children`, for `route`. */
export function Layout({
  route,
  children,
}: {
  readonly route: Route;
  readonly children: ReactNode;
}) {
  const { t, lang, setLang } = useI18n();
  const space = route.page === "home" || route.page === "not-found" ? null : route.space;
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link; the fragment belongs to the router, so focus moves by script */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="header-row">
          <a className="brand" href="#/">
            Fabrique
          </a>
          {space === null ? null : <span className="space-name">{space}</span>}
          <div className="header-tools">
            <label className="lang-switch">
              <span>{t("nav.language")}</span>
              <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
                {LANGS.map((l) => (
                  <option key={l} value={l}>
                    {l === "en" ? "English" : "Français"}
                  </option>
                ))}
              </select>
            </label>
            {space === null ? null : <SessionBadge space={space} />}
          </div>
        </div>
        {space === null ? null : (
          <nav aria-label={t("nav.sections")}>
            <ul>
              {SECTIONS.map(({ page, label }) => {
                const target = sectionRoute(page, space);
                const current = isCurrent(route, page);
                return (
                  <li key={page}>
                    <a href={hrefOf(target)} aria-current={current ? "page" : undefined}>
                      {t(label)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t("footer.about")} <a href="/docs">{t("footer.apiDocs")}</a> ·{" "}
          <a href="/openapi.json">OpenAPI</a>
        </p>
      </footer>
    </>
  );
}

// The skip link moves focus, not only the scroll position (hash routing owns the fragment).
function skipToMain(event: React.MouseEvent) {
  event.preventDefault();
  document.getElementById("main")?.focus();
}

function isCurrent(route: Route, page: Route["page"]): boolean {
  return route.page === page || (page === "space" && route.page === "subject");
}

function sectionRoute(page: Route["page"], space: string): Route {
  switch (page) {
    case "log":
      return { page: "log", space, review: null };
    case "reviewing":
    case "vouching":
    case "my-data":
    case "moderation":
    case "transparency":
      return { page, space };
    default:
      return { page: "space", space };
  }
}
