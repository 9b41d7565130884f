/**
 * A space whose members rate listings through the space service, for the stored trust scores' tests.
 * Ten honest members rate the hosts' listings 4 or 5 after a stay (one-party interactions, so each
 * review is published at once); a contrarian rates every listing 1. Every step must succeed. Test
 * helper.
 */
import type { Actor } from "../../../../src/domain/actor.js";
import { memberIdFor } from "../../../../src/domain/ids.js";
import type { Database } from "../../../../src/store/database.js";
import type { KeyVault } from "../../../../src/store/keys/key-vault.js";
import { createSpaceLogSigners } from "../../../../src/store/log/space-log-signer.js";
import type { CommandCall } from "../../../../src/store/space/commands.js";
import type { ExecuteResult } from "../../../../src/store/space/results.js";
import { createSpaceService } from "../../../../src/store/space/service.js";
import { admin, attestKey, membersKey, SECRET } from "../../../domain/support/world.js";
import { type TestService, testService } from "../../space/support/service.js";

export const SPACE = "market";

/** The members, by role. */
export interface RatedSpace {
  readonly t: TestService;
  readonly hosts: readonly string[];
  readonly honest: readonly string[];
  readonly contrarian: string;
  readonly listings: readonly string[];
}

const as = (member: string): Actor => ({ kind: "member", member });

/** Throws with the refusal when a command was refused. */
export function requireOk(result: ExecuteResult): ExecuteResult {
  if (!result.ok)
    throw new Error(`${result.error.code} ${result.error.rule}: ${result.error.message}`);
  return result;
}

/** Runs `calls` in one batch; every one must succeed. */
export async function runAll(t: TestService, calls: readonly CommandCall[]): Promise<void> {
  for (const outcome of await t.service.executeBatch(SPACE, calls)) requireOk(outcome);
}

/** The calls of one stay of `member` at `listing` and their review. */
export function stayAndReview(
  t: TestService,
  member: string,
  listing: string,
  overall: number,
  tag: string,
): CommandCall[] {
  const interaction = `stay-${tag}`;
  return [
    {
      actor: attestKey,
      command: "recordInteraction",
      input: {
        interaction,
        occurredAt: t.now - 60_000,
        parties: [{ member, role: "guest", reviews: listing }],
      },
    },
    {
      actor: as(member),
      command: "submitReview",
      input: { subject: listing, interaction, overall, text: `${tag}` },
    },
  ];
}

/**
 * Creates the space and its ratings on `db`; its signing key sealed by `vault` when given (a store the
 * CLI opens with its own master key), else by a fresh one.
 *
 * @example const s = await ratedSpace(db); await recomputeSpace(db, SPACE)
 */
export async function ratedSpace(db: Database, vault?: KeyVault): Promise<RatedSpace> {
  const t = vault === undefined ? testService(db) : serviceWith(db, vault);
  requireOk(await t.service.createSpace({ space: SPACE, name: "Market" }, admin));
  const hosts = ["h0", "h1"].map((n) => memberIdFor(SECRET, n));
  const honest = Array.from({ length: 10 }, (_, i) => memberIdFor(SECRET, `m${i}`));
  const contrarian = memberIdFor(SECRET, "contrarian");
  const listings = ["flat-0", "flat-1", "flat-2", "flat-3"];
  await runAll(
    t,
    [...hosts, ...honest, contrarian].map((member) => ({
      actor: membersKey,
      command: "joinMember",
      input: { member, displayName: member },
    })),
  );
  await runAll(
    t,
    listings.map((subject, i) => ({
      actor: membersKey,
      command: "registerSubject" as const,
      input: { subject, kind: "listing", owner: hosts[i % 2] ?? null, name: subject },
    })),
  );
  const calls: CommandCall[] = [];
  for (const [i, member] of honest.entries()) {
    for (const [j, listing] of listings.entries()) {
      if ((i + j) % 3 === 2) continue;
      calls.push(...stayAndReview(t, member, listing, 4 + ((i * 7 + j) % 2), `${i}-${j}`));
    }
  }
  for (const [j, listing] of listings.entries()) {
    calls.push(...stayAndReview(t, contrarian, listing, 1, `c-${j}`));
  }
  await runAll(t, calls);
  return { t, hosts, honest, contrarian, listings };
}

/** A test service over `vault`, its clock at 2025-01-01. */
function serviceWith(db: Database, vault: KeyVault): TestService {
  const signers = createSpaceLogSigners({ vault });
  const clock = { now: Date.UTC(2025, 0, 1) };
  const service = createSpaceService({ db, vault, signers, clock: () => clock.now });
  return {
    db,
    service,
    signers,
    vault,
    get now() {
      return clock.now;
    },
    set now(value: number) {
      clock.now = value;
    },
  };
}
