/**
 * Reviewing (a member): the interactions they may review, each with the state of their review under the
 * double-blind rule ("sealed until the other party reviews or the window ends"), a form to write one,
 * and a way to withdraw it; and the reviews about them, each of which they may answer once.
 */
import { useCallback, useState } from "react";
import {
  collect,
  getSpace,
  listDecisions,
  listInteractions,
  listMyReviews,
  listSubjectReviews,
  listSubjects,
  submitReview,
  withdrawReview,
} from "../api/space-api.js";
import type { InteractionJson, OwnReviewJson, SpaceJson } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages-en.js";
import { removedReviews } from "../model/removals.js";
import { hrefOf } from "../router.js";
import type { MemberSession } from "../session/session.js";
import { useSession } from "../session/session-context.js";
import { PageTitle } from "../ui/page-title.js";
import { Field, Loaded, Pseudonym, Section, SubmissionStatus, When } from "../ui/parts.js";
import { ReviewCard } from "../ui/review-card.js";
import { SignInFirst } from "../ui/sign-in-first.js";
import { Stars } from "../ui/stars.js";
import { useLoad } from "../ui/use-load.js";
import { useSubmit } from "../ui/use-submit.js";

const DAY_MS = 86_400_000;

/** The reviewing page of `space`. */
export function ReviewingPage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <>
      <PageTitle sub={t("reviewing.lead")}>{t("reviewing.title")}</PageTitle>
      {session.member === null ? (
        <SignInFirst space={space} />
      ) : (
        <Reviewing space={space} member={session.member} />
      )}
    </>
  );
}

function Reviewing({ space, member }: { readonly space: string; readonly member: MemberSession }) {
  const { t } = useI18n();
  const { token, member: me } = member;
  const [load, reload] = useLoad(
    async (signal) => {
      const [info, interactions, reviews, decisions] = await Promise.all([
        getSpace(space, signal),
        collect((c) => listInteractions(space, me, c, token, signal), 500),
        collect((c) => listMyReviews(space, me, c, token, signal), 1000),
        collect((c) => listDecisions(space, { cursor: c, affected: me }, token, signal), 1000),
      ]);
      return {
        info,
        interactions: interactions.items,
        reviews: reviews.items,
        removed: removedReviews(decisions.items, Date.now()),
      };
    },
    [space, me, token],
  );
  return (
    <Loaded load={load}>
      {({ info, interactions, reviews, removed }) => {
        // What needs doing first: reviews to write, then sealed ones, then the rest, newest first.
        const reviewOf = (i: InteractionJson) =>
          reviews.find((r) => r.interaction === i.interaction) ?? null;
        const rank = (i: InteractionJson) => {
          const r = reviewOf(i);
          return r === null ? 0 : r.state === "sealed" ? 1 : r.state === "revealed" ? 2 : 3;
        };
        const reviewable = interactions
          .filter((i) => i.parties.some((p) => p.member === me && p.reviews !== null))
          .sort((a, b) => rank(a) - rank(b) || b.occurredAt - a.occurredAt);
        return (
          <>
            <Section title={t("reviewing.interactionsTitle")}>
              {reviewable.length === 0 ? <p>{t("reviewing.noInteractions")}</p> : null}
              <ul className="cards">
                {reviewable.map((i) => (
                  <li key={i.interaction}>
                    <InteractionCard
                      space={space}
                      info={info}
                      interaction={i}
                      me={me}
                      token={token}
                      review={reviewOf(i)}
                      removedBy={removed.get(reviewOf(i)?.review ?? "") ?? null}
                      onChanged={reload}
                    />
                  </li>
                ))}
              </ul>
            </Section>
            <AboutMe space={space} info={info} me={me} token={token} />
          </>
        );
      }}
    </Loaded>
  );
}

function InteractionCard(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly interaction: InteractionJson;
  readonly me: string;
  readonly token: string;
  readonly review: OwnReviewJson | null;
  readonly removedBy: string | null;
  readonly onChanged: () => void;
}) {
  const { t, date } = useI18n();
  const { space, info, interaction, me, review } = props;
  const mine = interaction.parties.find((p) => p.member === me);
  const other = interaction.parties.find((p) => p.member !== me);
  const subject = mine?.reviews ?? "";
  const deadline =
    info.policy.reviewDeadlineDays === null
      ? null
      : interaction.occurredAt + info.policy.reviewDeadlineDays * DAY_MS;
  return (
    <article aria-labelledby={`interaction-${interaction.interaction}`}>
      <h3 id={`interaction-${interaction.interaction}`}>
        {interaction.kind ?? t("reviewing.interaction")} · <When ms={interaction.occurredAt} />
      </h3>
      <p className="meta">
        {t("reviewing.youWere", { role: mine?.role ?? "?" })}
        {other === undefined ? null : (
          <>
            {" · "}
            {t("reviewing.with", { role: other.role })} <Pseudonym id={other.member} />
          </>
        )}
        {" · "}
        {t("reviewing.youReview")}{" "}
        <a href={hrefOf({ page: "subject", space, subject })}>
          {subject === other?.member ? t("reviewing.theOtherParty") : subject}
        </a>
      </p>
      {review === null ? (
        deadline !== null && Date.now() > deadline ? (
          <p className="muted">{t("reviewing.deadlinePassed", { date: date(deadline) })}</p>
        ) : (
          <WriteReview {...props} subject={subject} deadline={deadline} />
        )
      ) : (
        <ReviewStatus {...props} review={review} />
      )}
    </article>
  );
}

function ReviewStatus(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly review: OwnReviewJson;
  readonly removedBy: string | null;
  readonly token: string;
  readonly onChanged: () => void;
}) {
  const { t, dateTime } = useI18n();
  const { space, info, review, removedBy, token, onChanged } = props;
  const [confirming, setConfirming] = useState(false);
  const withdraw = useCallback(
    () => withdrawReview(space, review.review, token),
    [space, review.review, token],
  );
  const [submission, submit] = useSubmit(withdraw, onChanged);
  const removed = removedBy !== null && review.state === "revealed";
  const text = removed
    ? t("reviewing.removed", { decision: removedBy })
    : review.state === "sealed"
      ? t("reviewing.sealed", {
          until: review.sealedUntil === null ? "?" : dateTime(review.sealedUntil),
        })
      : review.state === "revealed"
        ? t("reviewing.revealed", { at: dateTime(review.revealedAt ?? review.submittedAt) })
        : t("reviewing.withdrawn", { at: dateTime(review.withdrawnAt ?? review.submittedAt) });
  return (
    <div className={`review-state state-${review.state}`}>
      <p>
        <span
          className={`tag ${removed ? "warn" : review.state === "sealed" ? "sealed" : review.state === "revealed" ? "ok" : "warn"}`}
        >
          {removed
            ? t("reviewing.state.removed")
            : t(`reviewing.state.${review.state}` as MessageKey)}
        </span>{" "}
        <span data-testid="review-state">{text}</span>
      </p>
      {review.overall === null ? null : (
        <p>
          {t("reviewing.youWrote")} <Stars value={review.overall} max={info.policy.rating.max} />
          {review.text === null ? null : <span className="quote"> “{review.text}”</span>}
        </p>
      )}
      {review.state === "withdrawn" ? null : confirming ? (
        <p>
          {t("reviewing.withdrawConfirm")}{" "}
          <button
            type="button"
            className="danger"
            onClick={() => void submit()}
            disabled={submission.state === "pending"}
          >
            {t("reviewing.withdrawYes")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t("common.cancel")}
          </button>
        </p>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          {t("reviewing.withdraw")}
        </button>
      )}
      <SubmissionStatus submission={submission} done={() => t("reviewing.withdrawDone")} />
    </div>
  );
}

function WriteReview(props: Parameters<typeof ReviewForm>[0]) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return open ? (
    <ReviewForm {...props} />
  ) : (
    <button type="button" aria-expanded={false} onClick={() => setOpen(true)}>
      {t("reviewing.write")}
    </button>
  );
}

function ReviewForm(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly interaction: InteractionJson;
  readonly token: string;
  readonly subject: string;
  readonly deadline: number | null;
  readonly onChanged: () => void;
}) {
  const { t, date } = useI18n();
  const { space, info, interaction, token, subject, deadline, onChanged } = props;
  const { min, max } = info.policy.rating;
  const [overall, setOverall] = useState<number | null>(null);
  const [criteria, setCriteria] = useState<Record<string, number>>({});
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [missingRating, setMissingRating] = useState(false);
  const send = useCallback(
    (key: string) =>
      submitReview(
        space,
        {
          subject,
          interaction: interaction.interaction,
          overall: overall ?? min,
          ...(Object.keys(criteria).length === 0 ? {} : { criteria }),
          ...(title.trim() === "" ? {} : { title: title.trim() }),
          text: text.trim(),
        },
        token,
        key,
      ),
    [space, subject, interaction.interaction, overall, min, criteria, title, text, token],
  );
  const [submission, submit] = useSubmit(send, onChanged);
  const scale = Array.from({ length: max - min + 1 }, (_, i) => max - i);
  const name = `overall-${interaction.interaction}`;
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        if (overall === null) {
          setMissingRating(true);
          return;
        }
        void submit();
      }}
    >
      <p className="hint">
        {t("reviewing.doubleBlind", { days: info.policy.doubleBlindDays })}
        {deadline === null ? null : ` ${t("reviewing.deadline", { date: date(deadline) })}`}
      </p>
      <fieldset
        className="rating-choice"
        aria-describedby={missingRating ? `${name}-error` : undefined}
      >
        <legend>{t("reviewing.overall")}</legend>
        {scale.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name={name}
              value={v}
              checked={overall === v}
              onChange={() => {
                setOverall(v);
                setMissingRating(false);
              }}
            />
            <Stars value={v} max={max} />
          </label>
        ))}
      </fieldset>
      {missingRating ? (
        <p id={`${name}-error`} className="field-error" role="alert">
          {t("reviewing.chooseRating")}
        </p>
      ) : null}
      {info.policy.criteria.map((c) => (
        <Field key={c.key} label={c.label}>
          {(f) => (
            <select
              {...f}
              required={info.policy.criteriaRequired}
              value={criteria[c.key] ?? ""}
              onChange={(e) => {
                const { [c.key]: _, ...rest } = criteria;
                setCriteria(
                  e.target.value === "" ? rest : { ...rest, [c.key]: Number(e.target.value) },
                );
              }}
            >
              <option value="">{t("reviewing.notRated")}</option>
              {scale.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      <Field label={t("reviewing.titleLabel")}>
        {(f) => (
          <input {...f} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Field label={t("reviewing.textLabel")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={4}
            maxLength={20000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("reviewing.submit")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("reviewing.submitted")} />
    </form>
  );
}

function AboutMe(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly me: string;
  readonly token: string;
}) {
  const { t } = useI18n();
  const { space, info, me, token } = props;
  const [load, reload] = useLoad(
    async (signal) => {
      const subjects = await collect(
        (c) => listSubjects(space, { cursor: c, owner: me }, token, signal),
        100,
      );
      const lists = await Promise.all(
        subjects.items.map(async (s) => ({
          subject: s,
          reviews: (await collect((c) => listSubjectReviews(space, s.subject, c, signal), 500))
            .items,
        })),
      );
      return lists;
    },
    [space, me, token],
  );
  return (
    <Section title={t("reviewing.aboutYouTitle")}>
      <p className="hint">{t("reviewing.aboutYouHint")}</p>
      <Loaded load={load}>
        {(lists) => {
          const all = lists.flatMap((l) => l.reviews.map((r) => ({ subject: l.subject, item: r })));
          if (all.length === 0) return <p>{t("reviewing.noneAboutYou")}</p>;
          return (
            <div className="review-list">
              {all.map(({ subject, item }) => (
                <div key={item.review.id}>
                  <p className="meta">
                    {t("reviewing.about")}{" "}
                    <a href={hrefOf({ page: "subject", space, subject: subject.subject })}>
                      {subject.kind === "member"
                        ? t("reviewing.yourself")
                        : (subject.name ?? subject.subject)}
                    </a>
                  </p>
                  <ReviewCard
                    space={space}
                    item={item}
                    unverifiedLabel={info.policy.unverified.label}
                    scaleMax={info.policy.rating.max}
                    actions={{ token, canReply: true, me }}
                    onChanged={reload}
                  />
                </div>
              ))}
            </div>
          );
        }}
      </Loaded>
    </Section>
  );
}
