/**
 * A per-key mutex for one process. The witness must check the old size against its latest cosigned
 * checkpoint and persist the new one atomically (c2sp.org/tlog-witness §add-checkpoint: otherwise two
 * racing requests can roll the log back); requests for different logs do not wait for each other.
 */

/** Runs critical sections one at a time per key. */
export interface KeyedLock {
  /** Runs `section` once every earlier section for `key` has settled; resolves with its result. */
  run<T>(key: string, section: () => Promise<T>): Promise<T>;
}

/**
 * Creates a lock; keys no section waits on are forgotten, so memory is bounded by the keys in use.
 *
 * @example await lock.run(origin, async () => { check(await state.latest(origin)); await state.commit(…) })
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run(key, section) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.then(() => section());
      const tail = current.catch(() => undefined);
      tails.set(key, tail);
      try {
        return await current;
      } finally {
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
