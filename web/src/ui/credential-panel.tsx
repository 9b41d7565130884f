/**
 * Portable reputation, on My data: request a credential of one's reputation (SD-JWT VC) bound to a key
 * made in this page, see each claim and exactly what disclosing it reveals (the disclosure itself,
 * decoded), choose what to disclose, and present it to the server's verifier to see what a verifier
 * would learn. The holder key cannot leave the browser: it is kept with the credential in this
 * browser's IndexedDB as a non-extractable CryptoKey (credentials/wallet.ts), so the My data page of
 * another space of this server can present it there as a prior (prior-import.tsx).
 */
import { useCallback, useState } from "react";
import {
  type IssuedCredential,
  requestCredentials,
  type VerificationReport,
  verifyPresentation,
} from "../api/space-api.js";
import { type HolderKey, newHolderKey, present, readDisclosure } from "../credentials/holder.js";
import { keepCredential } from "../credentials/wallet.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorNotice, Section } from "./parts.js";
import { useSubmit } from "./use-submit.js";

/** The portable reputation section of `space` for the member with `token`. */
export function CredentialPanel({
  space,
  token,
}: {
  readonly space: string;
  readonly token: string;
}) {
  const { t } = useI18n();
  const [held, setHeld] = useState<{
    key: HolderKey;
    issued: IssuedCredential;
    kept: boolean;
  } | null>(null);
  const request = useCallback(
    async (idempotencyKey: string) => {
      const key = await newHolderKey();
      const { credentials } = await requestCredentials(
        space,
        [key.publicJwk],
        token,
        idempotencyKey,
      );
      const issued = credentials[0];
      if (issued === undefined) throw new Error("no credential was issued");
      const kept = await keepCredential({
        id: `${space}#${issued.statusIndex}`,
        space,
        credential: issued.credential,
        claims: issued.claims,
        expiresAt: issued.expiresAt,
        key,
        keptAt: Date.now(),
      }).then(
        () => true,
        () => false,
      );
      return { key, issued, kept };
    },
    [space, token],
  );
  const [submission, submit] = useSubmit(request, setHeld);
  return (
    <Section title={t("credential.title")}>
      <p>{t("credential.lead")}</p>
      <button type="button" onClick={() => void submit()} disabled={submission.state === "pending"}>
        {held === null ? t("credential.request") : t("credential.requestAnother")}
      </button>
      {submission.state === "error" ? <ErrorNotice error={submission.error} /> : null}
      {held === null ? null : <Disclosures held={held} />}
    </Section>
  );
}

function Disclosures({
  held,
}: {
  readonly held: { key: HolderKey; issued: IssuedCredential; kept: boolean };
}) {
  const { t, date } = useI18n();
  const { issued, key } = held;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const check = useCallback(async () => {
    setError(null);
    setReport(null);
    try {
      const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
        b.toString(16).padStart(2, "0"),
      ).join("");
      const disclosures = issued.claims.filter((c) => chosen.has(c.claim)).map((c) => c.disclosure);
      const presentation = await present(
        issued.credential,
        disclosures,
        key,
        location.origin,
        nonce,
      );
      setReport(await verifyPresentation(presentation, location.origin, nonce));
    } catch (e) {
      setError(e as Error);
    }
  }, [issued, key, chosen]);
  return (
    <>
      <p className="notice success" role="status">
        {t("credential.issued", {
          until: date(issued.expiresAt * 1000),
          index: issued.statusIndex,
        })}{" "}
        <span data-testid="credential-kept">
          {held.kept ? t("credential.kept") : t("credential.notKept")}
        </span>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("credential.disclose")}</th>
            <th scope="col">{t("credential.claim")}</th>
            <th scope="col">{t("credential.reveals")}</th>
            <th scope="col">{t("credential.disclosure")}</th>
          </tr>
        </thead>
        <tbody>
          {issued.claims.map((c) => {
            const opened = readDisclosure(c.disclosure);
            return (
              <tr key={c.claim}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("credential.discloseClaim", { claim: c.claim })}
                    checked={chosen.has(c.claim)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(c.claim);
                      else next.delete(c.claim);
                      setChosen(next);
                    }}
                  />
                </td>
                <td>
                  <code>{c.claim}</code>
                </td>
                <td>{revealText(c.claim, c.value, t, date)}</td>
                <td>
                  <code className="hash">
                    {opened === null
                      ? c.disclosure
                      : JSON.stringify([opened.salt, opened.name, opened.value])}
                  </code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">{t("credential.always")}</p>
      <p>
        <button type="button" className="secondary" onClick={() => void check()}>
          {t("credential.present")}
        </button>
      </p>
      {error === null ? null : <ErrorNotice error={error} />}
      {report === null ? null : (
        <div className="notice success" role="status" data-testid="credential-report">
          <p>{t("credential.verified", { issuer: report.issuer })}</p>
          <ul>
            {report.proves.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** What disclosing `claim` tells a verifier, in words. */
function revealText(
  claim: string,
  value: unknown,
  t: ReturnType<typeof useI18n>["t"],
  date: (ms: number) => string,
): string {
  if (claim === "space") return t("credential.reveals.space", { space: String(value) });
  if (claim === "member_since" && typeof value === "number")
    return t("credential.reveals.since", { date: date(value * 1000) });
  const rating = /^rating_at_least_(\d+)(?:_(\d+))?$/.exec(claim);
  if (rating !== null)
    return t("credential.reveals.rating", {
      n: rating[2] === undefined ? (rating[1] ?? "") : `${rating[1]}.${rating[2]}`,
    });
  const reviews = /^reviews_at_least_(\d+)$/.exec(claim);
  if (reviews !== null) return t("credential.reveals.reviews", { n: reviews[1] ?? "" });
  return t("credential.reveals.other", { claim, value: JSON.stringify(value) });
}
