/**
 * The distribution of a subject's published ratings: one bar per rating of the space's scale, highest
 * first, with its count and share.
 */
import { useI18n } from "../i18n/i18n.js";
import { COLORS, Figure } from "./figure.js";
import { linear } from "./scale.js";

/** Bars of `histogram` (rating → count) over the scale min..max. */
export function RatingHistogram({
  histogram,
  min,
  max,
}: {
  readonly histogram: Readonly<Record<string, number>>;
  readonly min: number;
  readonly max: number;
}) {
  const { t, percent } = useI18n();
  const ratings = Array.from({ length: max - min + 1 }, (_, i) => max - i);
  const counts = ratings.map((r) => histogram[String(r)] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const most = Math.max(1, ...counts);
  const rowHeight = 26;
  const width = 420;
  const labelWidth = 56;
  const valueWidth = 86;
  const height = ratings.length * rowHeight + 8;
  const x = linear([0, most], [labelWidth, width - valueWidth]);
  const share = (c: number) => (total === 0 ? 0 : c / total);
  return (
    <Figure
      caption={t("chart.histogram.caption")}
      summary={t("chart.histogram.summary", {
        total,
        parts: ratings.map((r, i) => `${r}: ${counts[i]}`).join(", "),
      })}
      width={width}
      height={height}
      head={[t("chart.rating"), t("chart.count"), t("chart.share")]}
      rows={ratings.map((r, i) => [r, counts[i] ?? 0, percent(share(counts[i] ?? 0))])}
    >
      {ratings.map((r, i) => {
        const y = 4 + i * rowHeight;
        const c = counts[i] ?? 0;
        return (
          <g key={r}>
            <text x={labelWidth - 10} y={y + 17} textAnchor="end" fill={COLORS.ink} fontSize="14">
              {r} ★
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={x(most) - labelWidth}
              height={rowHeight - 8}
              fill="#eef1f4"
            />
            <rect
              x={labelWidth}
              y={y + 4}
              width={x(c) - labelWidth}
              height={rowHeight - 8}
              fill={COLORS.primary}
            />
            <text x={width - valueWidth + 8} y={y + 17} fill={COLORS.ink} fontSize="13">
              {c} ({percent(share(c))})
            </text>
          </g>
        );
      })}
    </Figure>
  );
}
