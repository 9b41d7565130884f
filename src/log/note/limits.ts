/**
 * Limits of the signed-note parsers (c2sp.org/signed-note). Notes arrive from untrusted peers (logs,
 * witnesses, mirrors), so every parser bounds the work it does before touching a signature.
 *
 * - MAX_NOTE_SIZE: a whole signed note, in UTF-8 bytes. Checkpoints are a few hundred bytes; 1 MiB leaves
 *   room for 100 post-quantum signatures (the spec warns they reach nearly 5 kB each).
 * - MAX_SIGNATURES: signature lines per note. The spec requires accepting at least 16 and lets verifiers
 *   cap the count; golang.org/x/mod/sumdb/note caps it at 100, and so do we.
 * - MAX_SIGNATURE_LINE_SIZE: one `— name base64` line, in UTF-8 bytes (a ~5 kB signature is ~6.7 kB of
 *   base64, plus the name).
 * - MAX_KEY_SIZE: an encoded verifier or signer key, in characters (an ML-DSA-44 vkey is ~1.8 kB).
 */

/** Largest signed note accepted or produced, in UTF-8 bytes (1 MiB). */
export const MAX_NOTE_SIZE = 1024 * 1024;

/** Most signature lines accepted or produced in one note (same cap as golang.org/x/mod/sumdb/note). */
export const MAX_SIGNATURES = 100;

/** Longest signature line accepted, in UTF-8 bytes, without its final newline. */
export const MAX_SIGNATURE_LINE_SIZE = 8 * 1024;

/** Longest encoded verifier or signer key accepted, in characters. */
export const MAX_KEY_SIZE = 8 * 1024;
