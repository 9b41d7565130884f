/**
 * The latest signed checkpoint of each space, kept in memory until the sealer publishes another.
 * GET …/log/checkpoint is the most polled resource of a log (every monitor and witness asks for it) and
 * it changes only when the sealer signs (src/store/sealer/sealer.ts), so reading it from the database
 * on every request was pure cost (bench/http.ts).
 *
 * Correctness: the entry of a space is dropped whenever the sealer says its checkpoint may have changed
 * (`onPublished`: after it signed one, or when a pass finds one another process signed, within one
 * seal interval). A read that was in flight when that happened is dropped with the entry, so requests
 * after the publication read again: a newer checkpoint is never hidden behind an older one. Without a sealer in the
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
  // A read in flight is shared by the requests that miss together (after each seal).
  const entries = new Map<string, Promise<string>>();
  const stop = signal.onPublished((space) => {
    entries.delete(space);
  });
  return {
    latest(space, read) {
      const kept = entries.get(space);
      if (kept !== undefined) return kept;
      const note = read();
      entries.set(space, note);
      // A failure (no checkpoint yet) is not kept.
      note.catch(() => {
        if (entries.get(space) === note) entries.delete(space);
      });
      return note;
    },
    close: stop,
  };
}
