/**
 * The kinds of trust evidence that become graph edges, their one-byte codes (stored in `Graph.kinds`) and
 * the sign rule of each. The sign rules are the trust semantics of the fabric: a rating carries its own
 * sign, an interaction or a vouch is positive evidence, an alert is negative evidence whatever sign its
 * weight was given with.
 */

/** What an edge records. */
export type EdgeKind = "rating" | "interaction" | "vouch" | "alert";

/** Every kind, indexed by its code. */
export const EDGE_KINDS: readonly EdgeKind[] = ["rating", "interaction", "vouch", "alert"];

/**
 * The one-byte code of a kind (its index in EDGE_KINDS).
 *
 * @example edgeKindCode("vouch") // 2
 */
export function edgeKindCode(kind: EdgeKind): number {
  switch (kind) {
    case "rating":
      return 0;
    case "interaction":
      return 1;
    case "vouch":
      return 2;
    case "alert":
      return 3;
  }
}

/**
 * The kind of a code read from `Graph.kinds`; throws RangeError for an unknown code.
 *
 * @example edgeKindOf(3) // "alert"
 */
export function edgeKindOf(code: number): EdgeKind {
  const kind = EDGE_KINDS[code];
  if (kind === undefined) throw new RangeError(`unknown edge kind code ${code}`);
  return kind;
}

/**
 * The signed edge weight for evidence of `kind` with magnitude or signed value `weight`.
 *
 * @example signedWeight("alert", 2) // -2
 */
export function signedWeight(kind: EdgeKind, weight: number): number {
  switch (kind) {
    case "rating":
      return weight;
    case "interaction":
    case "vouch":
      return Math.abs(weight);
    case "alert":
      return -Math.abs(weight);
  }
}
