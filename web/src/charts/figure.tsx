/**
 * A chart's frame: the picture (an SVG named for assistive technology by its caption and summary) and,
 * one click away, the same numbers as a table, for anyone who would rather read them (WCAG 1.1.1).
 */
import { type ReactNode, useId } from "react";
import { useI18n } from "../i18n/i18n.js";

/** A row of a chart's table. */
export type TableRow = readonly (string | number)[];

/** A captioned chart with its data table. */
export function Figure({
  caption,
  summary,
  width,
  height,
  children,
  head,
  rows,
}: {
  readonly caption: string;
  /** One or two sentences saying what the picture shows (its text alternative). */
  readonly summary: string;
  readonly width: number;
  readonly height: number;
  readonly children: ReactNode;
  readonly head: readonly string[];
  readonly rows: readonly TableRow[];
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <figure className="chart">
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width}px` }}
        role="img"
        aria-labelledby={`${id}-caption ${id}-summary`}
      >
        <title>{caption}</title>
        {children}
      </svg>
      <p id={`${id}-summary`} className="chart-summary">
        {summary}
      </p>
      <details className="chart-table">
        <summary>{t("chart.showTable")}</summary>
        <table>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional data
              <tr key={i}>
                {row.map((cell, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional data
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The colours of the charts: each at least 3:1 against white (WCAG 1.4.11). */
export const COLORS = {
  ink: "#1b1f24",
  muted: "#57606a",
  grid: "#d0d7de",
  primary: "#1f5f99",
  secondary: "#0f7a5f",
  accent: "#b34700",
  danger: "#b42318",
} as const;
