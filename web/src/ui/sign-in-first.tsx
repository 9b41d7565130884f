/** What a page that needs a credential says to someone who has not signed in. */
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";

/** A prompt to sign in as a member (or a moderator, with `moderator`). */
export function SignInFirst({
  space,
  moderator,
}: {
  readonly space: string;
  readonly moderator?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="notice" role="status">
      <p>{moderator === true ? t("signIn.needModerator") : t("signIn.needMember")}</p>
      <p>
        <a href={hrefOf({ page: "sign-in", space, token: null, key: null })}>
          {t("session.signIn")}
        </a>
      </p>
    </div>
  );
}
