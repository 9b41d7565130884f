/**
 * Progress for long CLI jobs, on stderr so stdout stays machine-readable. On a terminal the line is redrawn
 * in place at most ~10 times a second; elsewhere (CI logs, pipes) a line is printed every 10% at most,
 * and only once the job has run for a second, so short jobs stay quiet.
 */
import type { Io } from "./io.js";

export interface Progress {
  /** Reports `done` units out of `total` (total may be unknown). */
  readonly update: (done: number, total?: number) => void;
  /** Prints the final line. */
  readonly finish: (summary: string) => void;
}

/**
 * @example const p = progress(io, "appending"); p.update(500, 1000); p.finish("1000 entries")
 */
export function progress(io: Io, label: string, now: () => number = Date.now): Progress {
  const started = now();
  let lastDraw = 0;
  let lastDecile = -1;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (io.errIsTty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        drawn = true;
        io.err(`\r${label}: ${describe(done, total, t - started)}\u001b[K`);
        return;
      }
      if (total === undefined || total === 0 || t - started < 1000) return;
      const decile = Math.floor((done / total) * 10);
      if (decile <= lastDecile || decile >= 10) return;
      lastDecile = decile;
      io.err(`${label}: ${describe(done, total, t - started)}\n`);
    },
    finish(summary) {
      const seconds = ((now() - started) / 1000).toFixed(1);
      io.err(`${drawn ? "\r\u001b[K" : ""}${label}: ${summary} in ${seconds} s\n`);
    },
  };
}

function describe(done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000) : 0;
  const share = total ? ` / ${total} (${Math.floor((done / total) * 100)}%)` : "";
  return `${done}${share}, ${rate}/s`;
}
