/**
 * Where the shared conformance vectors live (../shared from the repo root), for the tiles tests.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of /work/shared/vectors (or wherever ../shared sits next to the repository). */
export const vectorsDir = fileURLToPath(new URL("../../../../shared/vectors/", import.meta.url));

/** True when the vectors are present; tests that need them skip otherwise. */
export const haveVectors = existsSync(vectorsDir);
