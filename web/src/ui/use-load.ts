/**
 * Loading data for a page: the state of one asynchronous read (loading, its value, or its error),
 * reloaded when its dependencies change or on demand, and abandoned when the page moves on.
 */
import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";

/** The state of a read. */
export type Load<T> =
  | { readonly state: "loading" }
  | { readonly state: "ok"; readonly value: T }
  | { readonly state: "error"; readonly error: Error };

/**
 * Runs `read` now and whenever `deps` change; `reload()` runs it again.
 *
 * @example const [space, reload] = useLoad((signal) => getSpace(id, signal), [id])
 */
export function useLoad<T>(
  read: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [round, setRound] = useState(0);
  const readRef = useRef(read);
  readRef.current = read;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to read again
  useEffect(() => {
    const controller = new AbortController();
    setLoad((previous) => (previous.state === "ok" ? previous : { state: "loading" }));
    readRef.current(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setLoad({ state: "ok", value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({
          state: "error",
          error: error instanceof Error ? error : new Error(String(error)),
        });
      },
    );
    return () => controller.abort();
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return [load, reload];
}
