/**
 * A moderation decision with its statement of reasons (Art. 17 DSA), in the Transparency Database's
 * terms: what is restricted and how, on which ground (the law and why, or the clause of the terms and
 * why), the facts relied on, whether automated means detected or decided it, and where. When the
 * decision answers an alert, the alert is resolved with it and its sender told (Art. 16(5)).
 */
import { useCallback, useState } from "react";
import {
  AUTOMATED_DECISION,
  DECISION_GROUND,
  DECISION_VISIBILITY,
  STATEMENT_CATEGORY,
  TERRITORIAL_SCOPE,
} from "../../../src/domain/dsa.js";
import { makeDecision, resolveAlert } from "../api/space-api.js";
import type { Target } from "../api/types.js";
import { dsaLabel } from "../i18n/dsa-labels.js";
import { useI18n } from "../i18n/i18n.js";
import { Field, SubmissionStatus } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The form deciding on `target` (and resolving `alert` when given). */
export function DecisionForm(props: {
  readonly space: string;
  readonly apiKey: string;
  readonly target: Target;
  readonly alert: { readonly id: string; readonly category: string } | null;
  readonly onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { space, apiKey, target, alert, onDone } = props;
  const [ground, setGround] = useState<string>("DECISION_GROUND_INCOMPATIBLE_CONTENT");
  const [category, setCategory] = useState<string>(
    alert?.category ?? "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
  );
  const [visibility, setVisibility] = useState<readonly string[]>([
    "DECISION_VISIBILITY_CONTENT_REMOVED",
  ]);
  const [legalGround, setLegalGround] = useState("");
  const [explanation, setExplanation] = useState("");
  const [facts, setFacts] = useState("");
  const [automatedDetection, setAutomatedDetection] = useState(false);
  const [automatedDecision, setAutomatedDecision] = useState<string>(
    "AUTOMATED_DECISION_NOT_AUTOMATED",
  );
  const [wholeEea, setWholeEea] = useState(true);
  const [scope, setScope] = useState<readonly string[]>([]);
  const [message, setMessage] = useState("");
  const illegal = ground === "DECISION_GROUND_ILLEGAL_CONTENT";
  const send = useCallback(
    async (key: string) => {
      const made = await makeDecision(
        space,
        {
          target,
          ...(alert === null ? {} : { alert: alert.id }),
          decisionGround: ground,
          category,
          territorialScope: wholeEea ? [...TERRITORIAL_SCOPE] : scope,
          decisionFacts: facts.trim(),
          automatedDetection,
          automatedDecision,
          ...(visibility.length === 0 ? {} : { decisionVisibility: visibility }),
          ...(illegal
            ? {
                illegalContentLegalGround: legalGround.trim(),
                illegalContentExplanation: explanation.trim(),
              }
            : {
                incompatibleContentGround: legalGround.trim(),
                incompatibleContentExplanation: explanation.trim(),
              }),
        },
        apiKey,
        key,
      );
      if (alert !== null) {
        await resolveAlert(
          space,
          alert.id,
          { outcome: "actioned", decision: made.decision, message: message.trim() },
          apiKey,
          `${key}-resolution`,
        );
      }
      return made;
    },
    [
      space,
      target,
      alert,
      ground,
      category,
      wholeEea,
      scope,
      facts,
      automatedDetection,
      automatedDecision,
      visibility,
      illegal,
      legalGround,
      explanation,
      message,
      apiKey,
    ],
  );
  const [submission, submit] = useSubmit(send, onDone);
  return (
    <form
      className="stacked decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t("decision.restriction")}</legend>
        {DECISION_VISIBILITY.map((v) => (
          <div className="check" key={v}>
            <input
              id={`vis-${v}`}
              type="checkbox"
              checked={visibility.includes(v)}
              onChange={(e) =>
                setVisibility(
                  e.target.checked ? [...visibility, v] : visibility.filter((x) => x !== v),
                )
              }
            />
            <label htmlFor={`vis-${v}`}>{dsaLabel(v, lang)}</label>
          </div>
        ))}
      </fieldset>
      <div className="row">
        <Field label={t("moderation.ground")}>
          {(f) => (
            <select {...f} value={ground} onChange={(e) => setGround(e.target.value)}>
              {DECISION_GROUND.map((g) => (
                <option key={g} value={g}>
                  {dsaLabel(g, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("moderation.category")}>
          {(f) => (
            <select {...f} value={category} onChange={(e) => setCategory(e.target.value)}>
              {STATEMENT_CATEGORY.map((c) => (
                <option key={c} value={c}>
                  {dsaLabel(c, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label={illegal ? t("decision.legalGround") : t("decision.termsGround")}
        hint={illegal ? t("decision.legalGroundHint") : t("decision.termsGroundHint")}
      >
        {(f) => (
          <input
            {...f}
            required
            maxLength={500}
            value={legalGround}
            onChange={(e) => setLegalGround(e.target.value)}
          />
        )}
      </Field>
      <Field label={illegal ? t("decision.illegalWhy") : t("decision.termsWhy")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={3}
            maxLength={2000}
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
          />
        )}
      </Field>
      <Field label={t("moderation.facts")} hint={t("decision.factsHint")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={3}
            maxLength={5000}
            value={facts}
            onChange={(e) => setFacts(e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <div className="check">
          <input
            id="auto-detect"
            type="checkbox"
            checked={automatedDetection}
            onChange={(e) => setAutomatedDetection(e.target.checked)}
          />
          <label htmlFor="auto-detect">{t("decision.automatedDetection")}</label>
        </div>
        <Field label={t("moderation.automation")}>
          {(f) => (
            <select
              {...f}
              value={automatedDecision}
              onChange={(e) => setAutomatedDecision(e.target.value)}
            >
              {AUTOMATED_DECISION.map((a) => (
                <option key={a} value={a}>
                  {dsaLabel(a, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend>{t("decision.territory")}</legend>
        <div className="check">
          <input
            id="whole-eea"
            type="checkbox"
            checked={wholeEea}
            onChange={(e) => setWholeEea(e.target.checked)}
          />
          <label htmlFor="whole-eea">{t("decision.wholeEea")}</label>
        </div>
        {wholeEea ? null : (
          <Field label={t("decision.states")}>
            {(f) => (
              <select
                {...f}
                multiple
                required
                size={6}
                value={[...scope]}
                onChange={(e) => setScope(Array.from(e.target.selectedOptions, (o) => o.value))}
              >
                {TERRITORIAL_SCOPE.map((c) => (
                  <option key={c} value={c}>
                    {new Intl.DisplayNames([lang], { type: "region" }).of(c) ?? c}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </fieldset>
      {alert === null ? null : (
        <Field label={t("decision.message")} hint={t("decision.messageHint")}>
          {(f) => (
            <textarea
              {...f}
              required
              rows={2}
              maxLength={20000}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          )}
        </Field>
      )}
      <button type="submit" disabled={submission.state === "pending"}>
        {t("decision.submit")}
      </button>
      <SubmissionStatus
        submission={submission}
        done={(v) => t("decision.done", { decision: v.decision })}
      />
    </form>
  );
}

/** Resolving an alert without a decision: no action, or rejected, with the message its sender gets. */
export function ResolveForm(props: {
  readonly space: string;
  readonly apiKey: string;
  readonly alert: string;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { space, apiKey, alert, onDone } = props;
  const [outcome, setOutcome] = useState<"no-action" | "rejected">("no-action");
  const [message, setMessage] = useState("");
  const send = useCallback(
    (key: string) =>
      resolveAlert(space, alert, { outcome, decision: null, message: message.trim() }, apiKey, key),
    [space, alert, outcome, message, apiKey],
  );
  const [submission, submit] = useSubmit(send, onDone);
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label={t("resolve.outcome")}>
        {(f) => (
          <select
            {...f}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as "no-action")}
          >
            <option value="no-action">{t("outcome.no-action")}</option>
            <option value="rejected">{t("outcome.rejected")}</option>
          </select>
        )}
      </Field>
      <Field label={t("decision.message")} hint={t("decision.messageHint")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={2}
            maxLength={20000}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("resolve.submit")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("resolve.done")} />
    </form>
  );
}
