/**
 * The log's growth: the size of each checkpoint the log issued, over time, as a step line (a log only
 * grows; a checkpoint that went down would be drawn going down, for all to see).
 */
import { useI18n } from "../i18n/i18n.js";
import { COLORS, Figure } from "./figure.js";
import { linear, ticks } from "./scale.js";

/** The step line of `points` (time in ms, size in entries). */
export function GrowthChart({
  points,
}: {
  readonly points: readonly { readonly at: number; readonly size: number }[];
}) {
  const { t, number, dateTime } = useI18n();
  const ordered = [...points].sort((a, b) => a.at - b.at);
  const width = 560;
  const height = 210;
  const left = 56;
  const bottom = 40;
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  const x = linear([first?.at ?? 0, last?.at ?? 1], [left, width - 16]);
  const marks = ticks(0, Math.max(1, ...ordered.map((p) => p.size)), 4);
  const top = marks[marks.length - 1] ?? 1;
  const y = linear([0, top], [height - bottom, 14]);
  let d = "";
  ordered.forEach((p, i) => {
    d +=
      i === 0
        ? `M${x(p.at).toFixed(1)},${y(p.size).toFixed(1)}`
        : `H${x(p.at).toFixed(1)}V${y(p.size).toFixed(1)}`;
  });
  return (
    <Figure
      caption={t("chart.growth.caption")}
      summary={
        first === undefined || last === undefined
          ? t("chart.growth.empty")
          : t("chart.growth.summary", {
              n: ordered.length,
              from: dateTime(first.at),
              to: dateTime(last.at),
              first: number(first.size),
              last: number(last.size),
            })
      }
      width={width}
      height={height}
      head={[t("chart.date"), t("log.treeSize")]}
      rows={ordered.map((p) => [dateTime(p.at), number(p.size)])}
    >
      {marks.map((v) => (
        <g key={v}>
          <line x1={left} x2={width - 16} y1={y(v)} y2={y(v)} stroke={COLORS.grid} />
          <text x={left - 8} y={y(v) + 4} textAnchor="end" fontSize="12" fill={COLORS.muted}>
            {number(v)}
          </text>
        </g>
      ))}
      <path d={d} fill="none" stroke={COLORS.primary} strokeWidth={2.5} />
      {ordered.map((p) => (
        <circle key={`${p.at}-${p.size}`} cx={x(p.at)} cy={y(p.size)} r={3} fill={COLORS.primary} />
      ))}
      {first === undefined || last === undefined ? null : (
        <>
          <text x={left} y={height - 14} fontSize="12" fill={COLORS.muted}>
            {dateTime(first.at)}
          </text>
          <text x={width - 16} y={height - 14} textAnchor="end" fontSize="12" fill={COLORS.muted}>
            {dateTime(last.at)}
          </text>
        </>
      )}
    </Figure>
  );
}
