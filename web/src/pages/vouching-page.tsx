/**
 * Vouching and vigilance (a member): vouch for someone within a scope the space allows (the space's
 * policy sets when vouches lapse), see and revoke the vouches given, see those received; raise an alert
 * (the Art. 16 form) and follow what happened to each alert raised, contesting a resolution if need be.
 */
import { useCallback, useState } from "react";
import {
  collect,
  getSpace,
  giveVouch,
  listMyAlerts,
  listVouches,
  revokeVouch,
} from "../api/space-api.js";
import type { ReporterAlertJson, SpaceJson, VouchJson } from "../api/types.js";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages-en.js";
import type { MemberSession } from "../session/session.js";
import { useSession } from "../session/session-context.js";
import { AlertForm } from "../ui/alert-form.js";
import { AppealForm } from "../ui/appeal-form.js";
import { PageTitle } from "../ui/page-title.js";
import { Field, Loaded, Pseudonym, Section, SubmissionStatus, When } from "../ui/parts.js";
import { SignInFirst } from "../ui/sign-in-first.js";
import { useLoad } from "../ui/use-load.js";
import { useSubmit } from "../ui/use-submit.js";

const MEMBER_ID = "^[A-Za-z0-9_\\-]{21}[AQgw]$";

/** The vouching and vigilance page of `space`. */
export function VouchingPage({ space }: { readonly space: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <>
      <PageTitle sub={t("vouching.lead")}>{t("vouching.title")}</PageTitle>
      {session.member === null ? (
        <SignInFirst space={space} />
      ) : (
        <Vouching space={space} member={session.member} />
      )}
    </>
  );
}

function Vouching({ space, member }: { readonly space: string; readonly member: MemberSession }) {
  const { t } = useI18n();
  const { token, member: me } = member;
  const [load, reload] = useLoad(
    async (signal) => {
      const [info, given, received, alerts] = await Promise.all([
        getSpace(space, signal),
        collect((c) => listVouches(space, me, "given", c, token, signal), 500),
        collect((c) => listVouches(space, me, "received", c, token, signal), 500),
        collect((c) => listMyAlerts(space, me, c, token, signal), 500),
      ]);
      return { info, given: given.items, received: received.items, alerts: alerts.items };
    },
    [space, me, token],
  );
  return (
    <Loaded load={load}>
      {({ info, given, received, alerts }) => (
        <>
          <Section title={t("vouching.giveTitle")}>
            {info.policy.vouching.enabled ? (
              <VouchForm space={space} info={info} token={token} onDone={reload} />
            ) : (
              <p>{t("space.vouchingOff")}</p>
            )}
          </Section>
          <Section title={t("vouching.givenTitle")}>
            <VouchList
              space={space}
              info={info}
              vouches={given}
              token={token}
              mine
              onChanged={reload}
            />
          </Section>
          <Section title={t("vouching.receivedTitle")}>
            <VouchList
              space={space}
              info={info}
              vouches={received}
              token={token}
              onChanged={reload}
            />
          </Section>
          <Section title={t("vouching.alertTitle")}>
            <p className="hint">{t("vouching.alertHint")}</p>
            <AlertForm space={space} token={token} onRaised={reload} />
          </Section>
          <Section title={t("vouching.myAlertsTitle")}>
            <MyAlerts space={space} alerts={alerts} token={token} />
          </Section>
        </>
      )}
    </Loaded>
  );
}

function VouchForm(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly token: string;
  readonly onDone: () => void;
}) {
  const { t, plural } = useI18n();
  const { space, info, token, onDone } = props;
  const scopes = info.policy.vouching.scopes;
  const [vouchee, setVouchee] = useState("");
  const [scope, setScope] = useState(scopes[0]?.key ?? "");
  const [note, setNote] = useState("");
  // An optional end date (yyyy-mm-dd): the vouch lapses at the end of that day, UTC.
  const [until, setUntil] = useState("");
  const send = useCallback(
    (key: string) =>
      giveVouch(
        space,
        {
          vouchee: vouchee.trim(),
          scope,
          ...(note.trim() === "" ? {} : { note: note.trim() }),
          ...(until === "" ? {} : { expiresAt: Date.parse(`${until}T23:59:59.999Z`) }),
        },
        token,
        key,
      ),
    [space, vouchee, scope, note, until, token],
  );
  const [submission, submit] = useSubmit(send, onDone);
  const expiry = info.policy.vouching.expiryDays;
  const today = new Date().toISOString().slice(0, 10);
  const lastDay =
    expiry === null
      ? undefined
      : new Date(Date.now() + expiry * 86_400_000).toISOString().slice(0, 10);
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="row">
        <Field label={t("vouching.vouchee")} hint={t("vouching.voucheeHint")}>
          {(f) => (
            <input
              {...f}
              required
              pattern={MEMBER_ID}
              spellCheck={false}
              autoComplete="off"
              value={vouchee}
              onChange={(e) => setVouchee(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("vouching.scope")}>
          {(f) => (
            <select {...f} value={scope} onChange={(e) => setScope(e.target.value)}>
              {scopes.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t("vouching.note")} hint={t("vouching.noteHint")}>
        {(f) => (
          <textarea
            {...f}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <Field label={t("vouching.until")} hint={t("vouching.untilHint")}>
        {(f) => (
          <input
            {...f}
            type="date"
            min={today}
            {...(lastDay === undefined ? {} : { max: lastDay })}
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        )}
      </Field>
      <p className="hint">
        {expiry === null
          ? t("vouching.noExpiry")
          : t("vouching.expiry", { days: plural("space.days", expiry) })}
      </p>
      <button type="submit" disabled={submission.state === "pending"}>
        {t("vouching.give")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("vouching.given")} />
    </form>
  );
}

function vouchState(v: VouchJson, now: number): "active" | "revoked" | "expired" | "removed" {
  if (v.removed) return "removed";
  if (v.revokedAt !== null) return "revoked";
  if (v.expiresAt !== null && v.expiresAt <= now) return "expired";
  return "active";
}

function VouchList(props: {
  readonly space: string;
  readonly info: SpaceJson;
  readonly vouches: readonly VouchJson[];
  readonly token: string;
  readonly mine?: boolean;
  readonly onChanged: () => void;
}) {
  const { t } = useI18n();
  const { space, info, vouches, token, mine, onChanged } = props;
  if (vouches.length === 0)
    return <p>{mine === true ? t("vouching.noneGiven") : t("vouching.noneReceived")}</p>;
  const now = Date.now();
  const scopeLabel = (key: string) =>
    info.policy.vouching.scopes.find((s) => s.key === key)?.label ?? key;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{mine === true ? t("vouching.for") : t("vouching.from")}</th>
          <th scope="col">{t("vouching.scope")}</th>
          <th scope="col">{t("vouching.givenOn")}</th>
          <th scope="col">{t("vouching.expiresOn")}</th>
          <th scope="col">{t("vouching.state")}</th>
          {mine === true ? <th scope="col">{t("vouching.actions")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {vouches.map((v) => {
          const state = vouchState(v, now);
          return (
            <tr key={v.vouch}>
              <td>
                <Pseudonym id={mine === true ? v.vouchee : v.voucher} />
              </td>
              <td>{scopeLabel(v.scope)}</td>
              <td>
                <When ms={v.givenAt} />
              </td>
              <td>{v.expiresAt === null ? t("vouching.never") : <When ms={v.expiresAt} />}</td>
              <td>{t(`vouching.state.${state}` as MessageKey)}</td>
              {mine === true ? (
                <td>
                  {state === "active" ? (
                    <RevokeButton space={space} vouch={v.vouch} token={token} onDone={onChanged} />
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RevokeButton(props: {
  readonly space: string;
  readonly vouch: string;
  readonly token: string;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const { space, vouch, token, onDone } = props;
  const send = useCallback(() => revokeVouch(space, vouch, token), [space, vouch, token]);
  const [submission, submit] = useSubmit(send, onDone);
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => void submit()}
        disabled={submission.state === "pending"}
      >
        {t("vouching.revoke")}
      </button>
      <SubmissionStatus submission={submission} done={() => t("vouching.revoked")} />
    </>
  );
}

function MyAlerts(props: {
  readonly space: string;
  readonly alerts: readonly ReporterAlertJson[];
  readonly token: string;
}) {
  const { t } = useI18n();
  const { space, alerts, token } = props;
  const [contesting, setContesting] = useState<string | null>(null);
  if (alerts.length === 0) return <p>{t("vouching.noAlerts")}</p>;
  return (
    <ul className="cards">
      {alerts.map((a) => (
        <li key={a.id}>
          <p>
            <strong>{t("vouching.alertId", { id: a.id })}</strong> · {t("vouching.raised")}{" "}
            <When ms={a.raisedAt} withTime />
          </p>
          <p>
            <span className={a.status === "pending" ? "tag sealed" : "tag ok"}>
              {t(`vouching.alert.${a.status}` as MessageKey)}
            </span>{" "}
            {a.outcome === null ? null : t(`outcome.${a.outcome}` as MessageKey)}
            {a.resolvedAt === null ? null : (
              <>
                {" · "}
                <When ms={a.resolvedAt} withTime />
              </>
            )}
          </p>
          {a.message === null ? null : <p className="quote">“{a.message}”</p>}
          {a.decision === null ? null : (
            <p>{t("vouching.alertDecision", { decision: a.decision })}</p>
          )}
          {a.status === "resolved" && a.outcome !== "actioned" ? (
            contesting === a.id ? (
              <AppealForm space={space} token={token} target={{ kind: "alert", id: a.id }} />
            ) : (
              <button type="button" className="secondary" onClick={() => setContesting(a.id)}>
                {t("vouching.contest")}
              </button>
            )
          ) : null}
        </li>
      ))}
    </ul>
  );
}
