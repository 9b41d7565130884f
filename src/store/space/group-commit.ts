/**
 * Group commit: single commands that arrive for a space while its writer transaction is busy wait for it,
 * then commit together in the next batch (one transaction, one fsync). With no contention a command runs at
 * once, alone; under load the cost of a durable commit is shared by everyone who arrived meanwhile, as in
 * PostgreSQL's and InnoDB's group commit. Outcomes stay per command and in arrival order: executeBatch skips
 * a refused command and lets the later ones see the state without it, exactly as if they had run one by one.
 * An infrastructure error (thrown) rolls back the batch and is given to every caller in it.
 *
 * A batch starts one event-loop turn after its first command arrives (setImmediate), so that commands
 * arriving in the same I/O phase join it; an uncontended command waits that one turn, microseconds.
 */

/** Runs the queued calls of one key as one batch, returning one result per call, in order. */
export type BatchRunner<C, R> = (key: string, calls: readonly C[]) => Promise<readonly R[]>;

interface Waiting<C, R> {
  readonly call: C;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * @example
 * const submit = groupCommit((space, calls) => executeBatch(space, calls), 1000)
 * const result = await submit("stays", call)
 */
export function groupCommit<C, R>(
  run: BatchRunner<C, R>,
  maxBatch: number,
): (key: string, call: C) => Promise<R> {
  const queues = new Map<string, Waiting<C, R>[]>();

  async function drain(key: string, queue: Waiting<C, R>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await run(
          key,
          batch.map((w) => w.call),
        );
        batch.forEach((w, i) => {
          const result = results[i];
          if (result === undefined)
            w.reject(new Error("a batch returned fewer results than calls"));
          else w.resolve(result);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(key);
  }

  return (key, call) =>
    new Promise<R>((resolve, reject) => {
      const running = queues.get(key);
      if (running !== undefined) {
        running.push({ call, resolve, reject });
        return;
      }
      const queue: Waiting<C, R>[] = [{ call, resolve, reject }];
      queues.set(key, queue);
      // Start on the next turn of the event loop, not now. A request reaches this point from an I/O
      // callback; the requests whose bytes arrived with it are handled in the same poll phase, after
      // it. With better-sqlite3 every statement of a transaction resolves at once and the commit's
      // fsync blocks the loop, so a batch started now would run to its commit before any of them got
      // here, and every batch would hold one command (measured over HTTP: 856 batches of 1 under 32
      // concurrent writers). setImmediate runs after the poll phase: they join this batch.
      setImmediate(() => void drain(key, queue));
    });
}
