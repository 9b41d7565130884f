/**
 * The access log of a member as the export shows it: the recorded accesses (member-data/access-log.ts)
 * with operator keys named by their labels, then the webhook deliveries that carried the member's log
 * entries to the operator's endpoints (found from the outbox, where every delivery is kept: nothing
 * needed to be recorded twice).
 */
import { chunked } from "../db-bytes.js";
import { EVERY_MEMBER, readAccessLog } from "../member-data/access-log.js";
import type { Executor } from "../schema.js";
import type { AccessJson } from "./record-schemas.js";

/** Log indices per outbox query. */
const INDICES_PER_QUERY = 500;

/**
 * Every access to `member`'s data, then every webhook delivery of one of `eventIndices` (their entries).
 *
 * @example for await (const a of accessRecords(db.kysely, "stays", m, indices)) …
 */
export async function* accessRecords(
  db: Executor,
  space: string,
  member: string,
  eventIndices: readonly number[],
): AsyncGenerator<AccessJson> {
  const labels = await keyLabels(db, space);
  for await (const a of readAccessLog(db, space, member)) {
    yield {
      kind: "access",
      at: new Date(a.at).toISOString(),
      who: whoOf(a.accessor, member, labels),
      action: a.action,
      what: a.resource,
      detail: a.detail,
      allMembers: a.member === EVERY_MEMBER,
      dataOrigin: "observed",
    };
  }
  const hosts = await webhookHosts(db, space);
  for (const indices of chunked(eventIndices, INDICES_PER_QUERY)) {
    const rows = await db
      .selectFrom("webhook_deliveries")
      .select([
        "webhook_id",
        "event_type",
        "log_index",
        "status",
        "attempts",
        "created_at",
        "finished_at",
      ])
      .where("space", "=", space)
      .where("log_index", "in", indices)
      .orderBy("log_index")
      .orderBy("delivery_id")
      .execute();
    for (const d of rows) {
      yield {
        kind: "webhook-delivery",
        at: d.finished_at ?? d.created_at,
        who: `webhook ${d.webhook_id} (${hosts.get(d.webhook_id) ?? "deleted"})`,
        action: `webhook ${d.status}`,
        what: `log entry #${d.log_index} (${d.event_type})`,
        detail: `${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`,
        allMembers: false,
        dataOrigin: "observed",
      };
    }
  }
}

function whoOf(accessor: string, member: string, labels: ReadonlyMap<string, string | null>) {
  if (accessor === `member:${member}`) return "you";
  if (accessor === "platform") return "the platform administrator";
  if (accessor === "cli") return "an operator of the server (fabrique command line)";
  if (accessor.startsWith("operator:")) {
    const key = accessor.slice("operator:".length);
    const label = labels.get(key);
    return `operator key ${key}${label ? ` (${label})` : ""}`;
  }
  return accessor;
}

async function keyLabels(db: Executor, space: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom("access_keys")
    .select(["key_id", "label"])
    .where("space", "=", space)
    .execute();
  return new Map(rows.map((r) => [r.key_id, r.label]));
}

/** The host of each subscription's URL: where the data went. */
async function webhookHosts(db: Executor, space: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("webhook_subscriptions")
    .select(["webhook_id", "url"])
    .where("space", "=", space)
    .execute();
  return new Map(
    rows.map((r) => {
      try {
        return [r.webhook_id, new URL(r.url).host];
      } catch {
        return [r.webhook_id, "an unparsable URL"];
      }
    }),
  );
}
