/**
 * Where the evaluation data sets live: ../shared/data next to the repository (see
 * ../shared/README.md), or $FABRIQUE_DATA. The bench reads them in place and never copies them.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** The data directory, or undefined when it is absent. */
export function sharedDataDir(): string | undefined {
  const dir = process.env.FABRIQUE_DATA ?? resolve(REPO_ROOT, "../shared/data");
  return existsSync(dir) ? dir : undefined;
}

/** The path of `relative` under the data directory; throws a clear error when it is absent. */
export function dataFile(relative: string): string {
  const dir = sharedDataDir();
  if (dir === undefined) {
    throw new Error("../shared/data is absent: set FABRIQUE_DATA to the data directory");
  }
  return resolve(dir, relative);
}
