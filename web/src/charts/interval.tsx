/**
 * A reputation score on the space's scale: the credible interval as a band, the score as a dot, the
 * space's prior (what a subject with no reviews would get) as a tick.
 */
import { useI18n } from "../i18n/i18n.js";
import { COLORS, Figure } from "./figure.js";
import { linear } from "./scale.js";

/** The score, its interval and the prior on min..max. */
export function ScoreInterval(props: {
  readonly score: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly prior: number;
  readonly min: number;
  readonly max: number;
}) {
  const { t, number, percent } = useI18n();
  const width = 420;
  const height = 74;
  const x = linear([props.min, props.max], [20, width - 20]);
  const steps = Array.from({ length: props.max - props.min + 1 }, (_, i) => props.min + i);
  const f = (v: number) => number(v, 2);
  return (
    <Figure
      caption={t("chart.interval.caption", { level: percent(props.level) })}
      summary={t("chart.interval.summary", {
        score: f(props.score),
        low: f(props.low),
        high: f(props.high),
        level: percent(props.level),
        prior: f(props.prior),
      })}
      width={width}
      height={height}
      head={[t("chart.what"), t("chart.value")]}
      rows={[
        [t("chart.interval.score"), f(props.score)],
        [t("chart.interval.low"), f(props.low)],
        [t("chart.interval.high"), f(props.high)],
        [t("chart.interval.prior"), f(props.prior)],
      ]}
    >
      <line
        x1={x(props.min)}
        x2={x(props.max)}
        y1={30}
        y2={30}
        stroke={COLORS.grid}
        strokeWidth={2}
      />
      {steps.map((s) => (
        <g key={s}>
          <line x1={x(s)} x2={x(s)} y1={24} y2={36} stroke={COLORS.muted} />
          <text x={x(s)} y={60} textAnchor="middle" fontSize="13" fill={COLORS.muted}>
            {s}
          </text>
        </g>
      ))}
      <rect
        x={x(props.low)}
        y={22}
        width={Math.max(2, x(props.high) - x(props.low))}
        height={16}
        rx={8}
        fill="#b9d3ea"
        stroke={COLORS.primary}
      />
      <line
        x1={x(props.prior)}
        x2={x(props.prior)}
        y1={14}
        y2={46}
        stroke={COLORS.accent}
        strokeWidth={2}
        strokeDasharray="4 3"
      />
      <circle
        cx={x(props.score)}
        cy={30}
        r={7}
        fill={COLORS.primary}
        stroke="#fff"
        strokeWidth={2}
      />
      <text
        x={x(props.score)}
        y={12}
        textAnchor="middle"
        fontSize="13"
        fontWeight="600"
        fill={COLORS.ink}
      >
        {f(props.score)}
      </text>
    </Figure>
  );
}
