/**
 * A decision as a statement of reasons for the EU DSA Transparency Database (Art. 24(5) DSA),
 * in the shape of its API's POST /api/v1/statement body: snake_case names, "Yes"/"No" answers,
 * dates as YYYY-MM-DD. Fields the API treats as optional are left out when Fabrique has no value.
 * The platform must not send personal data (Art. 24(5)): texts are sent as the record holds them,
 * so keep personal data out of facts and explanations, or redact before submitting.
 */
import type { DecisionRecord } from "./records.js";

/** The statement as the Transparency Database API receives it. */
export type TransparencyDatabaseStatement = Readonly<Record<string, string | readonly string[]>>;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const yesNo = (b: boolean) => (b ? "Yes" : "No");

/**
 * Maps a decision to a Transparency Database statement. `contentDate` is when the restricted
 * content was created (the review's submission, the member's joining …); `puid` defaults to the
 * decision id. Returns null when the decision's texts were shredded (the API requires the facts).
 *
 * @example toTransparencyDatabase(decision, review.submittedAt)
 */
export function toTransparencyDatabase(
  decision: DecisionRecord,
  contentDate: number,
  puid: string = decision.id,
): TransparencyDatabaseStatement | null {
  const s = decision.statement;
  const t = decision.texts;
  if (t === null) return null;
  const out: Record<string, string | readonly string[]> = {
    decision_ground: s.decisionGround,
    category: s.category,
    content_type: s.contentType,
    content_date: day(contentDate),
    application_date: day(decision.madeAt),
    decision_facts: t.decisionFacts,
    source_type: s.sourceType,
    automated_detection: yesNo(s.automatedDetection),
    automated_decision: s.automatedDecision,
    territorial_scope: s.territorialScope,
    puid,
  };
  const optional: Record<string, string | readonly string[] | undefined> = {
    decision_visibility: s.decisionVisibility,
    decision_visibility_other: s.decisionVisibilityOther,
    end_date_visibility_restriction: dateOrUndefined(s.endDateVisibilityRestriction),
    decision_monetary: s.decisionMonetary,
    decision_monetary_other: s.decisionMonetaryOther,
    end_date_monetary_restriction: dateOrUndefined(s.endDateMonetaryRestriction),
    decision_provision: s.decisionProvision,
    end_date_service_restriction: dateOrUndefined(s.endDateServiceRestriction),
    decision_account: s.decisionAccount,
    end_date_account_restriction: dateOrUndefined(s.endDateAccountRestriction),
    account_type: s.accountType,
    decision_ground_reference_url: s.decisionGroundReferenceUrl,
    illegal_content_legal_ground: s.illegalContentLegalGround,
    illegal_content_explanation: t.illegalContentExplanation,
    incompatible_content_ground: s.incompatibleContentGround,
    incompatible_content_explanation: t.incompatibleContentExplanation,
    incompatible_content_illegal:
      s.incompatibleContentIllegal === undefined ? undefined : yesNo(s.incompatibleContentIllegal),
    category_addition: s.categoryAddition,
    category_specification: s.categorySpecification,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function dateOrUndefined(ms: number | null | undefined): string | undefined {
  return ms === null || ms === undefined ? undefined : day(ms);
}
