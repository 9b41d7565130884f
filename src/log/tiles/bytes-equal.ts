/**
 * Byte-for-byte equality of two hashes. Tiles and roots are public data, so no constant-time compare.
 */

/**
 * True when `a` and `b` hold the same bytes.
 *
 * @example bytesEqual(root, checkpoint.rootHash)
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
