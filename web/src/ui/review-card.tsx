/**
 * One public review as people read it: the rating, whether it is verified (the space's label for
 * unverified ones, EU Omnibus Directive), any connection the author declared, when it was written and
 * when it became public, its text, the reviewed party's reply; what moderation removed says so and
 * links the decision. Each review links to its proof in the log explorer.
 */
import { useCallback, useState } from "react";
import { replyToReview } from "../api/space-api.js";
import type { ReviewItem } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import { hrefOf } from "../router.js";
import { AlertForm } from "./alert-form.js";
import { Field, Pseudonym, SubmissionStatus, When } from "./parts.js";
import { Stars } from "./stars.js";
import { useSubmit } from "./use-submit.js";

/** What the reader may do with the review. */
export interface ReviewActions {
  /** The member's token when they may reply (they own the subject) or report. */
  readonly token: string | null;
  readonly canReply: boolean;
  readonly me: string | null;
}

/** The card of `item` in `space`. */
export function ReviewCard({
  space,
  item,
  unverifiedLabel,
  scaleMax,
  actions,
  onChanged,
}: {
  readonly space: string;
  readonly item: ReviewItem;
  readonly unverifiedLabel: string;
  readonly scaleMax: number;
  readonly actions: ReviewActions;
  readonly onChanged?: () => void;
}) {
  const { t } = useI18n();
  const [reporting, setReporting] = useState(false);
  const [replying, setReplying] = useState(false);
  const review = item.review;
  if (review.state === "removed") {
    return (
      <article className="review removed">
        <p>
          {t("review.removed")}{" "}
          <a href={hrefOf({ page: "transparency", space })}>
            {t("review.decision", { decision: review.decision })}
          </a>
        </p>
      </article>
    );
  }
  const reply = item.reply;
  return (
    <article className="review" aria-labelledby={`review-${review.id}`}>
      <header>
        <h3 id={`review-${review.id}`} className="review-title">
          <Stars value={review.overall} max={scaleMax} />
          {review.title === null ? null : <span> {review.title}</span>}
        </h3>
        <p className="meta">
          <span className={review.provenance === "verified" ? "tag ok" : "tag warn"}>
            {review.provenance === "verified" ? t("review.verified") : unverifiedLabel}
          </span>
          {review.connection === "none" ? null : (
            <span className="tag warn">
              {t(`review.connection.${review.connection}` as "review.connection.family")}
            </span>
          )}
          {review.amended ? <span className="tag">{t("review.amended")}</span> : null}{" "}
          {t("review.by")} <Pseudonym id={review.author} you={review.author === actions.me} /> ·{" "}
          {t("review.written")} <When ms={review.submittedAt} />
          {review.revealedAt === undefined ? null : (
            <>
              {" "}
              · {t("review.revealed")} <When ms={review.revealedAt} />
            </>
          )}
        </p>
      </header>
      {review.text === null ? (
        <p className="muted">{t("review.erasedText")}</p>
      ) : (
        <p className="review-text">{review.text}</p>
      )}
      {Object.keys(review.criteria).length === 0 ? null : (
        <ul className="criteria">
          {Object.entries(review.criteria).map(([k, v]) => (
            <li key={k}>
              {k}: {v}
            </li>
          ))}
        </ul>
      )}
      {reply === null ? null : reply.state === "removed" ? (
        <p className="reply muted">{t("review.replyRemoved")}</p>
      ) : (
        <blockquote className="reply">
          <p className="meta">
            {t("review.replyBy")} <Pseudonym id={reply.author} you={reply.author === actions.me} />{" "}
            · <When ms={reply.at} />
          </p>
          <p>{reply.text ?? t("review.erasedText")}</p>
        </blockquote>
      )}
      <footer className="review-actions">
        <a href={hrefOf({ page: "log", space, review: review.id })}>{t("review.verifyInLog")}</a>
        {actions.canReply && actions.token !== null && reply === null ? (
          <button
            type="button"
            className="link-button"
            aria-expanded={replying}
            onClick={() => setReplying((r) => !r)}
          >
            {t("review.reply")}
          </button>
        ) : null}
        {actions.token !== null && review.author !== actions.me ? (
          <button
            type="button"
            className="link-button"
            aria-expanded={reporting}
            onClick={() => setReporting((r) => !r)}
          >
            {t("review.report")}
          </button>
        ) : null}
      </footer>
      {replying && actions.canReply && actions.token !== null && reply === null ? (
        <ReplyForm space={space} review={review.id} token={actions.token} onDone={onChanged} />
      ) : null}
      {reporting && actions.token !== null ? (
        <AlertForm space={space} token={actions.token} target={{ kind: "review", id: review.id }} />
      ) : null}
    </article>
  );
}

function ReplyForm(props: {
  readonly space: string;
  readonly review: string;
  readonly token: string;
  readonly onDone: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const { space, review, token, onDone } = props;
  const send = useCallback(
    (key: string) => replyToReview(space, review, text.trim(), token, key),
    [space, review, text, token],
  );
  const [submission, submit] = useSubmit(send, () => onDone?.());
  return (
    <form
      className="stacked reply-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label={t("review.replyLabel")} hint={t("review.replyHint")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={3}
            maxLength={20000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("review.replySubmit")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("review.replyDone")} />
    </form>
  );
}
