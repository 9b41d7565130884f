/**
 * Signing in to a space. Members come with a token their platform minted (a sign-in link such as the
 * one `fabrique demo` prints carries it in the fragment); moderators with an API key holding the
 * moderate scope. Each credential is checked with the server (`whoami`) before the page keeps it, and
 * a credential that came in the address is removed from it at once (history.replaceState).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { whoami } from "../api/space-api.js";
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";
import { tokenExpiry } from "../session/session.js";
import { useSession } from "../session/session-context.js";
import { PageTitle } from "../ui/page-title.js";
import { ErrorNotice, Field, Section } from "../ui/parts.js";

/** The sign-in page of `space`; `token`/`apiKey` come from a sign-in link. */
export function SignInPage({
  space,
  token,
  apiKey,
}: {
  readonly space: string;
  readonly token: string | null;
  readonly apiKey: string | null;
}) {
  const { t } = useI18n();
  const signIn = useSignIn(space);
  const used = useRef<string | null>(null);
  useEffect(() => {
    if (token === null && apiKey === null) return;
    // Each link is used once, even if the page renders again before the address changes.
    const link = `${token ?? ""} ${apiKey ?? ""}`;
    if (used.current === link) return;
    used.current = link;
    // Out of the address bar and the history before anything else.
    const clean = hrefOf({ page: "sign-in", space, token: null, key: null });
    history.replaceState(null, "", `${location.pathname}${clean}`);
    if (token !== null) void signIn.member(token);
    if (apiKey !== null) void signIn.moderator(apiKey);
  }, [token, apiKey, space, signIn.member, signIn.moderator]);
  return (
    <>
      <PageTitle sub={t("signIn.lead")}>{t("signIn.title")}</PageTitle>
      {signIn.message === null ? null : (
        <div className="notice success" role="status" data-testid="signed-in">
          {signIn.message} <a href={hrefOf({ page: "space", space })}>{t("signIn.continue")}</a>
        </div>
      )}
      {signIn.error === null ? null : <ErrorNotice error={signIn.error} />}
      <div className="columns">
        <CredentialForm
          title={t("signIn.memberTitle")}
          label={t("signIn.tokenLabel")}
          hint={t("signIn.tokenHint")}
          button={t("signIn.asMember")}
          onSubmit={signIn.member}
          multiline
        />
        <CredentialForm
          title={t("signIn.moderatorTitle")}
          label={t("signIn.keyLabel")}
          hint={t("signIn.keyHint")}
          button={t("signIn.asModerator")}
          onSubmit={signIn.moderator}
        />
      </div>
    </>
  );
}

function CredentialForm(props: {
  readonly title: string;
  readonly label: string;
  readonly hint: string;
  readonly button: string;
  readonly multiline?: boolean;
  readonly onSubmit: (credential: string) => Promise<void>;
}) {
  const [value, setValue] = useState("");
  return (
    <Section title={props.title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void props.onSubmit(value.trim()).then(() => setValue(""));
        }}
      >
        <Field label={props.label} hint={props.hint}>
          {(field) =>
            props.multiline === true ? (
              <textarea
                {...field}
                rows={4}
                required
                autoComplete="off"
                spellCheck={false}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            ) : (
              <input
                {...field}
                type="password"
                required
                autoComplete="off"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )
          }
        </Field>
        <button type="submit">{props.button}</button>
      </form>
    </Section>
  );
}

function useSignIn(space: string) {
  const { t } = useI18n();
  const { session, update } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const member = useCallback(
    async (token: string) => {
      setError(null);
      try {
        const who = await whoami(space, token);
        if (who.actor.kind !== "member") throw new Error(t("signIn.notAMemberToken"));
        const next = { member: who.actor.member, token, expiresAt: tokenExpiry(token) };
        update({ ...sessionRef.current, member: next });
        setMessage(t("signIn.memberDone"));
      } catch (e) {
        setError(e as Error);
      }
    },
    [space, t, update],
  );
  const moderator = useCallback(
    async (key: string) => {
      setError(null);
      try {
        const who = await whoami(space, key);
        if (who.actor.kind !== "operator") throw new Error(t("signIn.notAnApiKey"));
        const scopes = who.actor.scopes;
        if (!scopes.includes("moderate") && !scopes.includes("admin")) {
          throw new Error(t("signIn.noModerateScope", { scopes: scopes.join(", ") }));
        }
        update({ ...sessionRef.current, moderator: { key, scopes } });
        setMessage(t("signIn.moderatorDone"));
      } catch (e) {
        setError(e as Error);
      }
    },
    [space, t, update],
  );
  return { member, moderator, message, error };
}
