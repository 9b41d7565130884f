/**
 * The latest signed checkpoint of each space, kept in memory until the sealer publishes another.
 * GET …/log/checkpoint is the most polled resource of a log (every monitor and witness asks for it) and
 * it changes only when the sealer signs (src/store/sealer/sealer.ts), so reading it from the database
 * on every request was pure cost (bench/http.ts).
 *
 * Correctness: the entry of a space is dropped whenever the sealer says its checkpoint may have changed
 * (`onPublished`: after it signed one, or when a pass finds one another process signed, within one
 * seal interval). A read that was in flight when that happened is not remembered (a per-space
 * generation), so a newer checkpoint is never hidden behind an older one. Without a sealer in the
 * process nothing is cached: every request reads the database, as before.
 */
/** Where the cache learns that a checkpoint changed (the Sealer). */
export interface PublishedSignal {
  onPublished(listener: (space: string) => void): () => void;
}

/** The cache of the latest checkpoints. */
export interface CheckpointCache {
  /** The latest checkpoint note of `space`: remembered, or read by `read` (remembered when it may be). */
  latest(space: string, read: () => Promise<string>): Promise<string>;
  /** Stops listening. */
  close(): void;
}

/**
 * @example
 * const checkpoints = createCheckpointCache(sealer)
 * const note = await checkpoints.latest(space, async () => (await latestSignedCheckpoint(db.kysely, space)).note)
 */
export function createCheckpointCache(signal: PublishedSignal | undefined): CheckpointCache {
  if (signal === undefined) return { latest: (_space, read) => read(), close() {} };
  const entries = new Map<string, string>();
  const generations = new Map<string, number>();
  const stop = signal.onPublished((space) => {
    entries.delete(space);
    generations.set(space, (generations.get(space) ?? 0) + 1);
  });
  return {
    async latest(space, read) {
      const cached = entries.get(space);
      if (cached !== undefined) return cached;
      const started = generations.get(space) ?? 0;
      const note = await read();
      if ((generations.get(space) ?? 0) === started) entries.set(space, note);
      return note;
    },
    close: stop,
  };
}
