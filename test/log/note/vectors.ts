/**
 * Loads the shared signed-note vectors (../shared/vectors/note/notes.json, see ../shared/README.md).
 * Tests skip with a clear message when ../shared is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHARED = fileURLToPath(new URL("../../../../shared/", import.meta.url));

/** True when the shared vectors are present. */
export const HAVE_SHARED = existsSync(`${SHARED}vectors/note/notes.json`);

/** Why a suite is skipped. */
export const SKIP_REASON = `skipped: ${SHARED} is absent (shared vectors)`;

export interface NoteVectors {
  peterNeumann: {
    vkey: string;
    skey: string;
    text: string;
    signed: string;
    signedTwice: string;
  };
  sumGolangOrg: { vkey: string; signed: string };
  goldenTreeNote: { text: string; size: string };
  formatsKeys: { logVkey: string; logSkey: string };
  cosignedCheckpoint: {
    logVkey: string;
    cosignerVkey: string;
    checkpointText: string;
    cosignatureSignedMessage: string;
    cosignatureTimestamp: number;
    signed: string;
  };
}

let cached: NoteVectors | undefined;

/** The parsed notes.json (call only inside a suite skipped when !HAVE_SHARED). */
export function noteVectors(): NoteVectors {
  if (!HAVE_SHARED) throw new Error(SKIP_REASON);
  cached ??= JSON.parse(readFileSync(`${SHARED}vectors/note/notes.json`, "utf8")) as NoteVectors;
  return cached;
}

/** The absolute path of a file under ../shared. */
export function sharedPath(path: string): string {
  return `${SHARED}${path}`;
}

/** A suite title that says why the suite is skipped, when it is. */
export function titled(title: string): string {
  return HAVE_SHARED ? title : `${title} (${SKIP_REASON})`;
}
