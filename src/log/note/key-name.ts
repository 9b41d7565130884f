/**
 * Key names (c2sp.org/signed-note §Format): "Key names MUST be non-empty and MUST NOT contain any Unicode
 * spaces or plus (U+002B) characters." The name also appears in verifier keys (`name+keyid+key`), which is
 * why '+' is banned.
 */
import { LogError } from "../errors.js";
import { assertNoControlCharacters, assertWellFormed } from "./utf8.js";

// Go's unicode.IsSpace, which golang.org/x/mod/sumdb/note uses: the Latin-1 spaces plus the Unicode
// White_Space characters. (JavaScript's \s also matches U+FEFF, which Go does not treat as a space.)
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

/**
 * True when `name` is a valid key name. Stricter than the spec in one way: control characters are
 * refused too, since a name must fit on a signature line, where they are banned.
 *
 * @example isValidKeyName("sum.golang.org") // true
 */
export function isValidKeyName(name: string): boolean {
  try {
    assertKeyName(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws LogError("malformed") unless `name` is a valid key name.
 *
 * @example assertKeyName("example.com/log") // ok
 */
export function assertKeyName(name: string, what = "key name"): void {
  if (name.length === 0) throw new LogError("malformed", `${what} is empty`);
  if (name.includes("+")) throw new LogError("malformed", `${what} contains '+'`);
  if (UNICODE_SPACE.test(name)) throw new LogError("malformed", `${what} contains a space`);
  assertWellFormed(name, what);
  assertNoControlCharacters(name, what);
}
