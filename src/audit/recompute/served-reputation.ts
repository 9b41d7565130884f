/**
 * A subject's reputation as the space serves it (`GET /v1/spaces/{space}/subjects/{id}/reputation`),
 * read as untrusted JSON (fetch/json-fields.ts): the numbers an auditor checks, and the provenance that
 * says how to recompute them (src/trust/result.ts: algorithm, version, every parameter, log size).
 */
import { LogError } from "../../log/errors.js";
import {
  arrayField,
  countField,
  type JsonObject,
  numberField,
  objectAt,
  objectField,
  stringField,
} from "../fetch/json-fields.js";

/** One review's share of the score, as explained. */
export interface ServedContribution {
  readonly id: string | undefined;
  readonly rating: number;
  readonly weight: number;
  readonly effect: number;
}

/** The provenance of a served score. */
export interface ServedProvenance {
  readonly algorithm: string;
  readonly version: string;
  readonly params: JsonObject;
  readonly logSize: number;
}

/** What the space served for one subject. */
export interface ServedReputation {
  readonly subject: string;
  readonly score: number;
  readonly interval: { readonly low: number; readonly high: number; readonly level: number };
  readonly count: number;
  readonly effectiveCount: number;
  readonly prior: { readonly mean: number; readonly strength: number };
  readonly contributions: readonly ServedContribution[];
  readonly whatIf: readonly { readonly rating: number; readonly score: number }[];
  /** The imported prior the space says counts (issue 6), or null when it serves none. */
  readonly importedPrior: {
    readonly issuer: string;
    readonly weight: number;
    readonly mean: number;
  } | null;
  readonly provenance: ServedProvenance;
}

/**
 * Reads a served reputation. Throws LogError("malformed") naming the first field that is not what the
 * API documents.
 *
 * @example const served = parseServedReputation(answer.body, "flat-7")
 */
export function parseServedReputation(body: unknown, subject: string): ServedReputation {
  const path = `reputation of ${subject}`;
  const r = objectAt(body, path);
  if (r.subject !== subject) {
    throw new LogError("malformed", `${path}: the answer is about ${String(r.subject)}`);
  }
  const interval = objectField(r, "interval", path);
  const prior = objectField(r, "prior", path);
  return {
    subject,
    score: numberField(r, "score", path),
    interval: {
      low: numberField(interval, "low", `${path}.interval`),
      high: numberField(interval, "high", `${path}.interval`),
      level: numberField(interval, "level", `${path}.interval`),
    },
    count: countField(r, "count", path),
    effectiveCount: numberField(r, "effectiveCount", path),
    prior: {
      mean: numberField(prior, "mean", `${path}.prior`),
      strength: numberField(prior, "strength", `${path}.prior`),
    },
    contributions: arrayField(r, "contributions", path).map((c, i) =>
      contributionOf(c, `${path}.contributions[${i}]`),
    ),
    whatIf: arrayField(r, "whatIf", path).map((w, i) => {
      const item = objectAt(w, `${path}.whatIf[${i}]`);
      return {
        rating: numberField(item, "rating", `${path}.whatIf[${i}]`),
        score: numberField(item, "score", `${path}.whatIf[${i}]`),
      };
    }),
    importedPrior: r.importedPrior === undefined ? null : importedOf(r.importedPrior, path),
    provenance: provenanceOf(objectField(r, "provenance", path), `${path}.provenance`),
  };
}

function importedOf(value: unknown, path: string): ServedReputation["importedPrior"] {
  const p = objectAt(value, `${path}.importedPrior`);
  return {
    issuer: stringField(p, "issuer", `${path}.importedPrior`),
    weight: numberField(p, "weight", `${path}.importedPrior`),
    mean: numberField(p, "mean", `${path}.importedPrior`),
  };
}

function contributionOf(value: unknown, path: string): ServedContribution {
  const c = objectAt(value, path);
  return {
    id: typeof c.id === "string" ? c.id : undefined,
    rating: numberField(c, "rating", path),
    weight: numberField(c, "weight", path),
    effect: numberField(c, "effect", path),
  };
}

function provenanceOf(p: JsonObject, path: string): ServedProvenance {
  return {
    algorithm: stringField(p, "algorithm", path),
    version: stringField(p, "version", path),
    params: objectField(p, "params", path),
    logSize: countField(p, "logSize", path),
  };
}
