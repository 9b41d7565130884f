/** Test helper: the LogError code a call throws, or "no error". Other errors propagate. */
import { isLogError } from "../../../src/log/errors.js";

export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isLogError(e)) return e.code;
    throw e;
  }
  return "no error";
}
