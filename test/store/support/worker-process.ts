/**
 * Runs store-worker.ts in a child process. Test helper.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "./backends.js";

const WORKER = fileURLToPath(new URL("./store-worker.ts", import.meta.url));

/**
 * Runs one worker command against the test database and returns the JSON it printed.
 *
 * @example const indices = await runWorker(current().location, ["append", "s", "20"])
 */
export function runWorker(
  location: TestDatabase["location"],
  command: readonly string[],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", WORKER, JSON.stringify(location), ...command],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`worker failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}
