/**
 * Deciding an appeal (Art. 20 DSA): upheld or reversed, with the reasons the appellant gets, and the
 * statement that people, not only automated means, reviewed it (Art. 20(6)); reversing lifts the
 * decision's restrictions.
 */
import { useCallback, useState } from "react";
import { decideAppeal } from "../api/space-api.js";
import { useI18n } from "../i18n/i18n.js";
import { Field, SubmissionStatus } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The form deciding `appeal`. */
export function AppealDecisionForm(props: {
  readonly space: string;
  readonly appeal: string;
  readonly apiKey: string;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { space, appeal, apiKey, onDone } = props;
  const [outcome, setOutcome] = useState<"upheld" | "reversed">("upheld");
  const [reasons, setReasons] = useState("");
  const [human, setHuman] = useState(false);
  const send = useCallback(
    (key: string) =>
      decideAppeal(
        space,
        appeal,
        { outcome, reasons: reasons.trim(), humanReviewed: human },
        apiKey,
        key,
      ),
    [space, appeal, outcome, reasons, human, apiKey],
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
      <fieldset className="row">
        <legend>{t("appeal.outcome")}</legend>
        {(["upheld", "reversed"] as const).map((o) => (
          <label key={o} className="radio">
            <input
              type="radio"
              name={`outcome-${appeal}`}
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />{" "}
            {t(`outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t("appeal.reasons")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={3}
            maxLength={20000}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
          />
        )}
      </Field>
      <div className="check">
        <input
          id={`human-${appeal}`}
          type="checkbox"
          required
          checked={human}
          onChange={(e) => setHuman(e.target.checked)}
        />
        <label htmlFor={`human-${appeal}`}>{t("appeal.humanReviewed")}</label>
      </div>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("appeal.decide")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("appeal.decided")} />
    </form>
  );
}
