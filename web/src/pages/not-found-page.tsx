/** An address the app does not know. */
import { useI18n } from "../i18n/i18n.js";
import { PageTitle } from "../ui/page-title.js";

/** The page of an unknown address. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("notFound.title")}</PageTitle>
      <p>
        <a href="#/">{t("notFound.home")}</a>
      </p>
    </>
  );
}
