/**
 * A small marketplace the reliability tests write to, from the test process and from child processes
 * alike (so nothing here imports vitest): a space, members with one listing each, and the hot-path
 * commands of a marketplace, an attested stay (recordInteraction) and the guest's sealed review of it
 * (submitReview). Test helper.
 */
import type { Actor, OperatorActor } from "../../../../src/domain/actor.js";
import { memberIdFor } from "../../../../src/domain/ids.js";
import type { CommandCall } from "../../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../../src/store/space/results.js";
import type { SpaceService } from "../../../../src/store/space/service.js";

/** The secret member ids are derived with (memberIdFor), fixed so every process derives the same. */
export const MARKET_SECRET = new Uint8Array(32).fill(11);

export const admin: OperatorActor = { kind: "operator", key: "k-admin", scopes: ["admin"] };
export const membersKey: OperatorActor = {
  kind: "operator",
  key: "k-members",
  scopes: ["members"],
};
export const attestKey: OperatorActor = { kind: "operator", key: "k-attest", scopes: ["attest"] };

/** The members of a market of `count` members, in order. */
export function marketMembers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => memberIdFor(MARKET_SECRET, `member-${i}`));
}

/** The listing member `i` owns. */
export const listingOf = (i: number) => `home-${i}`;

/**
 * Creates `space` with `count` members and a listing each, in two service calls. Throws when any
 * command is refused.
 *
 * @example const members = await openMarket(service, "market", 8)
 */
export async function openMarket(
  service: SpaceService,
  space: string,
  count: number,
): Promise<string[]> {
  requireOk(await service.createSpace({ space, name: "Market" }, admin), "createSpace");
  const members = marketMembers(count);
  const calls: CommandCall[] = [
    ...members.map(
      (member, i): CommandCall => ({
        actor: membersKey,
        command: "joinMember",
        input: { member, displayName: `Member ${i}` },
      }),
    ),
    ...members.map(
      (owner, i): CommandCall => ({
        actor: membersKey,
        command: "registerSubject",
        input: { subject: listingOf(i), kind: "listing", owner, name: `Home ${i}` },
      }),
    ),
  ];
  for (const outcome of await service.executeBatch(space, calls)) requireOk(outcome, "seed");
  return members;
}

/**
 * The two commands of stay `name` between guest `g` and host `h` (indices into `members`): the
 * operator records it, then the guest reviews the host's listing (sealed: the host may review back).
 * Each appends one event.
 */
export function stayAndReview(
  members: readonly string[],
  name: string,
  g: number,
  h: number,
  now: number,
): [CommandCall, CommandCall] {
  const guest = members[g % members.length] as string;
  const host = members[h % members.length] as string;
  const listing = listingOf(h % members.length);
  const guestActor: Actor = { kind: "member", member: guest };
  return [
    {
      actor: attestKey,
      command: "recordInteraction",
      input: {
        interaction: name,
        occurredAt: now,
        kind: "stay",
        reference: `BK-${name}`,
        parties: [
          { member: guest, role: "guest", reviews: listing },
          { member: host, role: "host", reviews: guest },
        ],
      },
    },
    {
      actor: guestActor,
      command: "submitReview",
      input: { subject: listing, interaction: name, overall: 1 + (g % 5), text: `About ${name}` },
    },
  ];
}

/** Throws unless `outcome` succeeded. */
export function requireOk(
  outcome: ExecuteResult | undefined,
  label: string,
): asserts outcome is ExecuteResult & { ok: true } {
  if (outcome === undefined || !outcome.ok) {
    throw new Error(`${label} refused: ${JSON.stringify(outcome)}`);
  }
}
