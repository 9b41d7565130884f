/**
 * The front page: what Fabrique is, and where to go. The API has no public list of spaces (an
 * operator's spaces are its own business), so a space is opened by its id or by a link.
 */
import { useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";
import { PageTitle } from "../ui/page-title.js";
import { Field, Section } from "../ui/parts.js";

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The home page. */
export function HomePage() {
  const { t } = useI18n();
  const [space, setSpace] = useState("");
  const [invalid, setInvalid] = useState(false);
  return (
    <>
      <PageTitle sub={t("home.lead")}>{t("home.title")}</PageTitle>
      <Section title={t("home.openTitle")}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const id = space.trim();
            if (!ID.test(id)) {
              setInvalid(true);
              return;
            }
            location.hash = hrefOf({ page: "space", space: id });
          }}
        >
          <Field label={t("home.spaceLabel")} hint={t("home.spaceHint")}>
            {(field) => (
              <input
                {...field}
                value={space}
                required
                aria-invalid={invalid}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => {
                  setSpace(e.target.value);
                  setInvalid(false);
                }}
              />
            )}
          </Field>
          {invalid ? (
            <p className="field-error" role="alert">
              {t("home.spaceInvalid")}
            </p>
          ) : null}
          <button type="submit">{t("home.open")}</button>
        </form>
      </Section>
      <Section title={t("home.whoTitle")}>
        <ul className="plain">
          <li>{t("home.whoMembers")}</li>
          <li>{t("home.whoModerators")}</li>
          <li>{t("home.whoAuditors")}</li>
        </ul>
        <p>{t("home.demo")}</p>
        <pre className="code">npx fabrique demo</pre>
      </Section>
    </>
  );
}
