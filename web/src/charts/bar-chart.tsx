/**
 * Counts by label as horizontal bars (the transparency report's breakdowns), largest first.
 */
import { useI18n } from "../i18n/i18n.js";
import { COLORS, Figure } from "./figure.js";
import { linear } from "./scale.js";

/** Bars of `items`; `color` picks one of the chart colours. */
export function BarChart({
  caption,
  items,
  color = COLORS.primary,
  ordered = false,
}: {
  readonly caption: string;
  readonly items: readonly { readonly label: string; readonly value: number }[];
  readonly color?: string;
  /** Keep the items' order (a scale) instead of largest first. */
  readonly ordered?: boolean;
}) {
  const { t, number } = useI18n();
  const sorted = ordered ? [...items] : [...items].sort((a, b) => b.value - a.value);
  const width = 460;
  const row = 28;
  const labelWidth = 200;
  const height = Math.max(1, sorted.length) * row + 8;
  const most = Math.max(1, ...sorted.map((i) => i.value));
  const x = linear([0, most], [labelWidth, width - 60]);
  if (sorted.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{caption}</figcaption>
        <p className="muted">{t("chart.bars.empty")}</p>
      </figure>
    );
  }
  return (
    <Figure
      caption={caption}
      summary={sorted.map((i) => `${i.label}: ${number(i.value)}`).join("; ")}
      width={width}
      height={height}
      head={[t("chart.what"), t("chart.count")]}
      rows={sorted.map((i) => [i.label, number(i.value)])}
    >
      {sorted.map((item, i) => {
        const y = 4 + i * row;
        return (
          <g key={item.label}>
            <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize="14" fill={COLORS.ink}>
              {item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(item.value > 0 ? 2 : 0, x(item.value) - labelWidth)}
              height={row - 8}
              fill={color}
            />
            <text x={x(item.value) + 6} y={y + 18} fontSize="14" fill={COLORS.ink}>
              {number(item.value)}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}
