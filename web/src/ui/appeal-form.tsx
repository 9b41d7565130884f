/**
 * Contesting a decision, or the resolution of one's own alert, through the internal complaint-handling
 * system (Art. 20 DSA): free of charge, decided by people, within the appeal window the decision names.
 */
import { useCallback, useState } from "react";
import { fileAppeal } from "../api/space-api.js";
import { useI18n } from "../i18n/i18n.js";
import { Field, SubmissionStatus } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The form contesting `target`. */
export function AppealForm(props: {
  readonly space: string;
  readonly token: string;
  readonly target: { readonly kind: "decision" | "alert"; readonly id: string };
  readonly onFiled?: () => void;
}) {
  const { t } = useI18n();
  const { space, token, target, onFiled } = props;
  const [explanation, setExplanation] = useState("");
  const send = useCallback(
    (key: string) =>
      fileAppeal(space, { target: { ...target }, explanation: explanation.trim() }, token, key),
    [space, target, explanation, token],
  );
  const [submission, submit] = useSubmit(send, () => onFiled?.());
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label={t("appeal.explanation")} hint={t("appeal.hint")}>
        {(f) => (
          <textarea
            {...f}
            required
            rows={4}
            maxLength={5000}
            value={explanation}
            onChange={(e) => setExplanation(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("appeal.submit")}
      </button>
      <SubmissionStatus
        submission={submission}
        done={(v) => t("appeal.done", { appeal: v.appeal })}
      />
    </form>
  );
}
