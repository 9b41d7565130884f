/**
 * Every query on event_private searches an index on SQLite (0110-event-private-indexes): by log index
 * (rebuild, export), by event id (retention), by owner (an erasure's delete, retention dates, the member
 * export's concealed entries, through the partial (space, owner, idx) index), and the retention sweep
 * walks (space, idx) a page at a time, as it did with the (space, at) and (space, shred_after) indexes
 * that 0110 dropped because this planner never used them for it.
 */
import { describe, expect, it } from "vitest";
import { memberIdFor } from "../../../src/domain/ids.js";
import { defaultPolicy } from "../../../src/domain/policy.js";
import { memberLogEvents } from "../../../src/store/member-data/member-events.js";
import { retentionDates } from "../../../src/store/member-data/retention-dates.js";
import {
  deletePrivatePart,
  deletePrivatePartsOf,
  readPrivateParts,
} from "../../../src/store/projections/private-parts.js";
import { sweepRetention } from "../../../src/store/projections/retention-sweep.js";
import { admin, membersKey, SECRET } from "../../domain/support/world.js";
import { testService } from "../space/support/service.js";
import { loggedDatabase, plan } from "./support/logged-database.js";

describe("event_private on SQLite", () => {
  it("is read and deleted through an index, never by scanning a space's parts", async () => {
    const { db, kysely, queries } = await loggedDatabase();
    const t = testService(db);
    const member = memberIdFor(SECRET, "m");
    const space = (await t.service.createSpace({ space: "s", name: "S" }, admin)).ok;
    const joined = await t.service.execute("s", membersKey, "joinMember", {
      member,
      displayName: "M",
    });
    expect([space, joined.ok]).toEqual([true, true]);

    const onEventPrivate = async (run: () => Promise<unknown>) => {
      queries.length = 0;
      await run();
      const own = queries.filter((q) => /\bevent_private\b/.test(q.sql));
      expect(own).toHaveLength(1);
      return plan(kysely, own[0] as (typeof own)[0]);
    };
    const policy = defaultPolicy(); // createSpace's, as no policy was given
    const signer = await t.signers.signerFor(db.kysely, "s");
    const plans = [
      await onEventPrivate(() => readPrivateParts(db.kysely, "s", 0, 10)),
      await onEventPrivate(async () => {
        for await (const _ of retentionDates(db.kysely, "s", member, policy)) void _;
      }),
      await onEventPrivate(async () => {
        for await (const _ of memberLogEvents(db, signer, "s", member, extent)) void _;
      }),
      await onEventPrivate(() => sweepRetention(db, "s", t.now)),
      await onEventPrivate(() => deletePrivatePart(db.kysely, "s", "e1")),
      await onEventPrivate(() => deletePrivatePartsOf(db.kysely, "s", member)),
    ];
    expect(plans).toEqual([
      "SEARCH event_private USING INDEX event_private_idx (space=? AND idx>? AND idx<?)",
      "SEARCH event_private USING INDEX event_private_owner_idx (space=? AND owner=? AND idx>?)",
      "SEARCH event_private USING INDEX event_private_owner_idx (space=? AND owner=? AND idx>? AND idx<?)",
      "SEARCH event_private USING INDEX event_private_idx (space=? AND idx>?)",
      "SEARCH event_private USING INDEX sqlite_autoindex_event_private_1 (space=? AND event_id=?)",
      "SEARCH event_private USING INDEX event_private_owner_idx (space=? AND owner=?)",
    ]);
    await db.close();
  });
});

const extent = { logSize: 2, provenSize: 0 };
