/**
 * "How you're connected": the trust paths from the signed-in member (left) to a member (right) through
 * the members in between, each step an arrow as thick as the share of trust it carries, labelled with
 * what it is (a vouch, a stay, a rating).
 */
import { useI18n } from "../i18n/i18n.js";
import type { TrustLayout } from "../model/trust-layout.js";
import { COLORS, Figure } from "./figure.js";

const COLUMN = 170;
const ROW = 64;

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
  const height = Math.max(110, layout.rows * ROW + 40);
  const pos = new Map(
    layout.nodes.map((n) => {
      const inColumn = layout.nodes.filter((m) => m.column === n.column).length;
      const top = (height - inColumn * ROW) / 2;
      return [
        n.id,
        {
          x: 70 + n.column * ((width - 140) / Math.max(1, layout.columns - 1)),
          y: top + n.row * ROW + ROW / 2,
        },
      ];
    }),
  );
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
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.max(1, Math.hypot(dx, dy));
        const [x1, y1] = [a.x + (dx / len) * 26, a.y + (dy / len) * 26];
        const [x2, y2] = [b.x - (dx / len) * 30, b.y - (dy / len) * 30];
        return (
          <g key={`${e.from}-${e.to}`}>
            <line
              x1={x1}
              y1={y1}
              x2={x2}
              y2={y2}
              stroke={COLORS.primary}
              strokeWidth={1.5 + 6 * Math.min(1, e.share)}
              strokeOpacity={0.8}
              markerEnd="url(#trust-arrow)"
            />
            <text
              x={(x1 + x2) / 2}
              y={(y1 + y2) / 2 - 8}
              textAnchor="middle"
              fontSize="12"
              fill={COLORS.ink}
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
            <circle cx={p.x} cy={p.y} r={22} fill={fill} stroke={COLORS.ink} strokeWidth={1.5} />
            <text x={p.x} y={p.y + 38} textAnchor="middle" fontSize="12" fill={COLORS.ink}>
              {label(n.id)}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}
