/**
 * A member's own records, for the member: the reviews they wrote (sealed ones included: the author may
 * see what they wrote and where it stands) and the alerts they raised (to follow what happened to each,
 * Art. 16(5) DSA), newest first, a page at a time. The HTTP layer serves them to the member alone.
 */
import type { AlertRecord, Parsed, ReviewRecord } from "../../../domain/index.js";
import type { Executor } from "../../schema.js";
import type { Keyset, Page, PageRequest } from "./pagination.js";
import { recordPage } from "./record-page.js";

const REVIEWS_BY_AUTHOR: Keyset = {
  name: "reviews.by-author",
  column: "submitted_at",
  direction: "desc",
};
const ALERTS_BY_REPORTER: Keyset = {
  name: "alerts.by-reporter",
  column: "raised_at",
  direction: "desc",
};

/**
 * The reviews `author` wrote in `space`, newest first, withdrawn and sealed ones included.
 *
 * @example const page = await listReviewsBy(db.kysely, "stays", member, { limit: 50 })
 */
export function listReviewsBy(
  db: Executor,
  space: string,
  author: string,
  request: PageRequest = {},
): Promise<Parsed<Page<ReviewRecord>>> {
  return recordPage(db, "review", space, REVIEWS_BY_AUTHOR, request, (eb) => [
    eb("author", "=", author),
  ]);
}

/**
 * The alerts `reporter` raised in `space`, newest first, pending and resolved.
 *
 * @example const page = await listAlertsBy(db.kysely, "stays", member)
 */
export function listAlertsBy(
  db: Executor,
  space: string,
  reporter: string,
  request: PageRequest = {},
): Promise<Parsed<Page<AlertRecord>>> {
  return recordPage(db, "alert", space, ALERTS_BY_REPORTER, request, (eb) => [
    eb("reporter", "=", reporter),
  ]);
}
