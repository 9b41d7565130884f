/**
 * The space's policy as moderators need it (public, in the log with every change): the rules in words,
 * the whole policy as JSON, and, for an admin key, a change (PATCH policy: top-level members replace the
 * current ones; the domain refuses a bad value and names the rule).
 */
import { useCallback, useState } from "react";
import { changePolicy } from "../api/space-api.js";
import type { SpaceJson } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import type { ModeratorSession } from "../session/session.js";
import { Field, Pseudonym, Section, SubmissionStatus } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The policy section of the moderation console. */
export function PolicyPanel(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly moderator: ModeratorSession;
  readonly onChanged: () => void;
}) {
  const { t, plural } = useI18n();
  const { space, info, moderator, onChanged } = props;
  const p = info.policy;
  return (
    <Section title={t("policy.title", { v: info.policyVersion })}>
      <dl className="facts">
        <dt>{t("space.scale")}</dt>
        <dd>{t("space.scaleValue", { min: p.rating.min, max: p.rating.max })}</dd>
        <dt>{t("space.doubleBlind")}</dt>
        <dd>{plural("space.days", p.doubleBlindDays)}</dd>
        <dt>{t("policy.reviewDeadline")}</dt>
        <dd>
          {p.reviewDeadlineDays === null
            ? t("policy.none")
            : plural("space.days", p.reviewDeadlineDays)}
        </dd>
        <dt>{t("space.unverified")}</dt>
        <dd>
          {t(`space.unverified.${p.unverified.accept}` as "space.unverified.none")} (
          {p.unverified.label})
        </dd>
        <dt>{t("policy.vouchExpiry")}</dt>
        <dd>
          {p.vouching.expiryDays === null
            ? t("vouching.never")
            : plural("space.days", p.vouching.expiryDays)}
        </dd>
        <dt>{t("space.appealWindow")}</dt>
        <dd>{plural("space.days", p.appealWindowDays)}</dd>
        <dt>{t("policy.publishTexts")}</dt>
        <dd>{p.publish.decisionTexts === true ? t("common.yes") : t("common.no")}</dd>
        <dt>{t("policy.priors")}</dt>
        <dd>
          {p.priors === undefined || p.priors.accept.length === 0
            ? t("policy.priorsNone")
            : t("policy.priorsFrom", {
                names: p.priors.accept.map((i) => i.name).join(", "),
                max: p.priors.maxPseudoReviews,
              })}
        </dd>
        <dt>{t("policy.trustSeeds")}</dt>
        <dd>
          {p.trustSeeds === undefined || p.trustSeeds.length === 0
            ? t("policy.trustSeedsNone")
            : p.trustSeeds.map((m, i) => (
                <span key={m}>
                  {i === 0 ? null : ", "}
                  <Pseudonym id={m} />
                </span>
              ))}
        </dd>
      </dl>
      <details>
        <summary>{t("policy.json")}</summary>
        <pre className="code">{JSON.stringify(p, null, 2)}</pre>
      </details>
      {moderator.scopes.includes("admin") ? (
        <PolicyChange space={space} apiKey={moderator.key} onChanged={onChanged} />
      ) : null}
    </Section>
  );
}

function PolicyChange(props: {
  readonly space: string;
  readonly apiKey: string;
  readonly onChanged: () => void;
}) {
  const { t } = useI18n();
  const { space, apiKey, onChanged } = props;
  const [text, setText] = useState('{\n  "doubleBlindDays": 14\n}');
  const [invalid, setInvalid] = useState<string | null>(null);
  const send = useCallback(async () => {
    const changes: unknown = JSON.parse(text);
    if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
      throw new Error(t("policy.notObject"));
    }
    return changePolicy(space, changes as Record<string, unknown>, apiKey);
  }, [space, text, apiKey, t]);
  const [submission, submit] = useSubmit(send, onChanged);
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          JSON.parse(text);
          setInvalid(null);
          void submit();
        } catch (err) {
          setInvalid((err as Error).message);
        }
      }}
    >
      <Field label={t("policy.change")} hint={t("policy.changeHint")}>
        {(f) => (
          <textarea
            {...f}
            rows={5}
            spellCheck={false}
            className="code"
            aria-invalid={invalid !== null}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {invalid === null ? null : (
        <p className="field-error" role="alert">
          {t("policy.invalidJson", { why: invalid })}
        </p>
      )}
      <button type="submit" disabled={submission.state === "pending"}>
        {t("policy.apply")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("policy.applied")} />
    </form>
  );
}
