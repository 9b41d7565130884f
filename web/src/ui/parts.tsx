/**
 * Small pieces every page uses: the states of a read (loading, refused, failed), pseudonyms, times,
 * and form fields that always carry their label and their error.
 */
import { type ReactNode, useId } from "react";
import { ApiError } from "../api/problem.js";
import { useI18n } from "../i18n/i18n.js";
import type { Load } from "./use-load.js";
import type { Submission } from "./use-submit.js";

/**
 * Renders `load`: a status while loading, the error when it failed, else `children(value)`.
 *
 * @example <Loaded load={space}>{(s) => <h1>{s.name}</h1>}</Loaded>
 */
export function Loaded<T>({
  load,
  children,
}: {
  readonly load: Load<T>;
  readonly children: (value: T) => ReactNode;
}) {
  switch (load.state) {
    case "loading":
      return <Loading />;
    case "error":
      return <ErrorNotice error={load.error} />;
    case "ok":
      return <>{children(load.value)}</>;
  }
}

/** A polite "loading" status. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t("common.loading")}
    </p>
  );
}

/** An error, announced to screen readers, with the server's reason and its code. */
export function ErrorNotice({ error }: { readonly error: Error }) {
  const { t } = useI18n();
  const api = error instanceof ApiError ? error : null;
  const heading =
    api === null
      ? t("error.generic")
      : api.status === 0
        ? t("error.network")
        : api.status === 401
          ? t("error.unauthenticated")
          : api.status === 403
            ? t("error.forbidden")
            : api.status === 404
              ? t("error.notFound")
              : t("error.refused");
  return (
    <div className="notice error" role="alert">
      <strong>{heading}</strong> <span>{error.message}</span>
      {api !== null && api.status !== 0 ? (
        <span className="muted">
          {" "}
          ({api.code}
          {api.rule === undefined ? "" : `, ${api.rule}`})
        </span>
      ) : null}
    </div>
  );
}

/** What happened to a form: nothing yet, sending, its success message, or the refusal. */
export function SubmissionStatus<T>({
  submission,
  done,
}: {
  readonly submission: Submission<T>;
  readonly done: (value: T) => ReactNode;
}) {
  const { t } = useI18n();
  switch (submission.state) {
    case "idle":
      return null;
    case "pending":
      return (
        <p className="muted" role="status">
          {t("common.sending")}
        </p>
      );
    case "done":
      return (
        <div className="notice success" role="status">
          {done(submission.value)}
        </div>
      );
    case "error":
      return <ErrorNotice error={submission.error} />;
  }
}

/** A member's pseudonym, shortened, with the whole id for copying and for screen readers. */
export function Pseudonym({ id, you }: { readonly id: string; readonly you?: boolean }) {
  const { t } = useI18n();
  const short = id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
  return (
    <span className="pseudonym" title={id}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{id}</span>
      {you === true ? <span className="tag">{t("common.you")}</span> : null}
    </span>
  );
}

/** A moment, formatted in the reader's language, machine-readable in `datetime`. */
export function When({ ms, withTime }: { readonly ms: number; readonly withTime?: boolean }) {
  const { date, dateTime } = useI18n();
  return (
    <time dateTime={new Date(ms).toISOString()}>{withTime === true ? dateTime(ms) : date(ms)}</time>
  );
}

/** A labelled form control; `hint` and `error` are tied to it for assistive technology. */
export function Field({
  label,
  hint,
  children,
}: {
  readonly label: string;
  readonly hint?: string;
  readonly children: (props: { id: string; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(hint === undefined ? {} : { "aria-describedby": hintId }) })}
      {hint === undefined ? null : (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A section with its heading, named by it for landmarks navigation. */
export function Section({
  title,
  children,
  level = 2,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly level?: 2 | 3;
}) {
  const id = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );
}
