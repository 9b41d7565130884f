/**
 * Crash: a writer process (support/service-writer.ts) writes a market space through the real space
 * service as fast as it can (single executes and small batches of recordInteraction and submitReview)
 * and prints each receipt once its call has resolved; the test kills it with SIGKILL after a seeded
 * random delay (one kill in four counted from the writer's start, so it may land while the writer
 * opens the database after the previous crash; the others from its first acknowledgement, so they land
 * while it writes), 20 times over, each new writer continuing the same space so the crashes
 * accumulate; a last writer then runs to completion.
 * After every kill the test opens the database afresh and checks (support/log-audit.ts): every
 * acknowledged receipt verifies under the space's key, and the entry at its index has its leaf hash
 * and type; indices are gap-free and log_state's size is their count; the root recomputed from the
 * entries equals log_state's and the HashStore's; every private part opens its entry's commitment and
 * every committed entry has its part; every creating event has its record; and, every fifth kill and
 * at the end, rebuilding the projections from the log changes no row. On both backends.
 *
 * What a SIGKILL proves, and what it does not: the process dies at an arbitrary instruction, possibly
 * inside a transaction or a COMMIT, so this shows that a transaction is atomic across a process crash
 * (entries, node hashes, log state, projections and private parts all or nothing), that an
 * acknowledgement is only given after the commit, and that reopening recovers (SQLite: the WAL of a
 * dead writer; PostgreSQL: the server rolls back a dead client's transaction). It does not simulate a
 * power loss or an OS crash: the killed process's writes already handed to the kernel survive in the
 * page cache either way, so it cannot tell synchronous=FULL from OFF. That durability rests on
 * SQLite's WAL with synchronous=FULL (an fsync per commit, test/store/durability.test.ts checks the
 * setting) and PostgreSQL's synchronous_commit=on with fsync.
 *
 * A failure names its seed; rerun with FABRIQUE_CRASH_SEED=<seed> to repeat the same kill delays and
 * the same mix of calls (the moments the kills land still depend on the machine's speed).
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { verifyReceipt } from "../../../src/log/receipt/index.js";
import type { Database } from "../../../src/store/database.js";
import { createKeyVault } from "../../../src/store/keys/key-vault.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { rebuild } from "../../../src/store/projections/rebuild.js";
import { createSpaceService } from "../../../src/store/space/service.js";
import { projectionSnapshot } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { auditLog, type LogAudit } from "./support/log-audit.js";
import { openMarket } from "./support/market.js";
import { RECEIPT_HOST, WRITER_MARKET_SIZE } from "./support/writer-args.js";
import {
  type Acknowledged,
  type Kill,
  killPlan,
  startWriter,
  type WriterProcess,
} from "./support/writers.js";

const SPACE = "market";
const KILLS = 20;
const SEED = Number(process.env.FABRIQUE_CRASH_SEED ?? 20_251_129);
/** Kill delays: after "go" (the writer opens the database, then writes), or after it first wrote. */
const KILL_RANGES = { goMs: [60, 450], writingMs: [0, 250] } as const;
/** A writer that acknowledges nothing this long after "go" is stuck: the test fails. */
const STUCK_MS = 30_000;

describeBackends("crash: SIGKILL while writing", (backend) => {
  const current = freshDatabasePerTest(backend);

  it(`keeps every acknowledged event, none half-written, and a root that recomputes (seed ${SEED})`, {
    timeout: 180_000,
  }, async () => {
    const { db, location, openSecond } = current();
    const masterKey = new Uint8Array(randomBytes(32));
    const vault = createKeyVault(masterKey);
    const signers = createSpaceLogSigners({ vault, host: RECEIPT_HOST });
    await openMarket(createSpaceService({ db, vault, signers }), SPACE, WRITER_MARKET_SIZE);
    const { verifierKey } = await signers.signerFor(db.kysely, SPACE);
    // From here on only the writers and the fresh handles of the checks touch the database.
    await db.close();

    const started: WriterProcess[] = [];
    const writer = (n: number) => {
      // Writers 0 … KILLS − 1 write until killed; the last one runs six calls to completion.
      const calls = n < KILLS ? "forever" : 6;
      const w = startWriter({
        location,
        masterKey,
        space: SPACE,
        name: `w${n}`,
        seed: SEED + n,
        calls,
      });
      started.push(w);
      return w;
    };
    const kills = killPlan(SEED, KILLS, KILL_RANGES);
    const promised = new Map<number, Promised>();
    // Two writers load ahead (loading TypeScript is most of a writer's start); each opens the
    // database only when told to go.
    const loading = [writer(0), writer(1)];
    try {
      for (let k = 0; k < KILLS; k++) {
        const current = loading.shift() as WriterProcess;
        await current.ready;
        current.go();
        const kill = kills[k] as Kill;
        if (kill.after === "writing") {
          await withinMs(current.writing, STUCK_MS, `w${k} wrote nothing`);
        }
        await sleep(kill.ms);
        await current.kill();
        keepVerified(current.acknowledged, verifierKey, promised);
        if (k + 2 <= KILLS) loading.push(writer(k + 2));
        await withFreshHandle(openSecond, async (reopened) => {
          const audit = await auditLog(reopened, SPACE, { allPrivateParts: true });
          expectPromisesKept(promised, audit, `after kill ${k + 1} (seed ${SEED})`);
          if (k % 5 === 4) await expectRebuildChangesNothing(reopened);
        });
      }

      // A last writer runs to completion on the space twenty crashes left behind.
      const last = loading.shift() as WriterProcess;
      await last.ready;
      last.go();
      keepVerified(await last.finished, verifierKey, promised);
      await withFreshHandle(openSecond, async (reopened) => {
        const audit = await auditLog(reopened, SPACE, { allPrivateParts: true });
        expectPromisesKept(promised, audit, `at the end (seed ${SEED})`);
        await expectRebuildChangesNothing(reopened);
        expect(promised.size, "acknowledged events").toBeGreaterThan(KILLS * 2);
      });
    } finally {
      // A failed check leaves writers loading or waiting: end them (a no-op for the exited ones).
      await Promise.all(started.map((w) => w.kill()));
    }
  });
});

/** An acknowledged receipt after its signature verified: what it promises. */
interface Promised {
  readonly writer: string;
  readonly leafHash: string;
  readonly type: string;
}

/**
 * Verifies each receipt under the space's key as it arrives and keeps what it promises by index; an
 * index promised twice fails.
 */
function keepVerified(
  acks: readonly Acknowledged[],
  verifierKey: string,
  promised: Map<number, Promised>,
): void {
  for (const ack of acks) {
    const receipt = verifyReceipt(ack.note, verifierKey);
    expect(receipt.index, `${ack.writer}'s receipt states its index`).toBe(ack.index);
    expect(promised.has(ack.index), `index ${ack.index} acknowledged twice`).toBe(false);
    const leafHash = Buffer.from(receipt.leafHash).toString("hex");
    promised.set(ack.index, { writer: ack.writer, leafHash, type: ack.type });
  }
}

/** Every acknowledged entry is in the log, with the leaf hash its receipt states and its type. */
function expectPromisesKept(
  promised: ReadonlyMap<number, Promised>,
  audit: LogAudit,
  when: string,
) {
  const missing = [...promised.keys()].filter((index) => index >= audit.size);
  expect(missing, `acknowledged but missing ${when}`).toEqual([]);
  for (const [index, p] of promised) {
    expect(audit.leafHashes[index], `leaf hash of acknowledged ${index} ${when}`).toBe(p.leafHash);
    expect(audit.entries[index]?.type, `type of acknowledged ${index} ${when}`).toBe(p.type);
  }
}

/** Rebuilding the projections from the log gives back every row the writers built incrementally. */
async function expectRebuildChangesNothing(db: Database): Promise<void> {
  const incremental = await projectionSnapshot(db, SPACE);
  await rebuild(db, SPACE);
  expect(await projectionSnapshot(db, SPACE)).toEqual(incremental);
}

/** `p`, or a failure saying `what` after `ms`. */
async function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  const timer = new AbortController();
  const timeout = sleep(ms, undefined, { signal: timer.signal }).then(() => {
    throw new Error(`${what} within ${ms} ms`);
  });
  timeout.catch(() => {}); // aborted once p settles
  try {
    return await Promise.race([p, timeout]);
  } finally {
    timer.abort();
  }
}

async function withFreshHandle(
  open: () => Promise<Database>,
  check: (db: Database) => Promise<void>,
): Promise<void> {
  const db = await open();
  try {
    await check(db);
  } finally {
    await db.close();
  }
}
