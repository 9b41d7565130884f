/**
 * The layout of "How you're connected": the trust paths from the viewer to a member as one graph.
 * Members sit in columns by their distance from the viewer along the paths (the viewer left, the member
 * right); each step of a path is an edge, drawn thicker for a larger share of trust; a step that several
 * paths share is drawn once, with the largest share.
 */

/** A path as the API gives it (GET trust/{member}). */
export interface PathInput {
  readonly members: readonly string[];
  readonly steps: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: string | null;
    readonly share: number;
  }[];
  readonly strength: number;
}

/** A member placed in the picture (column 0: the viewer). */
export interface PlacedNode {
  readonly id: string;
  readonly column: number;
  readonly row: number;
  readonly role: "viewer" | "target" | "between";
}

/** A step between two placed members. */
export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string | null;
  readonly share: number;
}

/** The graph to draw. */
export interface TrustLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly columns: number;
  /** The most members in one column. */
  readonly rows: number;
}

/**
 * Places the members of `paths` from `viewer` to `target`.
 *
 * @example trustLayout("me", "them", [{ members: ["me", "x", "them"], steps, strength: 0.2 }]).columns // 3
 */
export function trustLayout(
  viewer: string,
  target: string,
  paths: readonly PathInput[],
): TrustLayout {
  const column = new Map<string, number>([[viewer, 0]]);
  for (const path of paths) {
    path.members.forEach((m, i) => {
      if (m === viewer || m === target) return;
      column.set(m, Math.min(column.get(m) ?? Number.POSITIVE_INFINITY, i));
    });
  }
  const inner = Math.max(0, ...[...column.values()].filter((c) => Number.isFinite(c)));
  column.set(target, paths.length === 0 ? 1 : inner + 1);
  const byColumn = new Map<number, string[]>();
  for (const [id, c] of column) byColumn.set(c, [...(byColumn.get(c) ?? []), id]);
  const nodes: PlacedNode[] = [];
  for (const [c, ids] of byColumn) {
    ids.sort();
    for (const [row, id] of ids.entries()) {
      const role = id === viewer ? "viewer" : id === target ? "target" : "between";
      nodes.push({ id, column: c, row, role });
    }
  }
  const edges = new Map<string, PlacedEdge>();
  for (const path of paths) {
    for (const step of path.steps) {
      const key = `${step.from}→${step.to}`;
      const seen = edges.get(key);
      if (seen === undefined || seen.share < step.share) edges.set(key, { ...step });
    }
  }
  return {
    nodes,
    edges: [...edges.values()],
    columns: (column.get(target) ?? 1) + 1,
    rows: Math.max(1, ...[...byColumn.values()].map((ids) => ids.length)),
  };
}
