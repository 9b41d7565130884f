/**
 * Who the page acts as in the space, in the header: the member (and when their token ends) and/or the
 * moderator key, each with a way to sign out; or a link to sign in.
 */
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";
import { Pseudonym } from "../ui/parts.js";
import { useSession } from "./session-context.js";

/** The session status of `space`. */
export function SessionBadge({ space }: { readonly space: string }) {
  const { t, plural } = useI18n();
  const { session, update } = useSession();
  const now = useMinuteClock();
  const { member, moderator } = session;
  if (member === null && moderator === null) {
    return (
      <a className="session" href={hrefOf({ page: "sign-in", space, token: null, key: null })}>
        {t("session.signIn")}
      </a>
    );
  }
  const minutesLeft =
    member?.expiresAt == null ? null : Math.max(0, Math.floor((member.expiresAt - now) / 60_000));
  return (
    <div className="session">
      {member === null ? null : (
        <span>
          {t("session.member")} <Pseudonym id={member.member} />
          {minutesLeft === null ? null : (
            <span className={minutesLeft === 0 ? "tag warn" : "tag"}>
              {minutesLeft === 0
                ? t("session.expired")
                : plural("session.minutesLeft", minutesLeft)}
            </span>
          )}
          <button
            type="button"
            className="link-button"
            onClick={() => update({ ...session, member: null })}
          >
            {t("session.signOutMember")}
          </button>
        </span>
      )}
      {moderator === null ? null : (
        <span>
          {t("session.moderator")}
          <button
            type="button"
            className="link-button"
            onClick={() => update({ ...session, moderator: null })}
          >
            {t("session.signOutModerator")}
          </button>
        </span>
      )}
    </div>
  );
}

function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
