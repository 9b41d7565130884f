/**
 * The page's one h1: the target of focus after navigation (app.tsx) and the document's title.
 */
import { useEffect } from "react";

/** The heading of the page; also sets `document.title`. */
export function PageTitle({ children, sub }: { readonly children: string; readonly sub?: string }) {
  useEffect(() => {
    document.title = `${children} · Fabrique`;
  }, [children]);
  return (
    <div className="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {children}
      </h1>
      {sub === undefined ? null : <p className="lead">{sub}</p>}
    </div>
  );
}
