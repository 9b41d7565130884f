/**
 * The moderation console (an API key with the moderate scope): the queue of pending alerts ordered by
 * the risk signals of the member each concerns (GET moderation-queue: the fraud suspicion and, where
 * the policy names trust seeds, the Sybil signal), with the signals' reasons; deciding with a statement of
 * reasons or resolving without action; the appeals to decide (by people); and the space's policy.
 */
import { useCallback, useState } from "react";
import {
  collect,
  getDecision,
  getModerationQueue,
  getSignals,
  getSpace,
  listAlerts,
  listAppeals,
} from "../api/space-api.js";
import type { AlertJson, AppealJson, QueueSignalJson, SignalsJson } from "../api/types.js";
import { dsaLabel } from "../i18n/dsa-labels.js";
import { useI18n } from "../i18n/i18n.js";
import { joinQueue, type QueueEntry } from "../model/risk-queue.js";
import { hrefOf } from "../router.js";
import type { ModeratorSession } from "../session/session.js";
import { useSession } from "../session/session-context.js";
import { AppealDecisionForm } from "../ui/appeal-decision-form.js";
import { DecisionForm, ResolveForm } from "../ui/decision-form.js";
import { PageTitle } from "../ui/page-title.js";
import { Loaded, Pseudonym, Section, When } from "../ui/parts.js";
import { PolicyPanel } from "../ui/policy-panel.js";
import { SignInFirst } from "../ui/sign-in-first.js";
import { useLoad } from "../ui/use-load.js";

/** The moderation console of `space`. */
export function ModerationPage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <>
      <PageTitle sub={t("moderation.lead")}>{t("moderation.title")}</PageTitle>
      {session.moderator === null ? (
        <SignInFirst space={space} moderator />
      ) : (
        <Console space={space} moderator={session.moderator} />
      )}
    </>
  );
}

function Console({
  space,
  moderator,
}: {
  readonly space: string;
  readonly moderator: ModeratorSession;
}) {
  const { t } = useI18n();
  const key = moderator.key;
  const [load, reload] = useLoad(
    async (signal) => {
      const [info, alerts, queue, signals, appeals] = await Promise.all([
        getSpace(space, signal),
        collect((c) => listAlerts(space, "pending", c, key, signal), 1000),
        getModerationQueue(space, key, signal),
        getSignals(space, key, signal),
        collect((c) => listAppeals(space, "pending", c, key, signal), 500),
      ]);
      return {
        info,
        queue: joinQueue(queue.items, alerts.items),
        signals,
        appeals: appeals.items,
      };
    },
    [space, key],
  );
  return (
    <Loaded load={load}>
      {({ info, queue, signals, appeals }) => (
        <>
          <Section title={t("moderation.queueTitle", { n: queue.length })}>
            <p className="hint">{t("moderation.queueHint")}</p>
            {queue.length === 0 ? <p>{t("moderation.queueEmpty")}</p> : null}
            <ol className="queue">
              {queue.map((entry) => (
                <li key={entry.alert.alert}>
                  <AlertCard space={space} entry={entry} apiKey={key} onDone={reload} />
                </li>
              ))}
            </ol>
          </Section>
          <Signals signals={signals} />
          <Section title={t("moderation.appealsTitle", { n: appeals.length })}>
            {appeals.length === 0 ? <p>{t("moderation.noAppeals")}</p> : null}
            <ol className="queue">
              {appeals.map((a) => (
                <li key={a.appeal}>
                  <AppealCard space={space} appeal={a} apiKey={key} onDone={reload} />
                </li>
              ))}
            </ol>
          </Section>
          <PolicyPanel space={space} info={info} moderator={moderator} onChanged={reload} />
        </>
      )}
    </Loaded>
  );
}

function AlertCard(props: {
  readonly space: string;
  readonly entry: QueueEntry<AlertJson>;
  readonly apiKey: string;
  readonly onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { space, entry, apiKey, onDone } = props;
  const { alert: a, item } = entry;
  const member = item?.affected ?? null;
  const [mode, setMode] = useState<"none" | "decide" | "resolve">("none");
  const toggle = useCallback(
    (m: "decide" | "resolve") => setMode((current) => (current === m ? "none" : m)),
    [],
  );
  return (
    <article className="card" aria-labelledby={`alert-${a.alert}`}>
      <h3 id={`alert-${a.alert}`}>
        {dsaLabel(a.category, lang)} · {t(`alert.kind.${a.target.kind}` as "alert.kind.review")}{" "}
        <code>{a.target.id}</code>
      </h3>
      <p className="meta">
        {t("moderation.raised")} <When ms={a.raisedAt} withTime /> · {dsaLabel(a.sourceType, lang)}
        {a.reporter === null ? null : (
          <>
            {" · "}
            {t("moderation.reporter")} <Pseudonym id={a.reporter} />
          </>
        )}
        {a.notifierName === null ? null : ` · ${a.notifierName} <${a.notifierEmail ?? ""}>`}
      </p>
      {a.explanation === null ? null : <p className="quote">“{a.explanation}”</p>}
      <div className="risk">
        {member === null ? (
          <p className="muted">{t("moderation.memberUnknown")}</p>
        ) : (
          <>
            <p>
              {t("moderation.about")} <Pseudonym id={member} />
              {item?.automated === true ? ` · ${t("moderation.automated")}` : null}
            </p>
            <QueueSignal
              label={t("moderation.risk")}
              signal={item?.risk ?? null}
              none={t("moderation.noSignal")}
            />
            <QueueSignal
              label={t("moderation.sybil")}
              signal={item?.sybil ?? null}
              none={t("moderation.noSybil")}
              max={0.5}
              hint={t("moderation.sybilHint")}
            />
          </>
        )}
      </div>
      {a.target.kind === "review" ? (
        <p>
          <a href={hrefOf({ page: "log", space, review: a.target.id })}>
            {t("review.verifyInLog")}
          </a>
        </p>
      ) : null}
      <p className="row">
        <button type="button" aria-expanded={mode === "decide"} onClick={() => toggle("decide")}>
          {t("moderation.decide")}
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={mode === "resolve"}
          onClick={() => toggle("resolve")}
        >
          {t("moderation.noAction")}
        </button>
      </p>
      {mode === "decide" ? (
        <DecisionForm
          space={space}
          apiKey={apiKey}
          target={a.target}
          alert={{ id: a.alert, category: a.category }}
          onDone={onDone}
        />
      ) : null}
      {mode === "resolve" ? (
        <ResolveForm space={space} apiKey={apiKey} alert={a.alert} onDone={onDone} />
      ) : null}
    </article>
  );
}

/** One stored signal of the member an alert is about, with its reasons and provenance. */
function QueueSignal(props: {
  readonly label: string;
  readonly signal: QueueSignalJson | null;
  readonly none: string;
  readonly hint?: string;
  /** The score's upper bound (SybilSCAR's is 0.5). */
  readonly max?: number;
}) {
  const { t, number } = useI18n();
  const { label, signal, none, hint, max } = props;
  if (signal === null)
    return (
      <p className="muted">
        {label}: {none}
      </p>
    );
  return (
    <>
      <p>
        {label} <RiskMeter score={signal.score} max={max ?? 1} />{" "}
        <strong>{number(signal.score, 2)}</strong>
        {hint === undefined ? null : <span className="hint"> · {hint}</span>}
      </p>
      <ul>
        {signal.reasons.map((r) => (
          <li key={r.code}>{r.text}</li>
        ))}
      </ul>
      <p className="muted provenance">
        {t("subject.provenance", {
          algorithm: signal.provenance.algorithm,
          version: signal.provenance.version,
          size: signal.provenance.logSize,
        })}
      </p>
    </>
  );
}

/** A risk score in [0, max] as a small bar (the number beside it says the same). */
function RiskMeter({ score, max = 1 }: { readonly score: number; readonly max?: number }) {
  const clamped = Math.max(0, Math.min(1, score / max));
  return (
    <svg width="80" height="10" aria-hidden="true" className="risk-meter">
      <rect width="80" height="10" rx="5" fill="#e6e9ed" />
      <rect
        width={80 * clamped}
        height="10"
        rx="5"
        fill={clamped > 0.66 ? "#b42318" : clamped > 0.33 ? "#b34700" : "#0f7a5f"}
      />
    </svg>
  );
}

function Signals({ signals }: { readonly signals: SignalsJson }) {
  const { t, number } = useI18n();
  const top = signals.signals.filter((s) => s.score > 0).slice(0, 10);
  return (
    <Section title={t("moderation.signalsTitle")}>
      <p className="hint">{t("moderation.signalsHint")}</p>
      {top.length === 0 ? <p>{t("moderation.noSignals")}</p> : null}
      <ul className="cards">
        {top.map((s) => (
          <li key={s.member}>
            <Pseudonym id={s.member} /> <RiskMeter score={s.score} /> {number(s.score, 2)}
            <ul>
              {s.reasons.map((r) => (
                <li key={r.code}>{r.text}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted provenance">
        {t("subject.provenance", {
          algorithm: signals.provenance.algorithm,
          version: signals.provenance.version,
          size: signals.provenance.logSize,
        })}
      </p>
    </Section>
  );
}

function AppealCard(props: {
  readonly space: string;
  readonly appeal: AppealJson;
  readonly apiKey: string;
  readonly onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { space, appeal, apiKey, onDone } = props;
  const [load] = useLoad(
    async (signal) =>
      appeal.target.kind === "decision"
        ? getDecision(space, appeal.target.id, apiKey, signal)
        : null,
    [space, appeal.target.kind, appeal.target.id, apiKey],
  );
  return (
    <article className="card" aria-labelledby={`appeal-${appeal.appeal}`}>
      <h3 id={`appeal-${appeal.appeal}`}>
        {t("appeal.against", {
          kind: t(`appeal.kind.${appeal.target.kind}` as "appeal.kind.decision"),
          id: appeal.target.id,
        })}
      </h3>
      <p className="meta">
        {appeal.appellant === null ? null : (
          <>
            {t("appeal.by")} <Pseudonym id={appeal.appellant} /> ·{" "}
          </>
        )}
        <When ms={appeal.filedAt} withTime />
      </p>
      {appeal.explanation === null ? null : <p className="quote">“{appeal.explanation}”</p>}
      <Loaded load={load}>
        {(decision) =>
          decision === null ? null : (
            <p className="muted">
              {t("appeal.decisionWas", {
                ground: dsaLabel(String(decision.statement.decisionGround ?? ""), lang),
                category: dsaLabel(String(decision.statement.category ?? ""), lang),
              })}
              {decision.texts?.decisionFacts === undefined
                ? ""
                : ` — “${decision.texts.decisionFacts}”`}
            </p>
          )
        }
      </Loaded>
      <AppealDecisionForm space={space} appeal={appeal.appeal} apiKey={apiKey} onDone={onDone} />
    </article>
  );
}
