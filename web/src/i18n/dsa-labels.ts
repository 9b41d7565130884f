/**
 * Words for the DSA Transparency Database's enum values (src/domain/dsa.ts) in English and French, so
 * forms and reports speak to people rather than in constants. A value without a label here is shown
 * humanized from its constant, never dropped.
 */
import type { Lang } from "./i18n.js";

type Labels = Readonly<Record<string, readonly [en: string, fr: string]>>;

const LABELS: Labels = {
  STATEMENT_CATEGORY_ANIMAL_WELFARE: ["Animal welfare", "Bien-être animal"],
  STATEMENT_CATEGORY_CONSUMER_INFORMATION: [
    "Consumer information",
    "Information des consommateurs",
  ],
  STATEMENT_CATEGORY_CYBER_VIOLENCE: ["Cyber violence", "Cyberviolence"],
  STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN: [
    "Cyber violence against women",
    "Cyberviolence envers les femmes",
  ],
  STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS: [
    "Data protection and privacy",
    "Protection des données et vie privée",
  ],
  STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH: [
    "Illegal or harmful speech",
    "Propos illicites ou préjudiciables",
  ],
  STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS: [
    "Intellectual property",
    "Propriété intellectuelle",
  ],
  STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS: [
    "Civic discourse or elections",
    "Débat civique ou élections",
  ],
  STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR: [
    "Non-consensual behaviour",
    "Comportement non consenti",
  ],
  STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE: ["Not specified", "Non précisé"],
  STATEMENT_CATEGORY_OTHER_VIOLATION_TC: ["Breach of the terms", "Violation des conditions"],
  STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT: [
    "Pornography or sexualized content",
    "Pornographie ou contenu sexualisé",
  ],
  STATEMENT_CATEGORY_PROTECTION_OF_MINORS: ["Protection of minors", "Protection des mineurs"],
  STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY: [
    "Risk for public security",
    "Risque pour la sécurité publique",
  ],
  STATEMENT_CATEGORY_SCAMS_AND_FRAUD: ["Scams and fraud", "Escroquerie et fraude"],
  STATEMENT_CATEGORY_SELF_HARM: ["Self-harm", "Automutilation"],
  STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE: [
    "Outside the service's scope",
    "Hors du champ du service",
  ],
  STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS: [
    "Unsafe or illegal products",
    "Produits dangereux ou illicites",
  ],
  STATEMENT_CATEGORY_VIOLENCE: ["Violence", "Violence"],
  DECISION_GROUND_ILLEGAL_CONTENT: ["Illegal content", "Contenu illicite"],
  DECISION_GROUND_INCOMPATIBLE_CONTENT: ["Incompatible with the terms", "Contraire aux conditions"],
  DECISION_VISIBILITY_CONTENT_REMOVED: ["Removed", "Retiré"],
  DECISION_VISIBILITY_CONTENT_DISABLED: ["Disabled", "Rendu inaccessible"],
  DECISION_VISIBILITY_CONTENT_DEMOTED: ["Demoted", "Rétrogradé"],
  DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED: ["Age-restricted", "Restreint par âge"],
  DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED: [
    "Interactions restricted",
    "Interactions restreintes",
  ],
  DECISION_VISIBILITY_CONTENT_LABELLED: ["Labelled", "Signalé par une mention"],
  DECISION_VISIBILITY_OTHER: ["Other restriction", "Autre restriction"],
  AUTOMATED_DECISION_FULLY: ["Fully automated", "Entièrement automatisée"],
  AUTOMATED_DECISION_PARTIALLY: ["Partly automated", "Partiellement automatisée"],
  AUTOMATED_DECISION_NOT_AUTOMATED: ["Taken by people", "Prise par des personnes"],
  SOURCE_ARTICLE_16: ["Notice (Art. 16)", "Notification (art. 16)"],
  SOURCE_TRUSTED_FLAGGER: ["Trusted flagger", "Signaleur de confiance"],
  SOURCE_TYPE_OTHER_NOTIFICATION: ["Other notice", "Autre notification"],
  SOURCE_VOLUNTARY: ["Own initiative", "Initiative propre"],
  EEA: ["European Economic Area", "Espace économique européen"],
};

/**
 * The words for a DSA value in `lang`.
 *
 * @example dsaLabel("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "fr") // "Escroquerie et fraude"
 */
export function dsaLabel(value: string, lang: Lang): string {
  const known = Object.hasOwn(LABELS, value) ? LABELS[value] : undefined;
  if (known !== undefined) return lang === "fr" ? known[1] : known[0];
  const words = value
    .replace(
      /^(STATEMENT_CATEGORY|DECISION_[A-Z]+|AUTOMATED_DECISION|SOURCE|CONTENT_TYPE|TERRITORIAL_SCOPE)_/,
      "",
    )
    .toLowerCase()
    .replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
