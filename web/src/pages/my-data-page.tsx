/**
 * My data (a member): what the space holds about them, readable (their member record, interactions,
 * reviews written and their states, vouches, alerts raised, decisions that concern them and their
 * appeals), the signed export archive to download (GET /me, issue 6), the reputation imported from
 * another space as a prior (and withdrawing it), and contesting a decision
 * (Art. 20 DSA) and following the appeal.
 */
import { useCallback, useState } from "react";
import { downloadWith } from "../api/download.js";
import {
  collect,
  getMember,
  listAppeals,
  listDecisions,
  listInteractions,
  listMyAlerts,
  listMyReviews,
  listVouches,
} from "../api/space-api.js";
import type { AppealJson, DecisionJson } from "../api/types.js";
import { dsaLabel } from "../i18n/dsa-labels.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages-en.js";
import { removedReviews } from "../model/removals.js";
import type { MemberSession } from "../session/session.js";
import { useSession } from "../session/session-context.js";
import { AppealForm } from "../ui/appeal-form.js";
import { CredentialPanel } from "../ui/credential-panel.js";
import { ExportView } from "../ui/export-view.js";
import { PageTitle } from "../ui/page-title.js";
import { ErrorNotice, Loaded, Pseudonym, Section, When } from "../ui/parts.js";
import { PriorPanel } from "../ui/prior-panel.js";
import { SignInFirst } from "../ui/sign-in-first.js";
import { useLoad } from "../ui/use-load.js";

/** The "my data" page of `space`. */
export function MyDataPage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <>
      <PageTitle sub={t("myData.lead")}>{t("myData.title")}</PageTitle>
      {session.member === null ? (
        <SignInFirst space={space} />
      ) : (
        <MyData space={space} member={session.member} />
      )}
    </>
  );
}

function MyData({ space, member }: { readonly space: string; readonly member: MemberSession }) {
  const { t, plural } = useI18n();
  const { token, member: me } = member;
  const [load, reload] = useLoad(
    async (signal) => {
      const all = <T,>(p: Promise<{ readonly items: readonly T[] }>) => p.then((r) => r.items);
      const [record, interactions, reviews, given, received, alerts, decisions, appeals] =
        await Promise.all([
          getMember(space, me, token, signal),
          all(collect((c) => listInteractions(space, me, c, token, signal), 1000)),
          all(collect((c) => listMyReviews(space, me, c, token, signal), 1000)),
          all(collect((c) => listVouches(space, me, "given", c, token, signal), 1000)),
          all(collect((c) => listVouches(space, me, "received", c, token, signal), 1000)),
          all(collect((c) => listMyAlerts(space, me, c, token, signal), 1000)),
          all(
            collect((c) => listDecisions(space, { cursor: c, affected: me }, token, signal), 1000),
          ),
          all(collect((c) => listAppeals(space, "all", c, token, signal), 1000)),
        ]);
      return { record, interactions, reviews, given, received, alerts, decisions, appeals };
    },
    [space, me, token],
  );
  return (
    <>
      <Archive space={space} token={token} />
      <CredentialPanel space={space} token={token} />
      <PriorPanel space={space} token={token} />
      <Loaded load={load}>
        {(d) => {
          const removed = removedReviews(d.decisions, Date.now());
          return (
            <>
              <Section title={t("myData.youTitle")}>
                <dl className="facts">
                  <dt>{t("myData.pseudonym")}</dt>
                  <dd>
                    <code>{d.record.member}</code>
                  </dd>
                  <dt>{t("myData.displayName")}</dt>
                  <dd>{d.record.displayName ?? t("myData.none")}</dd>
                  <dt>{t("myData.joined")}</dt>
                  <dd>
                    <When ms={d.record.joinedAt} />
                  </dd>
                </dl>
              </Section>
              <Section title={t("myData.summaryTitle")}>
                <ul className="plain">
                  <li>{plural("myData.interactions", d.interactions.length)}</li>
                  <li>
                    {plural("myData.reviews", d.reviews.length)} (
                    {(["sealed", "revealed", "withdrawn"] as const)
                      .map(
                        (s) =>
                          `${t(`reviewing.state.${s}` as MessageKey)}: ${d.reviews.filter((r) => r.state === s).length}`,
                      )
                      .join(", ")}
                    )
                  </li>
                  <li>{plural("myData.vouchesGiven", d.given.length)}</li>
                  <li>{plural("myData.vouchesReceived", d.received.length)}</li>
                  <li>{plural("myData.alerts", d.alerts.length)}</li>
                  <li>{plural("myData.decisions", d.decisions.length)}</li>
                  <li>{plural("myData.appeals", d.appeals.length)}</li>
                </ul>
              </Section>
              <Section title={t("myData.decisionsTitle")}>
                {d.decisions.length === 0 ? <p>{t("myData.noDecisions")}</p> : null}
                {d.decisions.map((decision) => (
                  <DecisionCard
                    key={decision.decision}
                    space={space}
                    token={token}
                    decision={decision}
                    appeal={
                      d.appeals.find(
                        (a) => a.target.kind === "decision" && a.target.id === decision.decision,
                      ) ?? null
                    }
                    onFiled={reload}
                  />
                ))}
              </Section>
              <Section title={t("myData.appealsTitle")}>
                {d.appeals.length === 0 ? (
                  <p>{t("myData.noAppeals")}</p>
                ) : (
                  <AppealList appeals={d.appeals} />
                )}
              </Section>
              <Section title={t("myData.reviewsTitle")}>
                {d.reviews.length === 0 ? <p>{t("myData.noReviews")}</p> : null}
                <ul className="cards">
                  {d.reviews.map((r) => (
                    <li key={r.review}>
                      <strong>
                        {removed.has(r.review) && r.state === "revealed"
                          ? t("reviewing.state.removed")
                          : t(`reviewing.state.${r.state}` as MessageKey)}
                      </strong>{" "}
                      · {r.subject} · <When ms={r.submittedAt} />
                      {r.overall === null ? null : ` · ${r.overall}`}
                      {r.text === null ? null : <span className="quote"> “{r.text}”</span>}
                    </li>
                  ))}
                </ul>
              </Section>
              <Section title={t("myData.interactionsTitle")}>
                {d.interactions.length === 0 ? <p>{t("myData.noInteractions")}</p> : null}
                <ul className="cards">
                  {d.interactions.map((i) => (
                    <li key={i.interaction}>
                      {i.kind ?? t("reviewing.interaction")} · <When ms={i.occurredAt} /> ·{" "}
                      {i.parties.map((p) => (
                        <span key={p.member}>
                          {p.role}: <Pseudonym id={p.member} you={p.member === me} />{" "}
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function Archive({ space, token }: { readonly space: string; readonly token: string }) {
  const { t, number } = useI18n();
  const [state, setState] = useState<
    | { readonly kind: "idle" | "pending" }
    | { readonly kind: "done"; readonly bytes: number }
    | { readonly kind: "error"; readonly error: Error }
  >({ kind: "idle" });
  const download = useCallback(
    async (scope: "full" | "portable") => {
      setState({ kind: "pending" });
      try {
        const bytes = await downloadWith(
          `/v1/spaces/${encodeURIComponent(space)}/me${scope === "portable" ? "?scope=portable" : ""}`,
          token,
          `${space}-${scope === "portable" ? "portable" : "export"}.zip`,
        );
        setState({ kind: "done", bytes });
      } catch (e) {
        setState({ kind: "error", error: e as Error });
      }
    },
    [space, token],
  );
  return (
    <Section title={t("myData.archiveTitle")}>
      <p>{t("myData.archiveText")}</p>
      <p className="row">
        <button
          type="button"
          onClick={() => void download("full")}
          disabled={state.kind === "pending"}
        >
          {t("myData.downloadFull")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => void download("portable")}
          disabled={state.kind === "pending"}
        >
          {t("myData.downloadPortable")}
        </button>
      </p>
      {state.kind === "pending" ? (
        <p role="status" className="muted">
          {t("common.sending")}
        </p>
      ) : null}
      {state.kind === "done" ? (
        <p role="status" className="notice success">
          {t("myData.downloaded", { kb: number(state.bytes / 1024, 1) })}
        </p>
      ) : null}
      {state.kind === "error" ? <ErrorNotice error={state.error} /> : null}
      <ExportView space={space} token={token} />
    </Section>
  );
}

function DecisionCard(props: {
  readonly space: string;
  readonly token: string;
  readonly decision: DecisionJson;
  readonly appeal: AppealJson | null;
  readonly onFiled: () => void;
}) {
  const { t, lang } = useI18n();
  const { space, token, decision, appeal, onFiled } = props;
  const [open, setOpen] = useState(false);
  const s = decision.statement;
  const appealUntil = typeof s.appealUntil === "number" ? s.appealUntil : null;
  const canAppeal =
    appeal === null &&
    decision.reversedBy === null &&
    (appealUntil === null || Date.now() < appealUntil);
  const visibility = Array.isArray(s.decisionVisibility) ? (s.decisionVisibility as string[]) : [];
  return (
    <article className="card" aria-labelledby={`decision-${decision.decision}`}>
      <h3 id={`decision-${decision.decision}`}>
        {t("myData.decisionOn", { kind: s.target?.kind ?? "?", id: s.target?.id ?? "?" })}
      </h3>
      <dl className="facts">
        <dt>{t("moderation.madeAt")}</dt>
        <dd>
          <When ms={decision.madeAt} withTime />
        </dd>
        <dt>{t("moderation.ground")}</dt>
        <dd>{s.decisionGround === undefined ? "—" : dsaLabel(s.decisionGround, lang)}</dd>
        <dt>{t("moderation.category")}</dt>
        <dd>{s.category === undefined ? "—" : dsaLabel(s.category, lang)}</dd>
        {visibility.length === 0 ? null : (
          <>
            <dt>{t("moderation.visibility")}</dt>
            <dd>{visibility.map((v) => dsaLabel(v, lang)).join(", ")}</dd>
          </>
        )}
        <dt>{t("moderation.automation")}</dt>
        <dd>{s.automatedDecision === undefined ? "—" : dsaLabel(s.automatedDecision, lang)}</dd>
        {decision.texts?.decisionFacts === undefined ? null : (
          <>
            <dt>{t("moderation.facts")}</dt>
            <dd>{decision.texts.decisionFacts}</dd>
          </>
        )}
        {appealUntil === null ? null : (
          <>
            <dt>{t("myData.appealUntil")}</dt>
            <dd>
              <When ms={appealUntil} />
            </dd>
          </>
        )}
      </dl>
      {decision.reversedBy === null ? null : (
        <p className="notice success">{t("myData.reversed")}</p>
      )}
      {appeal !== null ? (
        <p>
          {t("myData.appealFiled", {
            appeal: appeal.appeal,
            state: appeal.outcome ?? t("appeal.pending"),
          })}
        </p>
      ) : canAppeal ? (
        open ? (
          <AppealForm
            space={space}
            token={token}
            target={{ kind: "decision", id: decision.decision }}
            onFiled={onFiled}
          />
        ) : (
          <button type="button" onClick={() => setOpen(true)}>
            {t("myData.contest")}
          </button>
        )
      ) : null}
    </article>
  );
}

function AppealList({ appeals }: { readonly appeals: readonly AppealJson[] }) {
  const { t } = useI18n();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("appeal.id")}</th>
          <th scope="col">{t("appeal.target")}</th>
          <th scope="col">{t("appeal.filed")}</th>
          <th scope="col">{t("appeal.state")}</th>
          <th scope="col">{t("appeal.reasons")}</th>
        </tr>
      </thead>
      <tbody>
        {appeals.map((a) => (
          <tr key={a.appeal}>
            <td>
              <code>{a.appeal}</code>
            </td>
            <td>
              {t(`appeal.kind.${a.target.kind}` as MessageKey)} <code>{a.target.id}</code>
            </td>
            <td>
              <When ms={a.filedAt} withTime />
            </td>
            <td>
              {a.outcome === null ? t("appeal.pending") : t(`outcome.${a.outcome}` as MessageKey)}
            </td>
            <td>{a.reasons ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
