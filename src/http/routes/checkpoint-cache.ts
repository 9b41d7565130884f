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

/** The cache of the latest checkpoints (the note, or what the route builds from it). */
export interface CheckpointCache<T = string> {
  /** The latest checkpoint of `space`: remembered, or read by `read` (remembered when it may be). */
  latest(space: string, read: () => Promise<T>): Promise<T>;
  /** The latest checkpoint of `space` when one is remembered and its read has settled, else undefined. */
  peek(space: string): T | undefined;
  /** Stops listening. */
  close(): void;
}

interface Entry<T> {
  readonly value: Promise<T>;
  /** Set once `value` resolved (while the entry is still the space's). */
  settled?: T;
}

/**
 * @example
 * const checkpoints = createCheckpointCache(sealer)
 * const note = await checkpoints.latest(space, async () => (await latestSignedCheckpoint(db.kysely, space)).note)
 */
export function createCheckpointCache<T = string>(
  signal: PublishedSignal | undefined,
): CheckpointCache<T> {
  if (signal === undefined) {
    return { latest: (_space, read) => read(), peek: () => undefined, close() {} };
  }
  // A read in flight is shared by the requests that miss together (after each seal).
  const entries = new Map<string, Entry<T>>();
  const stop = signal.onPublished((space) => {
    entries.delete(space);
  });
  return {
    latest(space, read) {
      const kept = entries.get(space);
      if (kept !== undefined) return kept.value;
      const entry: Entry<T> = { value: read() };
      entries.set(space, entry);
      entry.value.then(
        (value) => {
          entry.settled = value;
        },
        // A failure (no checkpoint yet) is not kept.
        () => {
          if (entries.get(space) === entry) entries.delete(space);
        },
      );
      return entry.value;
    },
    peek(space) {
      return entries.get(space)?.settled;
    },
    close: stop,
  };
}
