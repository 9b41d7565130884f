/**
 * An in-process async mutex keyed by string: one holder per key at a time, in arrival order, while holders of
 * different keys run concurrently. The store keys it by space so that one space has one writer at a time
 * (database.ts); the map only holds keys that are held or awaited, so it does not grow with the number of
 * spaces ever written.
 */

/** Runs functions one at a time per key. */
export interface KeyedMutex {
  /** Runs `fn` once every earlier holder of `key` has finished (resolved or thrown). */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** How many keys are held or awaited right now (for tests and metrics). */
  size(): number;
}

/**
 * Creates an empty keyed mutex.
 *
 * @example
 * const writers = createKeyedMutex()
 * await writers.run(space, async () => append(space, entry))
 */
export function createKeyedMutex(): KeyedMutex {
  // The last holder's release per key; every newcomer queues behind it. The promises never reject.
  const tails = new Map<string, Promise<void>>();

  async function run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => released);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  }

  return { run, size: () => tails.size };
}
