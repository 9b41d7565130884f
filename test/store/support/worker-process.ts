/**
 * Runs store-worker.ts in child processes that start their work together. Test helper.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "./backends.js";

const WORKER = fileURLToPath(new URL("./store-worker.ts", import.meta.url));

/** A started worker: ready once its database is open; works after go(); result is what it printed. */
export interface WorkerRun {
  readonly ready: Promise<void>;
  go(): void;
  readonly result: Promise<unknown>;
}

/**
 * Starts one worker command against the test database (see store-worker.ts for the commands).
 *
 * @example const run = startWorker(current().location, ["append", "s", "20"])
 */
export function startWorker(
  location: TestDatabase["location"],
  command: readonly string[],
): WorkerRun {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, JSON.stringify(location), ...command],
    { stdio: ["pipe", "pipe", "pipe"], timeout: 60_000 },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve, reject) => {
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited with ${code}: ${stderr}`)),
    );
  });
  const nextLine = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) {
      await exited;
      throw new Error(`worker printed nothing: ${stderr}`);
    }
    return line.value;
  };
  const ready = nextLine().then((line) => {
    if (line !== "ready") throw new Error(`worker said ${line}: ${stderr}`);
  });
  const result = ready.then(async () => {
    const line = await nextLine();
    await exited;
    return JSON.parse(line) as unknown;
  });
  return { ready, go: () => child.stdin.end("go\n"), result };
}

/**
 * Starts several workers, waits until all have opened the database, then lets them work at once.
 * `alongside` runs in this process at the same moment.
 *
 * @example const [mine, ...theirs] = await runWorkersTogether(location, [cmd, cmd], () => writeHere())
 */
export async function runWorkersTogether<T>(
  location: TestDatabase["location"],
  commands: readonly (readonly string[])[],
  alongside: () => Promise<T>,
): Promise<[T, ...unknown[]]> {
  const runs = commands.map((command) => startWorker(location, command));
  await Promise.all(runs.map((r) => r.ready));
  for (const run of runs) run.go();
  return Promise.all([alongside(), ...runs.map((r) => r.result)]);
}
