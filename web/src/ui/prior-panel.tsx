/**
 * The reputation a member imported from another space as their prior here (GET me/prior, issue 6),
 * and withdrawing it (POST me/prior/withdrawal: a prior.withdrawn event, after which it no longer
 * counts), and importing one (prior-import.tsx): a credential this browser keeps with its holder key,
 * or a presentation pasted from a wallet.
 */
import { useCallback } from "react";
import { getMyPrior, withdrawMyPrior } from "../api/space-api.js";
import type { ImportedPriorJson } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorNotice, Loaded, Section, When } from "./parts.js";
import { PriorImport } from "./prior-import.js";
import { useLoad } from "./use-load.js";
import { useSubmit } from "./use-submit.js";

/** The imported prior of the member with `token` in `space`, with a Withdraw button. */
export function PriorPanel({ space, token }: { readonly space: string; readonly token: string }) {
  const { t } = useI18n();
  const [load, reload] = useLoad((signal) => getMyPrior(space, token, signal), [space, token]);
  return (
    <Section title={t("prior.title")}>
      <Loaded load={load}>
        {({ prior }) =>
          prior === null ? (
            <p data-testid="prior-none">{t("prior.none")}</p>
          ) : (
            <Imported space={space} token={token} prior={prior} onWithdrawn={reload} />
          )
        }
      </Loaded>
      <PriorImport space={space} token={token} onImported={reload} />
    </Section>
  );
}

function Imported(props: {
  readonly space: string;
  readonly token: string;
  readonly prior: ImportedPriorJson;
  readonly onWithdrawn: () => void;
}) {
  const { t, number, date } = useI18n();
  const { space, token, prior, onWithdrawn } = props;
  const send = useCallback(
    (idempotencyKey: string) => withdrawMyPrior(space, prior.prior, token, idempotencyKey),
    [space, token, prior.prior],
  );
  const [submission, submit] = useSubmit(send, onWithdrawn);
  return (
    <div data-testid="prior-imported">
      <p>
        {t("prior.imported", {
          source: prior.source,
          issuer: prior.issuer,
          reviews: prior.reviewsAtLeast,
          rating: number(prior.ratingAtLeast, 1),
          expires: date(prior.credentialExpiresAt),
        })}{" "}
        <span className="muted">
          (<When ms={prior.importedAt} withTime />)
        </span>
      </p>
      <p className="hint">{t("prior.counts")}</p>
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() => void submit()}
          disabled={submission.state === "pending"}
        >
          {t("prior.withdraw")}
        </button>
      </p>
      {submission.state === "error" ? <ErrorNotice error={submission.error} /> : null}
    </div>
  );
}
