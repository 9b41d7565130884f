/**
 * `fabrique trust analyze`: batch-scores a rating export from any platform, with no server: one row per
 * user with the fraud suspicion score (src/trust/fraud), REV2 fairness and goodness and the top reasons,
 * most suspicious first.
 *
 * The CSV is untrusted input, parsed strictly (RFC 4180 fields: plain or double-quoted with "" escapes,
 * no line breaks inside quotes; CRLF or LF; an optional header naming the columns). Limits, enforced
 * with the offending line number: a line is at most 64 KiB, an id at most 256 characters, at most
 * 50,000,000 ratings. Ratings must lie in the scale; times are unix seconds or ISO 8601 dates.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import type { Command } from "commander";
import {
  bySuspicion,
  type SuspicionResult,
  scoreSuspicion,
  suspicionReasons,
} from "../../trust/fraud/suspicion.js";
import { buildGraph } from "../../trust/graph/csr.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";

const MAX_LINE = 64 * 1024;
const MAX_ID = 256;
const MAX_RATINGS = 50_000_000;
const REASONS_SHOWN = 3;

type Column = "rater" | "ratee" | "rating" | "time" | "_";
const COLUMNS: readonly Column[] = ["rater", "ratee", "rating", "time", "_"];

interface Scale {
  readonly low: number;
  readonly high: number;
}

interface AnalyzeOptions {
  readonly ratings: string;
  readonly format: string;
  readonly scale?: string;
  readonly json?: boolean;
}

/** Adds `trust analyze` to the `trust` command group (created if no other command made it yet). */
export function registerTrustAnalyzeCommand(program: Command, io: Io): void {
  const trust =
    program.commands.find((c) => c.name() === "trust") ??
    program.command("trust").description("trust and fraud analysis (src/trust)");
  trust
    .command("analyze")
    .description(
      "score every user of a rating export: fraud suspicion, fairness, goodness and reasons",
    )
    .requiredOption("--ratings <file>", "CSV of ratings, one per line")
    .option(
      "--format <columns>",
      "column order, from rater, ratee, rating, time and _ (ignored)",
      "rater,ratee,rating,time",
    )
    .option("--scale <low..high>", "rating scale, e.g. -10..10 or 1..5 (default: min..max seen)")
    .option("--json", "print JSON instead of a tab-separated table")
    .action(async (opts: AnalyzeOptions) => {
      const columns = parseFormat(opts.format);
      const scale = opts.scale === undefined ? undefined : parseScale(opts.scale);
      const parsed = await readRatings(opts.ratings, columns, io);
      const used = scale ?? inferScale(parsed.raw, opts.ratings);
      if (scale === undefined) {
        io.err(`trust analyze: scale ${used.low}..${used.high} inferred (set it with --scale)\n`);
      }
      checkScale(parsed, used, opts.ratings);
      const report = progress(io, "trust analyze: scoring");
      const result = scoreSuspicion(toGraph(parsed, used), { logSize: parsed.count });
      report.finish(`${parsed.ids.length} users, ${parsed.count} ratings`);
      if (opts.json === true) printJson(io, result, parsed, used);
      else printTable(io, result, parsed);
    });
}

/** The --format list: known names, each once, rater, ratee and rating required. */
function parseFormat(format: string): Column[] {
  const columns = format.split(",").map((c) => c.trim());
  for (const c of columns) {
    if (!COLUMNS.includes(c as Column)) {
      throw new CliError("usage", `--format: unknown column "${c}" (use ${COLUMNS.join(", ")})`);
    }
  }
  for (const required of ["rater", "ratee", "rating"] as const) {
    if (!columns.includes(required))
      throw new CliError("usage", `--format needs a ${required} column`);
  }
  for (const c of ["rater", "ratee", "rating", "time"] as const) {
    if (columns.filter((x) => x === c).length > 1) {
      throw new CliError("usage", `--format names ${c} twice`);
    }
  }
  return columns as Column[];
}

function parseScale(text: string): Scale {
  const match = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$/.exec(text.trim());
  const low = Number(match?.[1]);
  const high = Number(match?.[2]);
  if (match === null || !(low < high)) {
    throw new CliError(
      "usage",
      `--scale must be low..high with low < high, e.g. -10..10 (got "${text}")`,
    );
  }
  return { low, high };
}

interface ParsedRatings {
  count: number;
  raters: Uint32Array;
  ratees: Uint32Array;
  raw: Float64Array;
  times: Float64Array | undefined;
  /** Line number of each rating, to name it in later errors. */
  lines: Uint32Array;
  ids: string[];
}

async function readRatings(
  path: string,
  columns: readonly Column[],
  io: Io,
): Promise<ParsedRatings> {
  const size = await fileSize(path);
  const report = progress(io, "trust analyze: reading");
  const parser = ratingsParser(path, columns);
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      carry = parser.feed(carry + decoder.write(chunk as Buffer));
      report.update(bytes, size);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError("io", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  parser.feed(`${carry}${decoder.end()}`, true);
  const parsed = parser.done();
  report.finish(`${parsed.count} ratings`);
  if (parsed.count === 0) throw new CliError("input", `${path}: no ratings`);
  return parsed;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw new CliError("io", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** A streaming line parser: feed() consumes complete lines and returns the unfinished tail. */
function ratingsParser(path: string, columns: readonly Column[]) {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const hasTime = columns.includes("time");
  let capacity = 1 << 16;
  let out = allocate(capacity, hasTime);
  let count = 0;
  let line = 0;
  const fail = (message: string): never => {
    throw new CliError("input", `${path}:${line}: ${message}`);
  };
  const intern = (id: string): number => {
    if (id === "") fail("empty user id");
    if (id.length > MAX_ID) fail(`user id longer than ${MAX_ID} characters`);
    let at = ids.get(id);
    if (at === undefined) {
      at = names.length;
      ids.set(id, at);
      names.push(id);
    }
    return at;
  };
  const record = (raw: string): void => {
    line++;
    const text = line === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw; // a UTF-8 BOM
    if (text.length > MAX_LINE) fail(`line longer than ${MAX_LINE} characters`);
    if (text.trim() === "") return;
    const fields = splitFields(text, fail);
    if (line === 1 && isHeader(fields, columns)) return;
    if (fields.length !== columns.length) {
      fail(`expected ${columns.length} fields (${columns.join(",")}), found ${fields.length}`);
    }
    if (count === MAX_RATINGS) fail(`more than ${MAX_RATINGS} ratings`);
    if (count === capacity) {
      capacity *= 2;
      out = grow(out, capacity);
    }
    columns.forEach((column, i) => {
      const field = (fields[i] as string).trim();
      switch (column) {
        case "rater":
          out.raters[count] = intern(field);
          break;
        case "ratee":
          out.ratees[count] = intern(field);
          break;
        case "rating":
          out.raw[count] = parseNumber(field, "rating", fail);
          break;
        case "time":
          (out.times as Float64Array)[count] = parseTime(field, fail);
          break;
        case "_":
          break;
      }
    });
    out.lines[count] = line;
    count++;
  };
  return {
    feed(text: string, last = false): string {
      let start = 0;
      for (;;) {
        const end = text.indexOf("\n", start);
        if (end < 0) break;
        record(text.slice(start, end > start && text[end - 1] === "\r" ? end - 1 : end));
        start = end + 1;
      }
      const tail = text.slice(start);
      if (last && tail !== "") record(tail.endsWith("\r") ? tail.slice(0, -1) : tail);
      else if (tail.length > MAX_LINE) {
        line++;
        fail(`line longer than ${MAX_LINE} characters`);
      }
      return last ? "" : tail;
    },
    done(): ParsedRatings {
      return {
        count,
        raters: out.raters.subarray(0, count),
        ratees: out.ratees.subarray(0, count),
        raw: out.raw.subarray(0, count),
        times: out.times?.subarray(0, count),
        lines: out.lines.subarray(0, count),
        ids: names,
      };
    },
  };
}

type Buffers = Pick<ParsedRatings, "raters" | "ratees" | "raw" | "times" | "lines">;

function allocate(n: number, hasTime: boolean): Buffers {
  return {
    raters: new Uint32Array(n),
    ratees: new Uint32Array(n),
    raw: new Float64Array(n),
    times: hasTime ? new Float64Array(n) : undefined,
    lines: new Uint32Array(n),
  };
}

function grow(b: Buffers, n: number): Buffers {
  const next = allocate(n, b.times !== undefined);
  next.raters.set(b.raters);
  next.ratees.set(b.ratees);
  next.raw.set(b.raw);
  next.lines.set(b.lines);
  if (b.times !== undefined) next.times?.set(b.times);
  return next;
}

/** RFC 4180 fields of one line: plain, or double-quoted with "" for a quote. */
function splitFields(text: string, fail: (m: string) => never): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) fail("unterminated quoted field");
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ",") fail("text after a closing quote");
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) fail("a quote inside an unquoted field");
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

function isHeader(fields: readonly string[], columns: readonly Column[]): boolean {
  return (
    fields.length === columns.length &&
    columns.every((c, i) => c === "_" || fields[i]?.trim().toLowerCase() === c)
  );
}

function parseNumber(field: string, what: string, fail: (m: string) => never): number {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(field)) {
    fail(`${what} "${field.slice(0, 40)}" is not a number`);
  }
  return Number(field);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Unix seconds, or an ISO 8601 date (UTC unless it names an offset). */
function parseTime(field: string, fail: (m: string) => never): number {
  if (ISO_DATE.test(field)) {
    const dateOnly = field.length === 10;
    const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(field) && !dateOnly;
    const ms = Date.parse(dateOnly || hasZone ? field : `${field.replace(" ", "T")}Z`);
    if (!Number.isFinite(ms)) fail(`time "${field}" is not a valid date`);
    return ms / 1000;
  }
  return parseNumber(field, "time", fail);
}

function inferScale(raw: Float64Array, path: string): Scale {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const r of raw) {
    low = Math.min(low, r);
    high = Math.max(high, r);
  }
  if (!(low < high)) {
    throw new CliError("input", `${path}: every rating is ${low}; give the scale with --scale`);
  }
  return { low, high };
}

function checkScale(parsed: ParsedRatings, scale: Scale, path: string): void {
  for (let i = 0; i < parsed.count; i++) {
    const r = parsed.raw[i] as number;
    if (r < scale.low || r > scale.high) {
      throw new CliError(
        "input",
        `${path}:${parsed.lines[i]}: rating ${r} is outside the scale ${scale.low}..${scale.high}`,
      );
    }
  }
}

/** Ratings mapped linearly onto [-1, 1], the scale of src/trust/fraud. */
function toGraph(parsed: ParsedRatings, scale: Scale) {
  const weights = new Float32Array(parsed.count);
  const span = scale.high - scale.low;
  for (let i = 0; i < parsed.count; i++) {
    weights[i] = Math.min(
      1,
      Math.max(-1, (2 * ((parsed.raw[i] as number) - scale.low)) / span - 1),
    );
  }
  return buildGraph(parsed.ids.length, {
    count: parsed.count,
    sources: parsed.raters,
    targets: parsed.ratees,
    weights,
    ...(parsed.times === undefined ? {} : { times: parsed.times }),
  });
}

function printTable(io: Io, s: SuspicionResult, parsed: ParsedRatings): void {
  const lines = ["suspicion\tfairness\tgoodness\tgiven\treceived\tuser\treasons"];
  for (const u of bySuspicion(s)) {
    const given = s.behaviour.given[u] as number;
    const received = s.received[u] as number;
    const reasons = suspicionReasons(s, u, REASONS_SHOWN)
      .map((r) => `${r.code} (+${r.contribution.toFixed(3)}): ${r.text}`)
      .join("; ");
    lines.push(
      [
        (s.score[u] as number).toFixed(3),
        given > 0 ? (s.rev2.fairness[u] as number).toFixed(3) : "-",
        received > 0 ? (s.rev2.goodness[u] as number).toFixed(3) : "-",
        given,
        received,
        tabless(parsed.ids[u] as string),
        reasons,
      ].join("\t"),
    );
    if (lines.length >= 10_000) io.out(`${lines.splice(0).join("\n")}\n`);
  }
  if (lines.length > 0) io.out(`${lines.join("\n")}\n`);
}

function printJson(io: Io, s: SuspicionResult, parsed: ParsedRatings, scale: Scale): void {
  const head = {
    provenance: s.provenance,
    scale: { low: scale.low, high: scale.high },
    ratings: parsed.count,
    users: parsed.ids.length,
  };
  io.out(`${JSON.stringify(head).slice(0, -1)},"rows":[\n`);
  let chunk: string[] = [];
  let first = true;
  for (const u of bySuspicion(s)) {
    const given = s.behaviour.given[u] as number;
    const received = s.received[u] as number;
    const row = {
      user: parsed.ids[u],
      suspicion: s.score[u],
      fairness: given > 0 ? s.rev2.fairness[u] : null,
      goodness: received > 0 ? s.rev2.goodness[u] : null,
      given,
      received,
      reasons: suspicionReasons(s, u, REASONS_SHOWN),
    };
    chunk.push(`${first ? "" : ","}${JSON.stringify(row)}`);
    first = false;
    if (chunk.length >= 10_000) {
      io.out(`${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  io.out(`${chunk.join("\n")}${chunk.length > 0 ? "\n" : ""}]}\n`);
}

/** Ids may hold tabs or newlines (quoted CSV fields); keep the table one row per line. */
function tabless(id: string): string {
  return id.replace(/[\t\r\n]/g, " ");
}
