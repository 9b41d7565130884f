/**
 * A transparency report as a flat list of figures (`reviews.byState.published` → 41), in the report's
 * own order, so two reports compare figure by figure and a person reads one line per figure. A label
 * counted on one side only is 0 on the other (reports leave out labels with no item).
 */
import type { TransparencyReport } from "../../domain/transparency-report.js";

/** One figure of a report: a count, or a median in hours (null when there is nothing to take it of). */
export interface Figure {
  readonly name: string;
  readonly value: number | null;
}

/** One figure on both sides. */
export interface ComparedFigure {
  readonly name: string;
  /** What the log gives. */
  readonly log: number | null;
  /** What the space published. */
  readonly served: number | null;
  readonly agrees: boolean;
}

/**
 * The figures of `report` (version and `now` are not figures).
 *
 * @example reportFigures(report).find((f) => f.name === "decisions.total")?.value
 */
export function reportFigures(report: TransparencyReport): Figure[] {
  const figures: Figure[] = [];
  const walk = (value: unknown, name: string) => {
    if (value === null || typeof value === "number") {
      figures.push({ name, value });
      return;
    }
    if (typeof value === "object") {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        walk(inner, name === "" ? key : `${name}.${key}`);
      }
    }
  };
  const { version: _version, now: _now, ...sections } = report;
  walk(sections, "");
  return figures;
}

/**
 * Every figure of either report, the log's first, with whether both agree (medians within 1e-9 hours).
 *
 * @example compareReports(fromLog, served).filter((f) => !f.agrees)
 */
export function compareReports(
  log: TransparencyReport,
  served: TransparencyReport,
): ComparedFigure[] {
  const fromLog = reportFigures(log);
  const fromServed = new Map(reportFigures(served).map((f) => [f.name, f.value]));
  const names = [...fromLog.map((f) => f.name)];
  for (const name of fromServed.keys()) if (!names.includes(name)) names.push(name);
  const logValues = new Map(fromLog.map((f) => [f.name, f.value]));
  return names.map((name) => {
    const l = figureIn(logValues, name);
    const s = figureIn(fromServed, name);
    return { name, log: l, served: s, agrees: same(l, s) };
  });
}

/** A figure's value; a missing count label is 0, a missing median is null. */
function figureIn(values: ReadonlyMap<string, number | null>, name: string): number | null {
  if (values.has(name)) return values.get(name) ?? null;
  return name.includes("median") ? null : 0;
}

function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
