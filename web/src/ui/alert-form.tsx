/**
 * The notice form of Art. 16 DSA: the exact item (16(2)(b)), why it is thought illegal or against the
 * terms (16(2)(a)), optionally the notifier's name and email (16(2)(c)), and the statement of good faith
 * (16(2)(d)). No CAPTCHA: a member token already says who is asking, and rate limits do the rest.
 */
import { useCallback, useState } from "react";
import { STATEMENT_CATEGORY } from "../../../src/domain/dsa.js";
import { raiseAlert } from "../api/space-api.js";
import type { Target } from "../api/types.js";
import { dsaLabel } from "../i18n/dsa-labels.js";
import { useI18n } from "../i18n/i18n.js";
import { Field, SubmissionStatus } from "./parts.js";
import { useSubmit } from "./use-submit.js";

const TARGET_KINDS: readonly Target["kind"][] = ["review", "reply", "subject", "member", "vouch"];

/** The form; `target` prefills (and fixes) what is reported. */
export function AlertForm({
  space,
  token,
  target,
  onRaised,
}: {
  readonly space: string;
  readonly token: string;
  readonly target?: Target;
  readonly onRaised?: (alert: string) => void;
}) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<Target["kind"]>(target?.kind ?? "review");
  const [id, setId] = useState(target?.id ?? "");
  const [category, setCategory] = useState<string>("STATEMENT_CATEGORY_SCAMS_AND_FRAUD");
  const [explanation, setExplanation] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [goodFaith, setGoodFaith] = useState(false);
  const send = useCallback(
    (key: string) =>
      raiseAlert(
        space,
        {
          target: { kind, id: id.trim() },
          category,
          explanation: explanation.trim(),
          goodFaith,
          ...(name.trim() !== "" || email.trim() !== ""
            ? { notifier: { name: name.trim(), email: email.trim() } }
            : {}),
        },
        token,
        key,
      ),
    [space, kind, id, category, explanation, goodFaith, name, email, token],
  );
  const [submission, submit] = useSubmit(send, (done) => onRaised?.(done.alert));
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {target === undefined ? (
        <div className="row">
          <Field label={t("alert.kind")}>
            {(f) => (
              <select
                {...f}
                value={kind}
                onChange={(e) => setKind(e.target.value as Target["kind"])}
              >
                {TARGET_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`alert.kind.${k}` as "alert.kind.review")}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("alert.id")} hint={t("alert.idHint")}>
            {(f) => (
              <input
                {...f}
                required
                pattern="[A-Za-z0-9._\-]{1,64}"
                value={id}
                onChange={(e) => setId(e.target.value)}
              />
            )}
          </Field>
        </div>
      ) : (
        <p>
          {t("alert.about", {
            kind: t(`alert.kind.${target.kind}` as "alert.kind.review"),
            id: target.id,
          })}
        </p>
      )}
      <Field label={t("alert.category")}>
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
      <Field label={t("alert.explanation")} hint={t("alert.explanationHint")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={4}
            maxLength={20000}
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>{t("alert.notifier")}</legend>
        <div className="row">
          <Field label={t("alert.name")}>
            {(f) => (
              <input
                {...f}
                autoComplete="name"
                maxLength={200}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("alert.email")}>
            {(f) => (
              <input
                {...f}
                type="email"
                autoComplete="email"
                maxLength={254}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <div className="check">
        <input
          id={`good-faith-${kind}-${target?.id ?? "any"}`}
          type="checkbox"
          required
          checked={goodFaith}
          onChange={(e) => setGoodFaith(e.target.checked)}
        />
        <label htmlFor={`good-faith-${kind}-${target?.id ?? "any"}`}>{t("alert.goodFaith")}</label>
      </div>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("alert.submit")}
      </button>
      <SubmissionStatus submission={submission} done={(v) => t("alert.done", { alert: v.alert })} />
    </form>
  );
}
