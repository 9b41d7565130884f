/**
 * A writer process for the reliability tests: it writes a market space through the real space service
 * as fast as it can and acknowledges every receipt it got. Test helper, started by children.ts:
 *
 *   node --import tsx service-writer.ts <location JSON> <master key hex> <space> <writer> <seed> <calls>
 *
 * Prints "ready" once loaded, waits for a line on stdin (so the parent decides when it starts, and
 * several writers can start together), then opens the database and runs `calls` service calls
 * ("forever" until killed): a seeded mix of single executes (recordInteraction, then submitReview) and
 * small executeBatch calls of 1–3 stays (2–6 commands). After each call resolves, and only then, it
 * prints one line per receipt: {"c": call number, "i": index, "n": signed receipt note, "t": type}.
 * A line on stdout is therefore an acknowledgement of a committed event. Prints "done" at the end.
 *
 * The space must exist with MARKET members (openMarket); interactions are named "<writer>-<k>", so
 * writers with different names never collide.
 */
import { createInterface } from "node:readline";
import type { Database } from "../../../../src/store/database.js";
import { createKeyVault } from "../../../../src/store/keys/key-vault.js";
import { createSpaceLogSigners } from "../../../../src/store/log/space-log-signer.js";
import { openPostgres } from "../../../../src/store/postgres/open-postgres.js";
import type { CommandCall } from "../../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../../src/store/space/results.js";
import { createSpaceService } from "../../../../src/store/space/service.js";
import { openSqlite } from "../../../../src/store/sqlite/open-sqlite.js";
import { marketMembers, requireOk, stayAndReview } from "./market.js";
import {
  RECEIPT_HOST,
  seededRandom,
  WRITER_MARKET_SIZE,
  type WriterLocation,
} from "./writer-args.js";

const [locationJson = "", keyHex = "", space = "", writer = "", seed = "0", calls = "0"] =
  process.argv.slice(2);
const location = JSON.parse(locationJson) as WriterLocation;
const limit = calls === "forever" ? Number.POSITIVE_INFINITY : Number(calls);

process.stdout.write("ready\n");
await waitForGo();
const db: Database = await ("dataDir" in location
  ? openSqlite({ dataDir: location.dataDir })
  : openPostgres({ url: location.url, schema: location.schema }));
const vault = createKeyVault(new Uint8Array(Buffer.from(keyHex, "hex")));
const signers = createSpaceLogSigners({ vault, host: RECEIPT_HOST });
const service = createSpaceService({ db, vault, signers });
const members = marketMembers(WRITER_MARKET_SIZE);
const random = seededRandom(Number(seed));
let stays = 0;

try {
  for (let call = 0; call < limit; ) {
    if (random() < 0.5) {
      const [record, review] = nextStay();
      acknowledge(call++, await run([record]));
      if (call < limit) acknowledge(call++, await run([review]));
    } else {
      const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, nextStay).flat();
      acknowledge(call++, await service.executeBatch(space, batch));
    }
  }
  process.stdout.write("done\n");
} finally {
  await db.close();
}

function nextStay(): [CommandCall, CommandCall] {
  const k = stays++;
  const guest = Math.floor(random() * members.length);
  const host = (guest + 1 + Math.floor(random() * (members.length - 1))) % members.length;
  return stayAndReview(members, `${writer}-${k}`, guest, host, Date.now());
}

function run([call]: CommandCall[]): Promise<ExecuteResult[]> {
  if (call === undefined) throw new Error("no call");
  return service
    .execute(space, call.actor, call.command, call.input as never)
    .then((outcome) => [outcome]);
}

/** Prints the receipts of a resolved call, one line each, in one write. */
function acknowledge(call: number, outcomes: readonly ExecuteResult[]): void {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    requireOk(outcome, `${writer} call ${call}`);
    outcome.receipts.forEach((r, j) => {
      const type = outcome.events[j]?.type;
      lines.push(JSON.stringify({ c: call, i: r.index, n: r.note, t: type }));
    });
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function waitForGo(): Promise<void> {
  for await (const _ of createInterface({ input: process.stdin })) return;
}
