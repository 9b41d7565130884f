/**
 * Read queries of moderation: the alert queue, decisions and appeals, a page at a time. Records hold
 * private fields (explanations, notifiers' names and emails, texts): these serve the operator's
 * moderators; a notifier sees their alert through the domain's reporterAlertView.
 */
import type { AlertRecord, AppealRecord, DecisionRecord, Parsed } from "../../../domain/index.js";
import type { Executor } from "../../schema.js";
import type { Keyset, Page, PageRequest } from "./pagination.js";
import { type RecordFilter, recordPage } from "./record-page.js";

const ALERTS: Keyset = { name: "alerts", column: "raised_at", direction: "asc" };
const DECISIONS: Keyset = { name: "decisions", column: "made_at", direction: "desc" };
const APPEALS: Keyset = { name: "appeals", column: "filed_at", direction: "asc" };

/** Options of listAlerts. */
export interface AlertsRequest extends PageRequest {
  /** pending (the moderation queue, the default), resolved, or all. */
  readonly status?: "pending" | "resolved" | "all";
}

/**
 * Alerts, oldest first: by default the moderation queue (alerts not resolved yet).
 *
 * @example const queue = await listAlerts(db.kysely, "stays")
 */
export function listAlerts(
  db: Executor,
  space: string,
  request: AlertsRequest = {},
): Promise<Parsed<Page<AlertRecord>>> {
  const status = request.status ?? "pending";
  const filter: RecordFilter = (eb) =>
    status === "pending"
      ? [eb("resolved_at", "is", null)]
      : status === "resolved"
        ? [eb("resolved_at", "is not", null)]
        : [];
  return recordPage(db, "alert", space, ALERTS, request, filter);
}

/** Options of listDecisions. */
export interface DecisionsRequest extends PageRequest {
  /** Only decisions addressed to this member. */
  readonly affected?: string;
}

/**
 * Decisions, newest first, reversed ones included (`reversedBy` set).
 *
 * @example await listDecisions(db.kysely, "stays", { affected: carol })
 */
export function listDecisions(
  db: Executor,
  space: string,
  request: DecisionsRequest = {},
): Promise<Parsed<Page<DecisionRecord>>> {
  const filter: RecordFilter = (eb) =>
    request.affected === undefined ? [] : [eb("affected", "=", request.affected)];
  return recordPage(db, "decision", space, DECISIONS, request, filter);
}

/** Options of listAppeals. */
export interface AppealsRequest extends PageRequest {
  /** pending (not decided yet), decided, or all (the default). */
  readonly status?: "pending" | "decided" | "all";
  /** Only appeals filed by this member. */
  readonly appellant?: string;
}

/**
 * Appeals, oldest first.
 *
 * @example await listAppeals(db.kysely, "stays", { status: "pending" })
 */
export function listAppeals(
  db: Executor,
  space: string,
  request: AppealsRequest = {},
): Promise<Parsed<Page<AppealRecord>>> {
  const status = request.status ?? "all";
  const filter: RecordFilter = (eb) => [
    ...(status === "pending" ? [eb("decided_at", "is", null)] : []),
    ...(status === "decided" ? [eb("decided_at", "is not", null)] : []),
    ...(request.appellant === undefined ? [] : [eb("appellant", "=", request.appellant)]),
  ];
  return recordPage(db, "appeal", space, APPEALS, request, filter);
}
