/**
 * The transparency report as a space serves it (`GET /v1/spaces/{space}/transparency-report`), read as
 * untrusted JSON into the domain's report type (src/domain/transparency-report.ts), with the log size and
 * the moment it was computed at: what an auditor needs to recompute it.
 */
import {
  TRANSPARENCY_REPORT_VERSION,
  type TransparencyReport,
} from "../../domain/transparency-report.js";
import { LogError } from "../../log/errors.js";
import {
  countField,
  countsField,
  type JsonObject,
  nullableNumberField,
  numberField,
  objectAt,
  objectField,
} from "../fetch/json-fields.js";

/** A served report and where in the log it stands. */
export interface ServedReport {
  readonly logSize: number;
  readonly report: TransparencyReport;
}

/**
 * Reads a served report. Throws LogError("malformed") naming the first field that is not as documented,
 * and ("out-of-range") for a report version this auditor does not know.
 *
 * @example const { logSize, report } = parseServedReport(answer.body)
 */
export function parseServedReport(body: unknown): ServedReport {
  const path = "transparency report";
  const r = objectAt(body, path);
  const version = numberField(r, "version", path);
  if (version !== TRANSPARENCY_REPORT_VERSION) {
    throw new LogError(
      "out-of-range",
      `${path} version ${version}; this auditor reads version ${TRANSPARENCY_REPORT_VERSION}`,
    );
  }
  const now = numberField(r, "now", path);
  const section = (key: string): [JsonObject, string] => [
    objectField(r, key, path),
    `${path}.${key}`,
  ];
  const [members, pm] = section("members");
  const [subjects, ps] = section("subjects");
  const [interactions, pi] = section("interactions");
  const [reviews, pr] = section("reviews");
  const [vouches, pv] = section("vouches");
  const [notices, pn] = section("notices");
  const [decisions, pd] = section("decisions");
  const [appeals, pa] = section("appeals");
  return {
    logSize: countField(r, "logSize", path),
    report: {
      version: TRANSPARENCY_REPORT_VERSION,
      now,
      members: {
        joined: countField(members, "joined", pm),
        erased: countField(members, "erased", pm),
      },
      subjects: {
        registered: countField(subjects, "registered", ps),
        byKind: countsField(subjects, "byKind", ps),
        removed: countField(subjects, "removed", ps),
      },
      interactions: {
        recorded: countField(interactions, "recorded", pi),
        disputes: countField(interactions, "disputes", pi),
        disputed: countField(interactions, "disputed", pi),
      },
      reviews: {
        submitted: countField(reviews, "submitted", pr),
        byState: countsField(reviews, "byState", pr),
        withdrawnByReason: countsField(reviews, "withdrawnByReason", pr),
        amended: countField(reviews, "amended", pr),
        publishedByProvenance: countsField(reviews, "publishedByProvenance", pr),
        publishedByConnection: countsField(reviews, "publishedByConnection", pr),
        publishedByRating: countsField(reviews, "publishedByRating", pr),
        replies: countField(reviews, "replies", pr),
        repliesRemoved: countField(reviews, "repliesRemoved", pr),
      },
      vouches: {
        given: countField(vouches, "given", pv),
        byState: countsField(vouches, "byState", pv),
      },
      notices: {
        received: countField(notices, "received", pn),
        byCategory: countsField(notices, "byCategory", pn),
        bySource: countsField(notices, "bySource", pn),
        pending: countField(notices, "pending", pn),
        byOutcome: countsField(notices, "byOutcome", pn),
        medianHoursToResolve: nullableNumberField(notices, "medianHoursToResolve", pn),
      },
      decisions: {
        total: countField(decisions, "total", pd),
        onNotice: countField(decisions, "onNotice", pd),
        ownInitiative: countField(decisions, "ownInitiative", pd),
        byGround: countsField(decisions, "byGround", pd),
        byCategory: countsField(decisions, "byCategory", pd),
        byTarget: countsField(decisions, "byTarget", pd),
        byRestriction: countsField(decisions, "byRestriction", pd),
        automatedDetection: countField(decisions, "automatedDetection", pd),
        byAutomation: countsField(decisions, "byAutomation", pd),
        reversedOnAppeal: countField(decisions, "reversedOnAppeal", pd),
      },
      appeals: {
        filed: countField(appeals, "filed", pa),
        byTarget: countsField(appeals, "byTarget", pa),
        pending: countField(appeals, "pending", pa),
        byOutcome: countsField(appeals, "byOutcome", pa),
        medianHoursToDecide: nullableNumberField(appeals, "medianHoursToDecide", pa),
      },
    },
  };
}
