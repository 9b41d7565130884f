/**
 * Runs the evidence's assembly and computeScores (compute.ts) in a worker thread, so a whole-graph
 * computation over a large space does not stop the event loop: the HTTP server keeps answering and the
 * CLI keeps drawing its progress. The rows read from the database are structured-cloned into the
 * worker (one copy, linear in the space's size); the scores come back the same way.
 */
import { Worker } from "node:worker_threads";
import type { EvidenceRows } from "../evidence.js";
import type { ComputedScores, ComputeProgress, PreviousScores } from "./compute.js";
import type { ToMain, WorkerInput } from "./messages.js";

/**
 * Assembles the evidence of `rows` and computes in a worker thread; progress arrives through
 * `onProgress` on this thread.
 *
 * @example const computed = await computeInWorker(rows, NOTHING_STORED, (stage, done, total) => …)
 */
export function computeInWorker(
  rows: EvidenceRows,
  previous: PreviousScores,
  onProgress: ComputeProgress = () => {},
): Promise<ComputedScores> {
  const worker = startWorker({ rows, previous });
  return new Promise<ComputedScores>((resolve, reject) => {
    let result: ComputedScores | undefined;
    worker.on("message", (message: ToMain) => {
      switch (message.kind) {
        case "progress":
          onProgress(message.stage, message.done, message.total);
          return;
        case "done":
          result = message.result;
          return;
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`the recompute worker exited with code ${code} and no result`));
    });
  });
}

/**
 * From dist/ the worker is plain JavaScript. From the sources (tests, `npm run fabrique` under tsx) it
 * is TypeScript, which a worker thread cannot load until tsx's loader is registered in it: the worker
 * then starts from a two-line bootstrap that registers tsx and imports worker.ts.
 */
function startWorker(workerData: WorkerInput): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./worker.js", here), { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./worker.ts", here).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
