/**
 * How a subject's ratings moved: each published rating as a dot, in the order they became public, and
 * the running mean as a line through them.
 */
import { useI18n } from "../i18n/i18n.js";
import type { TrendPoint } from "../model/trend.js";
import { COLORS, Figure } from "./figure.js";
import { linear } from "./scale.js";

/** The trend of `points` on the scale min..max. */
export function TrendChart({
  points,
  min,
  max,
}: {
  readonly points: readonly TrendPoint[];
  readonly min: number;
  readonly max: number;
}) {
  const { t, number, date } = useI18n();
  const width = 560;
  const height = 200;
  const left = 36;
  const bottom = 36;
  const x = linear([1, Math.max(2, points.length)], [left + 10, width - 14]);
  const y = linear([min, max], [height - bottom, 14]);
  const levels = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.n).toFixed(1)},${y(p.mean).toFixed(1)}`)
    .join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <Figure
      caption={t("chart.trend.caption")}
      summary={
        first === undefined || last === undefined
          ? t("chart.trend.empty")
          : t("chart.trend.summary", {
              n: points.length,
              from: date(first.at),
              to: date(last.at),
              first: number(first.mean, 2),
              last: number(last.mean, 2),
            })
      }
      width={width}
      height={height}
      head={["#", t("chart.date"), t("chart.rating"), t("chart.runningMean")]}
      rows={points.map((p) => [p.n, date(p.at), p.rating, number(p.mean, 2)])}
    >
      {levels.map((l) => (
        <g key={l}>
          <line x1={left} x2={width - 8} y1={y(l)} y2={y(l)} stroke={COLORS.grid} />
          <text x={left - 8} y={y(l) + 4} textAnchor="end" fontSize="12" fill={COLORS.muted}>
            {l}
          </text>
        </g>
      ))}
      {points.map((p) => (
        <circle
          key={p.n}
          cx={x(p.n)}
          cy={y(p.rating)}
          r={3.5}
          fill={COLORS.secondary}
          fillOpacity={0.55}
        />
      ))}
      <path d={line} fill="none" stroke={COLORS.primary} strokeWidth={2.5} />
      {first === undefined || last === undefined ? null : (
        <>
          <text x={x(1)} y={height - 12} fontSize="12" fill={COLORS.muted}>
            {date(first.at)}
          </text>
          <text x={width - 14} y={height - 12} textAnchor="end" fontSize="12" fill={COLORS.muted}>
            {date(last.at)}
          </text>
        </>
      )}
    </Figure>
  );
}
