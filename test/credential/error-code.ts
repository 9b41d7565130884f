/** Test helpers: the CredentialError code a call throws or rejects with, or "no error". */
import { isCredentialError } from "../../src/credential/errors.js";

export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isCredentialError(e)) return e.code;
    throw e;
  }
  return "no error";
}

export async function asyncCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isCredentialError(e)) return e.code;
    throw e;
  }
  return "no error";
}
