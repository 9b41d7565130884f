/**
 * The worker thread's entry (started by in-worker.ts): assembles the evidence from the rows it was
 * given (parsing every review record is CPU work too), computes the space's scores and posts progress,
 * then the result. Nothing here touches the database: the main thread read the rows and writes the
 * scores.
 */
import { parentPort, workerData } from "node:worker_threads";
import { assembleEvidence } from "../evidence.js";
import { type ComputedScores, computeScores } from "./compute.js";
import type { ToMain, WorkerInput } from "./messages.js";

const port = parentPort;
if (port === null) throw new Error("recompute/worker.ts runs in a worker thread only");
const { rows, previous } = workerData as WorkerInput;
const post = (message: ToMain) => port.postMessage(message);
const evidence = assembleEvidence(rows);
const result: ComputedScores = computeScores(evidence, previous, (stage, done, total) =>
  post({ kind: "progress", stage, done, total }),
);
post({ kind: "done", result });
