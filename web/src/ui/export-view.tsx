/**
 * A member's export archive read in the page: fetched with their token, opened and checked (the signed
 * manifest, every file's SHA-256; archive/open-export.ts), and every data file shown for people: its
 * title, what it holds, and each record's fields. Nothing of the archive is rendered as HTML: its
 * README.html is for reading offline; here the JSON is shown as text.
 */
import { useCallback, useState } from "react";
import { apiBytes } from "../api/client.js";
import { getLogKey } from "../api/space-api.js";
import { type OpenedExport, openExport } from "../archive/open-export.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorNotice } from "./parts.js";

const MAX_RECORDS_SHOWN = 200;

/** The "read it here" part of the archive section. */
export function ExportView({ space, token }: { readonly space: string; readonly token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<
    | { readonly kind: "idle" | "working" }
    | { readonly kind: "done"; readonly opened: OpenedExport }
    | { readonly kind: "error"; readonly error: Error }
  >({ kind: "idle" });
  const read = useCallback(async () => {
    setState({ kind: "working" });
    try {
      const [bytes, key] = await Promise.all([
        apiBytes({ path: `/v1/spaces/${encodeURIComponent(space)}/me`, credential: token }),
        getLogKey(space),
      ]);
      setState({ kind: "done", opened: await openExport(bytes, key) });
    } catch (e) {
      setState({ kind: "error", error: e as Error });
    }
  }, [space, token]);
  return (
    <>
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() => void read()}
          disabled={state.kind === "working"}
        >
          {t("export.read")}
        </button>
      </p>
      {state.kind === "working" ? (
        <p role="status" className="muted">
          {t("common.loading")}
        </p>
      ) : null}
      {state.kind === "error" ? <ErrorNotice error={state.error} /> : null}
      {state.kind === "done" ? <Opened opened={state.opened} /> : null}
    </>
  );
}

function Opened({ opened }: { readonly opened: OpenedExport }) {
  const { t, plural } = useI18n();
  return (
    <>
      <p className="notice success" role="status" data-testid="export-verified">
        {t("export.verified", {
          files: opened.verifiedFiles,
          receipts: opened.verifiedReceipts,
          at: opened.generatedAt,
        })}
      </p>
      {opened.files.map((f) => (
        <details key={f.path} className="explain">
          <summary>
            {f.title} <span className="muted">({plural("export.records", f.records.length)})</span>
          </summary>
          <p className="hint">
            {f.description} <code>{f.path}</code>
          </p>
          {f.records.length === 0 ? <p>{t("export.none")}</p> : null}
          <ol className="records">
            {f.records.slice(0, MAX_RECORDS_SHOWN).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: records are shown in the file's order
              <li key={i}>
                <dl className="facts">
                  {Object.entries(r).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{typeof v === "string" ? v : <code>{JSON.stringify(v)}</code>}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
          {f.records.length > MAX_RECORDS_SHOWN ? (
            <p className="muted">{t("export.more", { n: MAX_RECORDS_SHOWN })}</p>
          ) : null}
        </details>
      ))}
    </>
  );
}
