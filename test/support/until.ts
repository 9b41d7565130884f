/**
 * Polls until a probe has an answer, for tests that wait on a real server or a background loop (the
 * sealer, a witness): 50 ms between tries, an error after `ms`. Test helper.
 */

/** @example const note = await until(async () => (await fetch(url)).ok ? await r.text() : undefined) */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
