/**
 * A subject's page (public): its reputation with the credible interval, why it is what it is, the
 * distribution and trend of its ratings, each review with its provenance, reveal date and reply; for a
 * signed-in member, how they are connected to the member behind the subject (trust paths, drawn).
 */
import { useMemo } from "react";
import {
  collect,
  getReputation,
  getSpace,
  getSubject,
  getSummary,
  getTrust,
  listSubjectReviews,
} from "../api/space-api.js";
import type {
  ImportedPriorJson,
  ReputationJson,
  ReviewItem,
  SpaceJson,
  SummaryJson,
} from "../api/types.js";
import { RatingHistogram } from "../charts/histogram.js";
import { ScoreInterval } from "../charts/interval.js";
import { TrendChart } from "../charts/trend-chart.js";
import { TrustGraph } from "../charts/trust-graph.js";
import { useI18n } from "../i18n/i18n.js";
import { ratingTrend } from "../model/trend.js";
import { trustLayout } from "../model/trust-layout.js";
import { useSession } from "../session/session-context.js";
import { PageTitle } from "../ui/page-title.js";
import { Loaded, Pseudonym, Section } from "../ui/parts.js";
import { ReviewCard } from "../ui/review-card.js";
import { useLoad } from "../ui/use-load.js";

const MAX_REVIEWS = 1000;

/** The page of `subject` in `space`. */
export function SubjectPage({
  space,
  subject,
}: {
  readonly space: string;
  readonly subject: string;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const token = session.member?.token;
  const [load, reload] = useLoad(
    async (signal) => {
      const [info, item, summary, reputation, reviews] = await Promise.all([
        getSpace(space, signal),
        getSubject(space, subject, token, signal),
        getSummary(space, subject, signal),
        getReputation(space, subject, signal),
        collect((cursor) => listSubjectReviews(space, subject, cursor, signal), MAX_REVIEWS),
      ]);
      return { info, item, summary, reputation, reviews };
    },
    [space, subject, token],
  );
  const title =
    load.state === "ok"
      ? (load.value.item.name ?? t("subject.unnamed", { id: subject }))
      : t("subject.title", { id: subject });
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Loaded load={load}>
        {({ info, item, summary, reputation, reviews }) => {
          const me = session.member?.member ?? null;
          return (
            <>
              <p className="lead">
                {t(`kind.${item.kind}` as "kind.listing")}
                {item.owner === null ? null : (
                  <>
                    {" · "}
                    {t("subject.owner")} <Pseudonym id={item.owner} you={item.owner === me} />
                  </>
                )}
                {item.removed ? <span className="tag warn">{t("space.removed")}</span> : null}
              </p>
              {item.description == null ? null : <p>{item.description}</p>}
              <Reputation reputation={reputation} info={info} />
              <Distribution summary={summary} info={info} reviews={reviews.items} />
              {item.owner !== null && me !== null && item.owner !== me && token !== undefined ? (
                <Connection space={space} target={item.owner} me={me} token={token} />
              ) : null}
              <Section title={t("subject.reviewsTitle", { n: summary.published })}>
                {reviews.items.length === 0 ? <p>{t("subject.noReviews")}</p> : null}
                {reviews.complete ? null : (
                  <p className="muted">{t("subject.reviewsTruncated", { max: MAX_REVIEWS })}</p>
                )}
                <div className="review-list">
                  {reviews.items.map((r) => (
                    <ReviewCard
                      key={r.review.id}
                      space={space}
                      item={r}
                      unverifiedLabel={info.policy.unverified.label}
                      scaleMax={info.policy.rating.max}
                      actions={{
                        token: token ?? null,
                        canReply: item.owner !== null && item.owner === me,
                        me,
                      }}
                      onChanged={reload}
                    />
                  ))}
                </div>
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

/** The imported prior (issue 6): its own item, shown as imported and never as reviews. */
function ImportedPrior({ imported: p }: { readonly imported: ImportedPriorJson }) {
  const { t, number } = useI18n();
  return (
    <div className="imported-prior">
      <p>
        <strong>
          {t("subject.imported", {
            source: p.source,
            reviews: p.reviewsAtLeast,
            rating: number(p.ratingAtLeast, 1),
          })}
        </strong>
      </p>
      <p className="muted">
        {p.weight === 0
          ? t("subject.importedSuperseded", { full: number(p.fullWeight) })
          : t("subject.importedWeight", {
              weight: number(p.weight, 2),
              max: number(p.maxPseudoReviews),
              mean: number(p.mean, 2),
            })}
      </p>
    </div>
  );
}

function Reputation({
  reputation: r,
  info,
}: {
  readonly reputation: ReputationJson;
  readonly info: SpaceJson;
}) {
  const { t, number, plural } = useI18n();
  const { min, max } = info.policy.rating;
  return (
    <Section title={t("subject.reputationTitle")}>
      <p className="score">
        <span className="score-value">{number(r.score, 2)}</span>
        <span className="muted"> / {max}</span> <span>{plural("subject.basedOn", r.count)}</span>
      </p>
      <ScoreInterval
        score={r.score}
        low={r.interval.low}
        high={r.interval.high}
        level={r.interval.level}
        prior={r.prior.mean}
        min={min}
        max={max}
      />
      <details className="explain">
        <summary>{t("subject.why")}</summary>
        <p>
          {t("subject.whyPrior", {
            prior: number(r.importedPrior?.spacePrior.mean ?? r.prior.mean, 2),
            strength: number(r.importedPrior?.spacePrior.strength ?? r.prior.strength),
          })}
        </p>
        {r.importedPrior === undefined ? null : <ImportedPrior imported={r.importedPrior} />}
        <p>
          {t("subject.whyEffective", { count: r.count, effective: number(r.effectiveCount, 1) })}
        </p>
        {r.contributions.length === 0 ? null : (
          <>
            <h3>{t("subject.contributions")}</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("chart.rating")}</th>
                  <th scope="col">{t("subject.weight")}</th>
                  <th scope="col">{t("subject.effect")}</th>
                </tr>
              </thead>
              <tbody>
                {r.contributions.map((c) => (
                  <tr key={c.id ?? c.index}>
                    <td>{c.rating}</td>
                    <td>{number(c.weight, 2)}</td>
                    <td>{`${c.effect >= 0 ? "+" : ""}${number(c.effect, 3)}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {r.discounts.length === 0 ? (
          <p>{t("subject.noDiscounts")}</p>
        ) : (
          <>
            <h3>{t("subject.discounts")}</h3>
            <ul>
              {r.discounts.map((d) => (
                <li key={d.id ?? d.index}>
                  {t("subject.discountLine", {
                    rating: d.rating,
                    weight: number(d.weight, 2),
                    reasons: d.factors
                      .map(
                        (f) => `${t(`reason.${f.reason}` as "reason.age")} ×${number(f.factor, 2)}`,
                      )
                      .join(", "),
                    ifCounted: number(d.scoreIfCounted, 2),
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
        {r.whatIf.length === 0 ? null : (
          <>
            <h3>{t("subject.whatIf")}</h3>
            <ul>
              {r.whatIf.map((w) => (
                <li key={w.rating}>
                  {t("subject.whatIfLine", {
                    rating: w.rating,
                    score: number(w.score, 2),
                    change: `${w.change >= 0 ? "+" : ""}${number(w.change, 2)}`,
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="muted provenance">
          {t("subject.provenance", {
            algorithm: r.provenance.algorithm,
            version: r.provenance.version,
            size: r.provenance.logSize,
          })}
        </p>
      </details>
    </Section>
  );
}

function Distribution({
  summary,
  info,
  reviews,
}: {
  readonly summary: SummaryJson;
  readonly info: SpaceJson;
  readonly reviews: readonly ReviewItem[];
}) {
  const { t, number } = useI18n();
  const { min, max } = info.policy.rating;
  const points = useMemo(
    () =>
      ratingTrend(
        reviews.flatMap((r) =>
          r.review.state === "published"
            ? [
                {
                  id: r.review.id,
                  at: r.review.revealedAt ?? r.review.submittedAt,
                  rating: r.review.overall,
                },
              ]
            : [],
        ),
      ),
    [reviews],
  );
  const criteria = Object.entries(summary.criteria);
  const labelOf = (key: string) => info.policy.criteria.find((c) => c.key === key)?.label ?? key;
  return (
    <Section title={t("subject.ratingsTitle")}>
      <div className="columns">
        <RatingHistogram histogram={summary.histogram} min={min} max={max} />
        <TrendChart points={points} min={min} max={max} />
      </div>
      <p>
        {t("subject.provenanceCounts", {
          verified: summary.byProvenance.verified ?? 0,
          invited: summary.byProvenance.invited ?? 0,
          organic: summary.byProvenance.organic ?? 0,
        })}{" "}
        {summary.removed > 0 ? t("subject.removedCount", { n: summary.removed }) : null}
      </p>
      {criteria.length === 0 ? null : (
        <dl className="facts">
          {criteria.map(([key, c]) => (
            <div key={key}>
              <dt>{labelOf(key)}</dt>
              <dd>{t("subject.criterionMean", { mean: number(c.mean, 2), count: c.count })}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}

function Connection(props: {
  readonly space: string;
  readonly target: string;
  readonly me: string;
  readonly token: string;
}) {
  const { t, number } = useI18n();
  const { space, target, me, token } = props;
  const [load] = useLoad(
    (signal) => getTrust(space, target, token, signal),
    [space, target, token],
  );
  return (
    <Section title={t("subject.connectionTitle")}>
      <Loaded load={load}>
        {(trust) => {
          const layout = trustLayout(me, target, trust.paths);
          const label = (id: string) => (id === me ? t("common.you") : `${id.slice(0, 6)}…`);
          return (
            <>
              <p>
                {t("subject.trustScore", {
                  score: number(trust.score, 4),
                  bound: number(trust.errorBound, 4),
                })}
              </p>
              <TrustGraph layout={layout} label={label} />
              {trust.paths.length === 0 ? null : (
                <ol className="paths">
                  {trust.paths.map((p) => (
                    <li key={p.members.join(">")}>{p.text}</li>
                  ))}
                </ol>
              )}
              <p className="muted provenance">
                {t("subject.provenance", {
                  algorithm: trust.provenance.algorithm,
                  version: trust.provenance.version,
                  size: trust.provenance.logSize,
                })}
              </p>
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}
