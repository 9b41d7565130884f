/**
 * The space's transparency report (public): what happened to reviews, notices, decisions and appeals,
 * in pictures (DSA Art. 15(1) sections), the machine-readable JSON the server computed, and the same
 * report recomputed in this browser from the public log, figure by figure, with what only the log shows
 * item by item (alert handling times, removals by reason).
 */
import { useState } from "react";
import { api } from "../api/client.js";
import { BarChart } from "../charts/bar-chart.js";
import { COLORS } from "../charts/figure.js";
import { dsaLabel } from "../i18n/dsa-labels.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages-en.js";
import { type RecomputedReport, recomputeReport, type ServedReport } from "../log/replay-report.js";
import { PageTitle } from "../ui/page-title.js";
import { Loaded, Section } from "../ui/parts.js";
import { useLoad } from "../ui/use-load.js";

/** The transparency page of `space`. */
export function TransparencyPage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const path = `/v1/spaces/${encodeURIComponent(space)}/transparency-report`;
  const [load] = useLoad((signal) => api<ServedReport>({ path, signal }), [path]);
  return (
    <>
      <PageTitle sub={t("transparency.lead")}>{t("transparency.title")}</PageTitle>
      <Loaded load={load}>
        {(report) => (
          <>
            <Headline report={report} path={path} />
            <Charts report={report} />
            <FromTheLog space={space} served={report} />
          </>
        )}
      </Loaded>
    </>
  );
}

function Headline({ report, path }: { readonly report: ServedReport; readonly path: string }) {
  const { t, number, dateTime } = useI18n();
  const hours = (h: number | null) =>
    h === null ? t("transparency.none") : t("transparency.hours", { h: number(h, 1) });
  return (
    <Section title={t("transparency.summaryTitle")}>
      <p className="muted">
        {t("transparency.asOf", { at: dateTime(report.now), size: number(report.logSize) })}
      </p>
      <dl className="stats">
        <div>
          <dt>{t("transparency.members")}</dt>
          <dd>{number(report.members.joined)}</dd>
        </div>
        <div>
          <dt>{t("transparency.reviews")}</dt>
          <dd>{number(report.reviews.submitted)}</dd>
        </div>
        <div>
          <dt>{t("transparency.notices")}</dt>
          <dd>{number(report.notices.received)}</dd>
        </div>
        <div>
          <dt>{t("transparency.decisions")}</dt>
          <dd>{number(report.decisions.total)}</dd>
        </div>
        <div>
          <dt>{t("transparency.appeals")}</dt>
          <dd>{number(report.appeals.filed)}</dd>
        </div>
        <div>
          <dt>{t("transparency.medianNotice")}</dt>
          <dd>{hours(report.notices.medianHoursToResolve)}</dd>
        </div>
        <div>
          <dt>{t("transparency.medianAppeal")}</dt>
          <dd>{hours(report.appeals.medianHoursToDecide)}</dd>
        </div>
      </dl>
      <p>
        <a href={path} type="application/json">
          {t("transparency.json")}
        </a>
      </p>
    </Section>
  );
}

function Charts({ report }: { readonly report: ServedReport }) {
  const { t, lang } = useI18n();
  const items = (counts: Readonly<Record<string, number>>, label: (k: string) => string) =>
    Object.entries(counts).map(([k, v]) => ({ label: label(k), value: v }));
  const word = (prefix: string) => (k: string) => {
    const key = `${prefix}.${k}` as MessageKey;
    const text = t(key);
    return text === key ? k : text;
  };
  const dsa = (k: string) => dsaLabel(k, lang);
  return (
    <>
      <Section title={t("transparency.reviewsTitle")}>
        <div className="columns">
          <BarChart
            caption={t("transparency.byState")}
            items={items(report.reviews.byState, word("state"))}
          />
          <BarChart
            caption={t("transparency.byRating")}
            items={Object.entries(report.reviews.publishedByRating)
              .sort(([a], [b]) => Number(b) - Number(a))
              .map(([k, v]) => ({ label: `${k} ★`, value: v }))}
            color={COLORS.secondary}
            ordered
          />
          <BarChart
            caption={t("transparency.byProvenance")}
            items={items(report.reviews.publishedByProvenance, word("provenance"))}
          />
          <BarChart
            caption={t("transparency.withdrawnByReason")}
            items={items(report.reviews.withdrawnByReason, word("withdrawn"))}
            color={COLORS.accent}
          />
        </div>
      </Section>
      <Section title={t("transparency.noticesTitle")}>
        <div className="columns">
          <BarChart
            caption={t("transparency.byCategory")}
            items={items(report.notices.byCategory, dsa)}
          />
          <BarChart
            caption={t("transparency.byOutcome")}
            items={items(report.notices.byOutcome, word("outcome"))}
            color={COLORS.secondary}
          />
        </div>
      </Section>
      <Section title={t("transparency.decisionsTitle")}>
        <div className="columns">
          <BarChart
            caption={t("transparency.byAutomation")}
            items={items(report.decisions.byAutomation, dsa)}
            color={COLORS.accent}
          />
          <BarChart
            caption={t("transparency.byGround")}
            items={items(report.decisions.byGround, dsa)}
          />
          <BarChart
            caption={t("transparency.byRestriction")}
            items={items(report.decisions.byRestriction, dsa)}
          />
          <BarChart
            caption={t("transparency.initiative")}
            items={[
              { label: t("transparency.onNotice"), value: report.decisions.onNotice },
              { label: t("transparency.ownInitiative"), value: report.decisions.ownInitiative },
            ]}
            color={COLORS.secondary}
          />
        </div>
      </Section>
      <Section title={t("transparency.appealsTitle")}>
        <div className="columns">
          <BarChart
            caption={t("transparency.appealOutcomes")}
            items={[
              ...items(report.appeals.byOutcome, word("outcome")),
              { label: t("appeal.pending"), value: report.appeals.pending },
            ]}
          />
        </div>
        <p>{t("transparency.reversed", { n: report.decisions.reversedOnAppeal })}</p>
      </Section>
    </>
  );
}

type Replay =
  | { readonly state: "working"; readonly done: number; readonly total: number }
  | { readonly state: "done"; readonly result: RecomputedReport };

function FromTheLog({ space, served }: { readonly space: string; readonly served: ServedReport }) {
  const { t, number, lang } = useI18n();
  const [progress, setProgress] = useState<Replay>({
    state: "working",
    done: 0,
    total: served.logSize,
  });
  const [load] = useLoad(async () => {
    const result = await recomputeReport(space, served, (done, total) =>
      setProgress({ state: "working", done, total }),
    );
    setProgress({ state: "done", result });
    return result;
  }, [space, served]);
  return (
    <Section title={t("transparency.logTitle")}>
      <p className="hint">{t("transparency.logHint")}</p>
      {load.state === "loading" && progress.state === "working" ? (
        <p role="status" className="muted">
          {t("transparency.replaying", {
            done: number(progress.done),
            total: number(progress.total),
          })}
        </p>
      ) : null}
      <Loaded load={load}>
        {(r) => {
          const differ = r.figures.filter((f) => !f.agrees);
          const hours = [...r.handlingHours].sort((a, b) => a - b);
          return (
            <>
              <p
                className={
                  differ.length === 0 && r.findings.length === 0 ? "notice success" : "notice error"
                }
                role="status"
                data-testid="replay-verdict"
              >
                {differ.length === 0
                  ? t("transparency.agree", { n: r.figures.length, size: number(served.logSize) })
                  : t("transparency.disagree", { n: differ.length, total: r.figures.length })}
              </p>
              {differ.length === 0 ? null : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("transparency.figure")}</th>
                      <th scope="col">{t("transparency.fromLog")}</th>
                      <th scope="col">{t("transparency.served")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {differ.map((f) => (
                      <tr key={f.name}>
                        <td>
                          <code>{f.name}</code>
                        </td>
                        <td>{f.log ?? "—"}</td>
                        <td>{f.served ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {r.findings.length === 0 ? null : (
                <ul>
                  {r.findings.map((f) => (
                    <li key={`${f.index}-${f.problem}`}>
                      #{f.index}: {f.problem}
                    </li>
                  ))}
                </ul>
              )}
              <div className="columns">
                <BarChart
                  caption={t("transparency.handlingTimes")}
                  items={hours.map((h, i) => ({
                    label: t("transparency.alertN", { n: i + 1 }),
                    value: Number(h.toFixed(2)),
                  }))}
                  color={COLORS.accent}
                />
                <BarChart
                  caption={t("transparency.removedByReason")}
                  items={Object.entries(r.removedByCategory).map(([k, v]) => ({
                    label: dsaLabel(k, lang),
                    value: v,
                  }))}
                />
                <BarChart
                  caption={t("transparency.entriesByType")}
                  items={Object.entries(r.types).map(([k, v]) => ({ label: k, value: v }))}
                  color={COLORS.secondary}
                />
              </div>
              <p>
                <a
                  href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ space, logSize: served.logSize, ...r.report }, null, 2))}`}
                  download={`${space}-transparency-from-log.json`}
                >
                  {t("transparency.downloadRecomputed")}
                </a>
              </p>
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}
