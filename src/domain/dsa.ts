/**
 * The vocabulary of statements of reasons (Art. 17 DSA), spelled exactly as the EU DSA Transparency
 * Database API spells its enumerations (https://transparency.dsa.ec.europa.eu/page/api-documentation;
 * github.com/digital-services-act/transparency-database, app/Models/Statement.php), so that a
 * decision can be submitted there (Art. 24(5) DSA) without a translation table.
 */

/** decision_visibility: restrictions of the visibility of specific items of information. */
export const DECISION_VISIBILITY = [
  "DECISION_VISIBILITY_CONTENT_REMOVED",
  "DECISION_VISIBILITY_CONTENT_DISABLED",
  "DECISION_VISIBILITY_CONTENT_DEMOTED",
  "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
  "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
  "DECISION_VISIBILITY_CONTENT_LABELLED",
  "DECISION_VISIBILITY_OTHER",
] as const;
export type DecisionVisibility = (typeof DECISION_VISIBILITY)[number];

/** The visibility restrictions under which Fabrique stops showing the content at all. */
export const HIDING_VISIBILITY: readonly DecisionVisibility[] = [
  "DECISION_VISIBILITY_CONTENT_REMOVED",
  "DECISION_VISIBILITY_CONTENT_DISABLED",
];

/** decision_monetary: suspension, termination or other restriction of monetary payments. */
export const DECISION_MONETARY = [
  "DECISION_MONETARY_SUSPENSION",
  "DECISION_MONETARY_TERMINATION",
  "DECISION_MONETARY_OTHER",
] as const;
export type DecisionMonetary = (typeof DECISION_MONETARY)[number];

/** decision_provision: suspension or termination of the provision of the service. */
export const DECISION_PROVISION = [
  "DECISION_PROVISION_PARTIAL_SUSPENSION",
  "DECISION_PROVISION_TOTAL_SUSPENSION",
  "DECISION_PROVISION_PARTIAL_TERMINATION",
  "DECISION_PROVISION_TOTAL_TERMINATION",
] as const;
export type DecisionProvision = (typeof DECISION_PROVISION)[number];

/** decision_account: suspension or termination of the recipient's account. */
export const DECISION_ACCOUNT = [
  "DECISION_ACCOUNT_SUSPENDED",
  "DECISION_ACCOUNT_TERMINATED",
] as const;
export type DecisionAccount = (typeof DECISION_ACCOUNT)[number];

/** decision_ground: illegal content (law) or incompatibility with the terms and conditions. */
export const DECISION_GROUND = [
  "DECISION_GROUND_ILLEGAL_CONTENT",
  "DECISION_GROUND_INCOMPATIBLE_CONTENT",
] as const;
export type DecisionGround = (typeof DECISION_GROUND)[number];

/** account_type. */
export const ACCOUNT_TYPE = ["ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"] as const;
export type AccountType = (typeof ACCOUNT_TYPE)[number];

/** source_type: what the decision was taken on. */
export const SOURCE_TYPE = [
  "SOURCE_ARTICLE_16",
  "SOURCE_TRUSTED_FLAGGER",
  "SOURCE_TYPE_OTHER_NOTIFICATION",
  "SOURCE_VOLUNTARY",
] as const;
export type SourceType = (typeof SOURCE_TYPE)[number];

/** automated_decision (automated_detection is a plain Yes/No, a boolean here). */
export const AUTOMATED_DECISION = [
  "AUTOMATED_DECISION_FULLY",
  "AUTOMATED_DECISION_PARTIALLY",
  "AUTOMATED_DECISION_NOT_AUTOMATED",
] as const;
export type AutomatedDecision = (typeof AUTOMATED_DECISION)[number];

/** content_type. */
export const CONTENT_TYPE = [
  "CONTENT_TYPE_APP",
  "CONTENT_TYPE_AUDIO",
  "CONTENT_TYPE_IMAGE",
  "CONTENT_TYPE_PRODUCT",
  "CONTENT_TYPE_SYNTHETIC_MEDIA",
  "CONTENT_TYPE_TEXT",
  "CONTENT_TYPE_VIDEO",
  "CONTENT_TYPE_OTHER",
] as const;
export type ContentType = (typeof CONTENT_TYPE)[number];

/** category (and category_addition): the type of violation. */
export const STATEMENT_CATEGORY = [
  "STATEMENT_CATEGORY_ANIMAL_WELFARE",
  "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE",
  "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
  "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
  "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
  "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
  "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
  "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
  "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
  "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
  "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
  "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
  "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
  "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
  "STATEMENT_CATEGORY_SELF_HARM",
  "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
  "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
  "STATEMENT_CATEGORY_VIOLENCE",
] as const;
export type StatementCategory = (typeof STATEMENT_CATEGORY)[number];

/**
 * category_specification keywords relevant to a trust fabric (a subset of the database's list;
 * every value here is one of its values).
 */
export const CATEGORY_SPECIFICATION = [
  "KEYWORD_INAUTHENTIC_ACCOUNTS",
  "KEYWORD_INAUTHENTIC_LISTINGS",
  "KEYWORD_INAUTHENTIC_USER_REVIEWS",
  "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",
  "KEYWORD_PHISHING",
  "KEYWORD_PYRAMID_SCHEMES",
  "KEYWORD_DEFAMATION",
  "KEYWORD_DISCRIMINATION",
  "KEYWORD_HATE_SPEECH",
  "KEYWORD_ONLINE_BULLYING_INTIMIDATION",
  "KEYWORD_STALKING",
  "KEYWORD_CYBER_HARASSMENT",
  "KEYWORD_HIDDEN_ADVERTISEMENT",
  "KEYWORD_MISLEADING_INFO_GOODS_SERVICES",
  "KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS",
  "KEYWORD_NONCOMPLIANCE_PRICING",
  "KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS",
  "KEYWORD_PROHIBITED_PRODUCTS",
  "KEYWORD_UNSAFE_PRODUCTS",
  "KEYWORD_GOODS_SERVICES_NOT_PERMITTED",
  "KEYWORD_BIOMETRIC_DATA_BREACH",
  "KEYWORD_MISSING_PROCESSING_GROUND",
  "KEYWORD_RIGHT_TO_BE_FORGOTTEN",
  "KEYWORD_DATA_FALSIFICATION",
  "KEYWORD_COPYRIGHT_INFRINGEMENT",
  "KEYWORD_TRADEMARK_INFRINGEMENT",
  "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
  "KEYWORD_HUMAN_TRAFFICKING",
  "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
  "KEYWORD_OTHER",
] as const;
export type CategorySpecification = (typeof CATEGORY_SPECIFICATION)[number];

/** territorial_scope: the EEA states by ISO 3166-1 alpha-2 code, as the database lists them. */
// biome-ignore format: a table of country codes reads better compact
export const TERRITORIAL_SCOPE = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
  "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
] as const;
export type TerritorialScope = (typeof TERRITORIAL_SCOPE)[number];
