/**
 * "How you're connected": the trust paths from the signed-in member (left) to a member (right) through
 * the members in between, each step an arrow as thick as the share of trust it carries, labelled with
 * what it is (a vouch, a stay, a rating).
 */
import { useI18n } from "../i18n/i18n.js";
import type { TrustLayout } from "../model/trust-layout.js";
import { COLORS, Figure } from "./figure.js";

const COLUMN = 190;
const ROW = 86;
const RADIUS = 22;

/** Where an arrow from `a` to `b` starts and ends: on the edge of each circle, not its centre. */
function ends(
  a: { x: number; y: number },
  b: { x: number; y: number },
): [number, number, number, number] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.max(1, Math.hypot(dx, dy));
  return [
    a.x + (dx / len) * (RADIUS + 3),
    a.y + (dy / len) * (RADIUS + 3),
    b.x - (dx / len) * (RADIUS + 8),
    b.y - (dy / len) * (RADIUS + 8),
  ];
}

/** The graph of `layout`; `label(id)` names a member. */
export function TrustGraph({
  layout,
  label,
}: {
  readonly layout: TrustLayout;
  readonly label: (id: string) => string;
}) {
  const { t, percent } = useI18n();
  const width = Math.max(360, layout.columns * COLUMN);
  const height = Math.max(130, layout.rows * ROW + 90);
  const pos = new Map(
    layout.nodes.map((n) => {
      const inColumn = layout.nodes.filter((m) => m.column === n.column).length;
      const top = (height - inColumn * ROW) / 2 + 30;
      return [
        n.id,
        {
          x: 70 + n.column * ((width - 140) / Math.max(1, layout.columns - 1)),
          y: top + n.row * ROW + ROW / 2,
        },
      ];
    }),
  );
  const columnOf = new Map(layout.nodes.map((n) => [n.id, n.column]));
  const kindText = (kind: string | null) =>
    kind === null ? t("trust.kind.other") : t(`trust.kind.${kind}` as "trust.kind.vouch");
  return (
    <Figure
      caption={t("chart.trust.caption")}
      summary={
        layout.edges.length === 0
          ? t("chart.trust.none")
          : t("chart.trust.summary", {
              steps: layout.edges
                .map(
                  (e) =>
                    `${label(e.from)} → ${label(e.to)} (${kindText(e.kind)}, ${percent(e.share)})`,
                )
                .join("; "),
            })
      }
      width={width}
      height={height}
      head={[t("chart.from"), t("chart.to"), t("chart.kind"), t("chart.share")]}
      rows={layout.edges.map((e) => [
        label(e.from),
        label(e.to),
        kindText(e.kind),
        percent(e.share),
      ])}
    >
      <defs>
        <marker
          id="trust-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={COLORS.primary} />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (a === undefined || b === undefined) return null;
        const [x1, y1, x2, y2] = ends(a, b);
        // A step over more than one column arcs above the others, so no arrow hides another.
        const span = Math.abs((columnOf.get(e.to) ?? 0) - (columnOf.get(e.from) ?? 0));
        const cx = (x1 + x2) / 2;
        const cy = span > 1 ? Math.min(y1, y2) - 30 - 18 * span : (y1 + y2) / 2;
        const d = span > 1 ? `M${x1},${y1} Q${cx},${cy} ${x2},${y2}` : `M${x1},${y1} L${x2},${y2}`;
        const lx = span > 1 ? (x1 + 2 * cx + x2) / 4 : cx;
        const ly = (span > 1 ? (y1 + 2 * cy + y2) / 4 : cy) - 7;
        return (
          <g key={`${e.from}-${e.to}`}>
            <path
              d={d}
              fill="none"
              stroke={COLORS.primary}
              strokeWidth={1.5 + 5 * Math.min(1, e.share)}
              strokeOpacity={0.75}
              markerEnd="url(#trust-arrow)"
            />
            <text
              x={lx}
              y={ly}
              textAnchor="middle"
              fontSize="12"
              fill={COLORS.ink}
              stroke="#ffffff"
              strokeWidth={4}
              paintOrder="stroke"
            >
              {kindText(e.kind)} · {percent(e.share)}
            </text>
          </g>
        );
      })}
      {layout.nodes.map((n) => {
        const p = pos.get(n.id);
        if (p === undefined) return null;
        const fill =
          n.role === "viewer" ? COLORS.secondary : n.role === "target" ? COLORS.accent : "#ffffff";
        return (
          <g key={n.id}>
            <circle
              cx={p.x}
              cy={p.y}
              r={RADIUS}
              fill={fill}
              stroke={COLORS.ink}
              strokeWidth={1.5}
            />
            <text x={p.x} y={p.y + 38} textAnchor="middle" fontSize="12" fill={COLORS.ink}>
              {label(n.id)}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}
