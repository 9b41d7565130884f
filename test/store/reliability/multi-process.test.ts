/**
 * Concurrency across processes: three writer processes (support/service-writer.ts) and this one write
 * the same space through the space service at once, each with its own handle (SQLite: one writer per
 * file at a time, waiting on busy_timeout; PostgreSQL: the space's advisory lock). The log must come
 * out as if the calls had run one after the other: every index acknowledged exactly once and together
 * exactly the indices appended after the seed; each call's indices contiguous; every receipt verifying
 * under the space's key for the leaf hash at its index; the audit of support/log-audit.ts (gap-free,
 * root recomputed = log_state = HashStore, private parts, one record per creating event); and the
 * projections equal to the in-memory reference fed the same log. (In-process concurrent writers are
 * test/store/space/concurrency.test.ts.) On both backends.
 */
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { verifyReceipt } from "../../../src/log/receipt/index.js";
import { createKeyVault } from "../../../src/store/keys/key-vault.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import type { ExecuteResult } from "../../../src/store/space/results.js";
import { createSpaceService, type SpaceService } from "../../../src/store/space/service.js";
import { createMirror } from "../space/support/mirror.js";
import { expectPrivateParity, expectRecordParity } from "../space/support/parity.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import { auditLog } from "./support/log-audit.js";
import { marketMembers, openMarket, requireOk, stayAndReview } from "./support/market.js";
import { RECEIPT_HOST, seededRandom, WRITER_MARKET_SIZE } from "./support/writer-args.js";
import { type Acknowledged, startWriter } from "./support/writers.js";

const SPACE = "market";
const PROCESSES = 3;
const CALLS = 15;

describeBackends("multi-process writers through the service", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("append a gap-free, consistent log with a receipt per event", {
    timeout: 120_000,
  }, async () => {
    const { db, location } = current();
    const masterKey = new Uint8Array(randomBytes(32));
    const vault = createKeyVault(masterKey);
    const signers = createSpaceLogSigners({ vault, host: RECEIPT_HOST });
    const service = createSpaceService({ db, vault, signers });
    await openMarket(service, SPACE, WRITER_MARKET_SIZE);
    const seeded = (await readLogState(db.kysely, SPACE)).size;

    const writers = Array.from({ length: PROCESSES }, (_, n) =>
      startWriter({ location, masterKey, space: SPACE, name: `p${n}`, seed: n + 1, calls: CALLS }),
    );
    try {
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.go();
      // This process joins in once the others are writing (they open the database after "go").
      const [here, ...there] = await Promise.all([
        Promise.any(writers.map((w) => w.writing)).then(() => writeHere(service, CALLS)),
        ...writers.map((w) => w.finished),
      ]);
      const acks = [...here, ...there.flat()];

      const audit = await auditLog(db, SPACE, { allPrivateParts: true });
      const indices = acks.map((a) => a.index).sort((a, b) => a - b);
      const appended = Array.from({ length: audit.size - seeded }, (_, i) => seeded + i);
      expect(indices, "every appended index acknowledged exactly once").toEqual(appended);
      // PostgreSQL queues the writers on the space's advisory lock, so they take turns: one after
      // the other, the writer would change only PROCESSES times along the log. SQLite's busy wait
      // (sleep, retry) lets the process holding the lock take it again at once, so there a writer
      // usually runs all its calls before the next gets in: no interleaving to assert.
      const order = [...acks].sort((a, b) => a.index - b.index).map((a) => a.writer);
      const turns = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
      if (backend.name === "postgres") {
        expect(turns, `turns in ${order.join(" ")}`).toBeGreaterThan(PROCESSES);
      }

      const byCall = new Map<string, Acknowledged[]>();
      for (const a of acks) {
        const key = `${a.writer}/${a.call}`;
        byCall.set(key, [...(byCall.get(key) ?? []), a]);
      }
      for (const [call, of] of byCall) {
        const first = of[0]?.index ?? 0;
        expect(
          of.map((a) => a.index),
          `${call}: contiguous`,
        ).toEqual(of.map((_, i) => first + i));
      }
      const { verifierKey } = await signers.signerFor(db.kysely, SPACE);
      for (const ack of acks) {
        const receipt = verifyReceipt(ack.note, verifierKey);
        expect(receipt.index).toBe(ack.index);
        expect(Buffer.from(receipt.leafHash).toString("hex")).toBe(audit.leafHashes[ack.index]);
        expect(audit.entries[ack.index]?.type).toBe(ack.type);
      }

      const mirror = createMirror(db, SPACE);
      await mirror.sync();
      await expectRecordParity(db, mirror, SPACE);
      await expectPrivateParity(db, mirror, SPACE);
    } finally {
      await Promise.all(writers.map((w) => w.kill()));
    }
  });
});

/** This process's share: the same seeded mix as a writer process, acknowledged the same way. */
async function writeHere(service: SpaceService, calls: number): Promise<Acknowledged[]> {
  const members = marketMembers(WRITER_MARKET_SIZE);
  const random = seededRandom(0);
  const acks: Acknowledged[] = [];
  const keep = (call: number, outcome: ExecuteResult | undefined) => {
    requireOk(outcome, `here call ${call}`);
    outcome.receipts.forEach((r, j) => {
      const type = outcome.events[j]?.type ?? "";
      acks.push({ writer: "here", call, index: r.index, note: r.note, type });
    });
  };
  for (let call = 0; call < calls; call++) {
    const guest = Math.floor(random() * members.length);
    const stays = 1 + Math.floor(random() * 3);
    const batch = Array.from({ length: stays }, (_, k) =>
      stayAndReview(members, `here-${call}-${k}`, guest + k, guest + k + 1, Date.now()),
    ).flat();
    if (random() < 0.5) {
      for (const outcome of await service.executeBatch(SPACE, batch)) keep(call, outcome);
    } else {
      const [record] = batch;
      if (record === undefined) throw new Error("no call");
      keep(call, await service.execute(SPACE, record.actor, record.command, record.input as never));
    }
  }
  return acks;
}
