/**
 * Downloading a file the API answers to an authenticated request (the member's export archive): the
 * bytes are fetched with the credential in the Authorization header (never in a URL), then handed to
 * the browser as a download.
 */
import { problemOf } from "./problem.js";

/**
 * Fetches `path` with `credential` and saves the answer as `filename`.
 *
 * @example await downloadWith("/v1/spaces/stays/me", token, "stays-export.zip")
 */
export async function downloadWith(
  path: string,
  credential: string,
  filename: string,
): Promise<number> {
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${credential}` },
    credentials: "omit",
  });
  if (!res.ok) throw await problemOf(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return blob.size;
}
