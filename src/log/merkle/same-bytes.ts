/**
 * Byte equality of hashes. Roots and proof hashes are public values, so no constant-time comparison is
 * needed.
 *
 * @example sameBytes(computedRoot, checkpoint.root)
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
