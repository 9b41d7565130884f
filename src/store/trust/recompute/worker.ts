/**
 * The worker thread's entry (started by in-worker.ts): computes a space's scores from the evidence it
 * was given and posts progress, then the result. Nothing here touches the database: the main thread
 * read the evidence and writes the rows.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type ComputedScores, computeScores } from "./compute.js";
import type { ToMain, WorkerInput } from "./messages.js";

const port = parentPort;
if (port === null) throw new Error("recompute/worker.ts runs in a worker thread only");
const { evidence, previous } = workerData as WorkerInput;
const post = (message: ToMain) => port.postMessage(message);
const result: ComputedScores = computeScores(evidence, previous, (stage, done, total) =>
  post({ kind: "progress", stage, done, total }),
);
post({ kind: "done", result });
