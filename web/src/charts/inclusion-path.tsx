/**
 * An inclusion proof as a picture: the entry's leaf at the bottom, each proof hash joining the running
 * hash from the left or the right on the way up, and the root at the top, green when it is the root the
 * checkpoint signs. Hashes are shown by their first 8 hex digits; the steps below it give them whole.
 */
import { useI18n } from "../i18n/i18n.js";
import { hex } from "../log/bytes.js";
import type { InclusionWorking } from "../log/inclusion-steps.js";
import { COLORS, Figure } from "./figure.js";

const ROW = 54;
const WIDTH = 460;
const CENTER = WIDTH / 2;
const SIDE = 150;

/** The path from `leaf` (entry `index`) through `working` to the root. */
export function InclusionPath({
  index,
  leaf,
  working,
}: {
  readonly index: number;
  readonly leaf: Uint8Array;
  readonly working: InclusionWorking;
}) {
  const { t } = useI18n();
  const steps = working.steps;
  const height = (steps.length + 1) * ROW + 40;
  const yOf = (level: number) => height - 30 - level * ROW;
  const short = (b: Uint8Array) => hex(b).slice(0, 8);
  const box = (x: number, y: number, text: string, fill: string, stroke: string, key: string) => (
    <g key={key}>
      <rect
        x={x - 52}
        y={y - 14}
        width={104}
        height={28}
        rx={6}
        fill={fill}
        stroke={stroke}
        strokeWidth={1.5}
      />
      <text
        x={x}
        y={y + 5}
        textAnchor="middle"
        fontSize="13"
        fontFamily="ui-monospace, monospace"
        fill={COLORS.ink}
      >
        {text}
      </text>
    </g>
  );
  const root = steps.at(-1)?.result ?? leaf;
  return (
    <Figure
      caption={t("chart.path.caption")}
      summary={t("chart.path.summary", {
        index,
        n: steps.length,
        verdict: working.matches ? t("log.rootMatches") : t("log.rootDiffers"),
      })}
      width={WIDTH}
      height={height}
      head={["#", t("chart.path.side"), t("log.sibling"), t("log.result")]}
      rows={steps.map((s, i) => [
        i + 1,
        s.side === "left" ? t("chart.path.left") : t("chart.path.right"),
        short(s.sibling),
        short(s.result),
      ])}
    >
      {steps.map((s, i) => {
        const y = yOf(i + 1);
        const below = yOf(i);
        const sx = s.side === "left" ? CENTER - SIDE : CENTER + SIDE;
        return (
          <g key={hex(s.result)}>
            <line
              x1={CENTER}
              y1={below - 14}
              x2={CENTER}
              y2={y + 14}
              stroke={COLORS.muted}
              strokeWidth={1.5}
            />
            <line
              x1={sx}
              y1={below - 14}
              x2={CENTER + (s.side === "left" ? -30 : 30)}
              y2={y + 14}
              stroke={COLORS.muted}
              strokeWidth={1.5}
            />
            {box(sx, below, short(s.sibling), "#ffffff", COLORS.muted, `s${i}`)}
          </g>
        );
      })}
      {box(CENTER, yOf(0), short(leaf), "#ddf4ff", COLORS.primary, "leaf")}
      <text x={CENTER + 60} y={yOf(0) + 5} fontSize="12" fill={COLORS.muted}>
        {t("chart.path.leaf", { index })}
      </text>
      {steps
        .slice(0, -1)
        .map((s, i) => box(CENTER, yOf(i + 1), short(s.result), "#f6f8fa", COLORS.muted, `r${i}`))}
      {steps.length === 0
        ? null
        : box(
            CENTER,
            yOf(steps.length),
            short(root),
            working.matches ? "#dafbe1" : "#ffebe9",
            working.matches ? COLORS.secondary : COLORS.danger,
            "root",
          )}
      <text x={CENTER + 60} y={yOf(steps.length) + 5} fontSize="12" fill={COLORS.muted}>
        {working.matches ? t("chart.path.rootOk") : t("chart.path.rootBad")}
      </text>
    </Figure>
  );
}
