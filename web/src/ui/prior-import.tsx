/**
 * Importing a reputation from another space as one's prior here (issue 6), from the My data page:
 * - a credential kept in this browser (credentials/wallet.ts: requested on the My data page of another
 *   space of this server, with its non-extractable holder key): the page asks this space for a nonce,
 *   builds the presentation with the key binding (RFC 9901 §4.3) disclosing only the strongest
 *   reviews_at_least and rating_at_least claims, and sends it (POST …/me/prior);
 * - a presentation made by an external wallet, pasted in: the page shows the nonce and the audience the
 *   wallet's key binding must name, checks the pasted text's shape, and sends it.
 * The answer is shown either way: what was imported, or the refusal with the server's reason and the
 * page's own words for its rule (model/prior-import.ts).
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/problem.js";
import { getPriorNonce, importMyPrior } from "../api/space-api.js";
import type { ImportedPriorJson } from "../api/types.js";
import { present } from "../credentials/holder.js";
import { forgetCredential, type KeptCredential, keptCredentials } from "../credentials/wallet.js";
import { useI18n } from "../i18n/i18n.js";
import { priorDisclosures, readPastedPresentation, refusalReason } from "../model/prior-import.js";
import { ErrorNotice, Field, When } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The import forms of `space` for the member with `token`; `onImported` runs after an import. */
export function PriorImport(props: {
  readonly space: string;
  readonly token: string;
  readonly onImported: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="prior-import">
      <h3>{t("prior.importTitle")}</h3>
      <p>{t("prior.importLead")}</p>
      <KeptCredentials {...props} />
      <PastedPresentation {...props} />
    </div>
  );
}

/** What an import answered. */
function Outcome({ value }: { readonly value: ImportedPriorJson }) {
  const { t, number } = useI18n();
  return (
    <p className="notice success" role="status" data-testid="prior-import-done">
      {t("prior.done", {
        source: value.source,
        reviews: value.reviewsAtLeast,
        rating: number(value.ratingAtLeast, 1),
      })}
    </p>
  );
}

/** A refused import: the server's answer, and the page's own words for its rule. */
function Refusal({ error }: { readonly error: Error }) {
  const { t } = useI18n();
  const why = refusalReason(error instanceof ApiError ? error.rule : undefined);
  return (
    <div data-testid="prior-import-refused">
      <ErrorNotice error={error} />
      {why === null ? null : <p className="hint">{t(why)}</p>}
    </div>
  );
}

function KeptCredentials(props: {
  readonly space: string;
  readonly token: string;
  readonly onImported: () => void;
}) {
  const { t } = useI18n();
  const [kept, setKept] = useState<readonly KeptCredential[] | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  const load = useCallback(() => {
    keptCredentials().then(
      (all) => {
        const now = Date.now() / 1000;
        setKept(all.filter((c) => c.space !== props.space && c.expiresAt > now));
      },
      (e: unknown) => setFailed(e instanceof Error ? e : new Error(String(e))),
    );
  }, [props.space]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="prior-kept-title">
      <h4 id="prior-kept-title">{t("prior.fromBrowser")}</h4>
      {failed === null ? null : <ErrorNotice error={failed} />}
      {kept !== null && kept.length === 0 ? (
        <p data-testid="prior-none-kept">{t("prior.noneKept")}</p>
      ) : null}
      <ul className="cards">
        {(kept ?? []).map((c) => (
          <li key={c.id}>
            <KeptCard {...props} kept={c} onForgotten={load} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function KeptCard(props: {
  readonly space: string;
  readonly token: string;
  readonly kept: KeptCredential;
  readonly onImported: () => void;
  readonly onForgotten: () => void;
}) {
  const { t, date } = useI18n();
  const { space, token, kept, onImported, onForgotten } = props;
  const disclosures = priorDisclosures(kept.claims);
  const send = useCallback(
    async (idempotencyKey: string) => {
      if (disclosures === null) throw new Error(t("prior.cannot"));
      const { nonce, audience } = await getPriorNonce(space, token);
      const presentation = await present(
        kept.credential,
        disclosures.map((d) => d.disclosure),
        kept.key,
        audience,
        nonce,
      );
      return importMyPrior(space, { presentation, nonce }, token, idempotencyKey);
    },
    [space, token, kept, disclosures, t],
  );
  const [submission, submit] = useSubmit(send, onImported);
  const forget = () => void forgetCredential(kept.id).then(onForgotten, onForgotten);
  return (
    <div data-testid="prior-kept">
      <p>
        {t("prior.kept", { space: kept.space, until: date(kept.expiresAt * 1000) })}{" "}
        {disclosures === null
          ? t("prior.cannot")
          : t("prior.discloses", { claims: disclosures.map((d) => d.claim).join(", ") })}
      </p>
      <p className="row">
        {disclosures === null ? null : (
          <button
            type="button"
            onClick={() => void submit()}
            disabled={submission.state === "pending"}
          >
            {t("prior.importKept", { space: kept.space })}
          </button>
        )}
        <button type="button" className="secondary" onClick={forget}>
          {t("prior.forget")}
        </button>
      </p>
      {submission.state === "done" ? <Outcome value={submission.value} /> : null}
      {submission.state === "error" ? <Refusal error={submission.error} /> : null}
    </div>
  );
}

function PastedPresentation(props: {
  readonly space: string;
  readonly token: string;
  readonly onImported: () => void;
}) {
  const { t } = useI18n();
  const { space, token, onImported } = props;
  const [challenge, setChallenge] = useState<{
    readonly nonce: string;
    readonly audience: string;
    readonly expiresAt: number;
  } | null>(null);
  const [challengeError, setChallengeError] = useState<Error | null>(null);
  const [text, setText] = useState("");
  const [statusToken, setStatusToken] = useState("");
  const [invalid, setInvalid] = useState<ReturnType<typeof readPastedPresentation> | null>(null);
  const ask = async () => {
    setChallengeError(null);
    try {
      setChallenge(await getPriorNonce(space, token));
    } catch (e) {
      setChallengeError(e as Error);
    }
  };
  const send = useCallback(
    async (idempotencyKey: string) => {
      if (challenge === null) throw new Error(t("prior.needNonce"));
      const read = readPastedPresentation(text);
      if (!read.ok) throw new Error(t(read.reason));
      // The nonce is used up by any answer: the next attempt asks for a new one.
      setChallenge(null);
      const token_ = statusToken.trim();
      return importMyPrior(
        space,
        {
          presentation: read.presentation,
          nonce: challenge.nonce,
          ...(token_ === "" ? {} : { statusListToken: token_ }),
        },
        token,
        idempotencyKey,
      );
    },
    [space, token, challenge, text, statusToken, t],
  );
  const [submission, submit] = useSubmit(send, onImported);
  return (
    <section aria-labelledby="prior-paste-title">
      <h4 id="prior-paste-title">{t("prior.fromWallet")}</h4>
      <p>{t("prior.walletLead")}</p>
      <p>
        <button type="button" className="secondary" onClick={() => void ask()}>
          {challenge === null ? t("prior.getNonce") : t("prior.getAnotherNonce")}
        </button>
      </p>
      {challengeError === null ? null : <ErrorNotice error={challengeError} />}
      {challenge === null ? null : (
        <dl className="facts" data-testid="prior-challenge">
          <dt>{t("prior.nonce")}</dt>
          <dd>
            <code data-testid="prior-nonce">{challenge.nonce}</code>
          </dd>
          <dt>{t("prior.audience")}</dt>
          <dd>
            <code data-testid="prior-audience">{challenge.audience}</code>
          </dd>
          <dt>{t("prior.nonceUntil")}</dt>
          <dd>
            <When ms={challenge.expiresAt} withTime />
          </dd>
        </dl>
      )}
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          const read = readPastedPresentation(text);
          setInvalid(read.ok ? null : read);
          if (read.ok) void submit();
        }}
      >
        <Field label={t("prior.presentation")}>
          {(f) => (
            <textarea
              {...f}
              rows={4}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        {invalid === null || invalid.ok ? null : (
          <p className="notice error" role="alert">
            {t(invalid.reason)}
          </p>
        )}
        <Field label={t("prior.statusToken")}>
          {(f) => (
            <textarea
              {...f}
              rows={2}
              spellCheck={false}
              value={statusToken}
              onChange={(e) => setStatusToken(e.target.value)}
            />
          )}
        </Field>
        <p>
          <button type="submit" disabled={challenge === null || submission.state === "pending"}>
            {t("prior.importPasted")}
          </button>
        </p>
      </form>
      {submission.state === "done" ? <Outcome value={submission.value} /> : null}
      {submission.state === "error" ? <Refusal error={submission.error} /> : null}
    </section>
  );
}
