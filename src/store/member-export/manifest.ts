/**
 * The manifest of a member export and its signature. manifest.json lists every other file of the
 * archive with its SHA-256; manifest.sig is a C2SP signed note by the space's log key (the key that
 * signs its checkpoints and receipts, published at /v1/spaces/{space}/log/key), so anyone can check
 * offline that the archive is what the space produced and that nothing in it was changed:
 *
 *     fabrique-export/v1
 *     <origin>                        the space's log, also the key name
 *     <member>
 *     <SHA-256 of manifest.json, lowercase hex: what `sha256sum manifest.json` prints>
 *
 * Domain separation as for receipts (src/log/receipt/receipt.ts): the fixed first line is never an
 * origin, so an export note never parses as a checkpoint or a receipt, nor they as one.
 *
 * openExportNote parses untrusted text (a note from an archive): at most MAX_NOTE_SIZE bytes (openNote),
 * exactly four lines, the header, a 64-digit hex digest.
 */
import { createHash } from "node:crypto";
import { LogError } from "../../log/errors.js";
import {
  type NoteSigner,
  openNote,
  parseVerifierKey,
  signNote,
  verifierFromKey,
} from "../../log/note/index.js";
import type { DataOrigin } from "./record-schemas.js";

/** The first line of an export note. */
export const EXPORT_NOTE_HEADER = "fabrique-export/v1";

/** The manifest's format name. */
export const EXPORT_FORMAT = "fabrique-member-export/v1";

/** One file of the archive. */
export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Records in a data file; null for other files (README, schemas, the checkpoint). */
  readonly records: number | null;
  readonly dataOrigins: readonly DataOrigin[];
  /** The path of its JSON Schema in the archive, or null. */
  readonly schema: string | null;
}

/** manifest.json. */
export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly space: string;
  readonly member: string;
  /** "full": everything; "portable": provided and observed data only (GDPR Art. 20). */
  readonly scope: "full" | "portable";
  readonly generatedAt: string;
  readonly log: {
    readonly origin: string;
    readonly verifierKey: string;
    /** The checkpoint the inclusion proofs lead to (log/checkpoint holds the signed note); null: none yet. */
    readonly checkpoint: { readonly size: number; readonly rootHash: string } | null;
  };
  readonly files: readonly ManifestFile[];
}

/** What a verified export note says. */
export interface ExportNote {
  readonly origin: string;
  readonly member: string;
  readonly manifestSha256: string;
}

/**
 * Signs the manifest's bytes: the text of manifest.sig.
 *
 * @example const sig = signExportNote(signer.signer, signer.origin, member, manifestBytes)
 */
export function signExportNote(
  signer: NoteSigner,
  origin: string,
  member: string,
  manifest: Uint8Array,
): string {
  if (signer.name !== origin) throw new LogError("malformed", "the signer is not the space's log");
  const digest = createHash("sha256").update(manifest).digest("hex");
  return signNote(`${EXPORT_NOTE_HEADER}\n${origin}\n${member}\n${digest}\n`, [signer]);
}

/**
 * Opens manifest.sig with the space's verifier key and checks it signs `manifest`. Throws LogError:
 * "bad-signature"/"unverified" (another key, a changed note), "malformed", "inconsistent" (the note
 * signs another manifest).
 *
 * @example const { member } = openExportNote(sigText, vkey, manifestBytes)
 */
export function openExportNote(signed: string, vkey: string, manifest: Uint8Array): ExportNote {
  const key = parseVerifierKey(vkey);
  const note = openNote(signed, [verifierFromKey(key)]);
  const lines = note.text.endsWith("\n") ? note.text.slice(0, -1).split("\n") : [];
  const [header, origin = "", member = "", digest = ""] = lines;
  if (lines.length !== 4 || header !== EXPORT_NOTE_HEADER || !/^[0-9a-f]{64}$/.test(digest)) {
    throw new LogError("malformed", "not a fabrique-export/v1 note");
  }
  if (origin !== key.name) {
    throw new LogError("unverified", `the note names ${origin}, the key is ${key.name}`);
  }
  if (createHash("sha256").update(manifest).digest("hex") !== digest) {
    throw new LogError("inconsistent", "manifest.json is not the manifest the note signs");
  }
  return { origin, member, manifestSha256: digest };
}
