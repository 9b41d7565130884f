/**
 * Which imported priors count, and for which subjects (issue 6). A member's import counts while its
 * issuer is one the space's current policy accepts (removing an issuer from the policy stops its imports
 * counting; adding it back restores them), for every subject the member owns: the issuer counted the
 * reviews of the member and of the subjects they own (src/store/credentials/reputation-credentials.ts),
 * so the import stands for the same things here. The server reads members and subjects from its
 * projections, an auditor from the log's replay: both call this, so both give the same inputs to
 * src/trust's withImportedPrior.
 */
import type { PriorPolicy } from "./policy.js";
import type { ImportedPriorRecord } from "./records.js";

/** An import as src/trust/reputation's withImportedPrior reads it (structurally its ImportedPrior). */
export interface SubjectImport {
  readonly issuer: string;
  readonly source: string;
  readonly reviewsAtLeast: number;
  readonly ratingAtLeast: number;
  readonly sourceScale: { readonly min: number; readonly max: number };
  readonly maxPseudoReviews: number;
}

/**
 * Subject → the import that counts for it, from the members' imported priors under the policy's rules
 * (domain policy.ts priorPolicy). Pass members not erased: an erased member's import no longer counts.
 *
 * @example importsBySubject(priorPolicy(policy), [{ id: bob, importedPrior }], [{ id: "flat-7", owner: bob }])
 */
export function importsBySubject(
  rules: PriorPolicy,
  members: Iterable<{
    readonly id: string;
    readonly importedPrior?: ImportedPriorRecord | null | undefined;
  }>,
  subjects: Iterable<{ readonly id: string; readonly owner: string | null }>,
): ReadonlyMap<string, SubjectImport> {
  const byMember = new Map<string, SubjectImport>();
  for (const m of members) {
    const p = m.importedPrior;
    if (p === undefined || p === null) continue;
    const accepted = rules.accept.find((i) => i.issuer === p.issuer);
    if (accepted === undefined || rules.maxPseudoReviews === 0) continue;
    if (p.ratingAtLeast < accepted.scale.min || p.ratingAtLeast > accepted.scale.max) continue;
    byMember.set(m.id, {
      issuer: p.issuer,
      source: p.source,
      reviewsAtLeast: p.reviewsAtLeast,
      ratingAtLeast: p.ratingAtLeast,
      sourceScale: { min: accepted.scale.min, max: accepted.scale.max },
      maxPseudoReviews: rules.maxPseudoReviews,
    });
  }
  const out = new Map<string, SubjectImport>();
  if (byMember.size === 0) return out;
  for (const s of subjects) {
    const imported = s.owner === null ? undefined : byMember.get(s.owner);
    if (imported !== undefined) out.set(s.id, imported);
  }
  return out;
}
