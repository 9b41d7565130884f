/**
 * Bad input to every command writes nothing and comes back as a typed error. The refusals test
 * (test/store/space/refusals.test.ts) gives every command at least one refusal, but a malformed input
 * only to some; here every command of COMMAND_NAMES (the mapped type makes a missing one a compile
 * error) gets, by fast-check, inputs that are not objects, a field of a valid input replaced by a value
 * of another type (or an over-long or control-character string), and an unknown field, all from an
 * actor allowed to run it. Each must be refused with code invalid-input or too-large and the rule
 * naming the broken field (`input.<what>.<field>`, from src/domain/shape.ts), and the space's log
 * must not grow; at the end every row of the space, in every table, is as before. On both backends
 * (fewer inputs on PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Actor } from "../../../src/domain/actor.js";
import { memberIdFor } from "../../../src/domain/ids.js";
import type { Database } from "../../../src/store/database.js";
import { createKeyVault } from "../../../src/store/keys/key-vault.js";
import { readLogState } from "../../../src/store/log/log-state.js";
import { createSpaceLogSigners } from "../../../src/store/log/space-log-signer.js";
import { COMMAND_NAMES, type CommandName } from "../../../src/store/space/commands.js";
import { createSpaceService, type SpaceService } from "../../../src/store/space/service.js";
import { removal } from "../../domain/support/moderation.js";
import { snapshot } from "../space/support/snapshot.js";
import { describeBackends, freshDatabasePerTest } from "../support/backends.js";
import {
  admin,
  attestKey,
  MARKET_SECRET,
  membersKey,
  openMarket,
  requireOk,
  stayAndReview,
} from "./support/market.js";

const SPACE = "stays";
const RUNS = { sqlite: 100, postgres: 25 } as const;
const moderator: Actor = { kind: "operator", key: "k-mod", scopes: ["moderate"] };
const system: Actor = { kind: "system" };
const as = (member: string): Actor => ({ kind: "member", member });

/** Ids of the small world (see world()). */
interface World {
  readonly members: readonly string[];
  readonly review: string;
}

/** For every command: an actor allowed to run it and an input of the right shape. */
function validCalls(w: World): { readonly [N in CommandName]: { actor: Actor; input: object } } {
  const [alice = "", bob = ""] = w.members;
  return {
    changePolicy: { actor: admin, input: { policy: { doubleBlindDays: 7 } } },
    joinMember: {
      actor: membersKey,
      input: { member: memberIdFor(MARKET_SECRET, "newcomer"), displayName: "New" },
    },
    eraseMember: { actor: membersKey, input: { member: alice } },
    registerSubject: {
      actor: membersKey,
      input: { subject: "cafe", kind: "business", owner: null, name: "Café", description: "Cosy" },
    },
    recordInteraction: {
      actor: attestKey,
      input: {
        interaction: "stay-new",
        occurredAt: Date.now(),
        kind: "stay",
        amount: { minor: 100, currency: "EUR" },
        reference: "BK-1",
        parties: [{ member: alice, role: "guest", reviews: "home-1" }],
      },
    },
    disputeInteraction: {
      actor: as(bob),
      input: { interaction: "stay-0", explanation: "It did not happen" },
    },
    submitReview: {
      actor: as(bob),
      input: {
        subject: "home-0",
        overall: 4,
        text: "Fine",
        title: "Stay",
        connection: "none",
      },
    },
    amendReview: { actor: as(alice), input: { review: w.review, overall: 3, text: "Better" } },
    withdrawReview: { actor: as(alice), input: { review: w.review } },
    replyToReview: { actor: as(bob), input: { review: w.review, text: "Thanks" } },
    revealDueReviews: { actor: system, input: { limit: 10 } },
    giveVouch: {
      actor: as(alice),
      input: { vouchee: bob, scope: "met-in-person", note: "Met" },
    },
    revokeVouch: { actor: as(alice), input: { vouch: "vouch-1" } },
    raiseAlert: {
      actor: as(alice),
      input: {
        target: { kind: "subject", id: "home-1" },
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Fake",
        goodFaith: true,
      },
    },
    resolveAlert: {
      actor: moderator,
      input: { alert: "alert-1", outcome: "no-action", decision: null, message: "ok" },
    },
    flagMember: {
      actor: system,
      input: {
        member: bob,
        category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        explanation: "Suspect",
      },
    },
    makeDecision: { actor: moderator, input: removal({ kind: "review", id: w.review }) },
    fileAppeal: {
      actor: as(alice),
      input: { target: { kind: "decision", id: "decision-1" }, explanation: "Unfair" },
    },
    decideAppeal: {
      actor: moderator,
      input: { appeal: "appeal-1", outcome: "upheld", reasons: "Checked", humanReviewed: true },
    },
    importPrior: {
      actor: as(alice),
      input: {
        issuer: "https://fabrique.example/v1/spaces/market",
        disclosed: { space: "market", reviews_at_least_20: true, rating_at_least_4_5: true },
        credentialExpiresAt: Date.now() + 86_400_000,
        holderKeyThumbprint: "A".repeat(43),
        presentationDigest: "B".repeat(43),
      },
    },
    withdrawPrior: { actor: as(alice), input: { prior: "prior-1" } },
  };
}

/** A value of a JSON type other than `value`'s (never null: nullable fields accept it). */
function otherTypeThan(value: unknown): fc.Arbitrary<unknown> {
  const strings = fc.oneof(
    fc.string({ maxLength: 3 }).map((s) => `\u0000${s}`),
    fc.constant("x".repeat(100_000)),
  );
  const numbers = fc.oneof(fc.integer(), fc.constant(1.5), fc.constant(Number.NaN));
  const arrays = fc.array(fc.integer(), { maxLength: 2 });
  const objects = fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 });
  if (typeof value === "string") {
    return fc.oneof(numbers, fc.boolean(), arrays, objects, strings);
  }
  if (typeof value === "number") return fc.oneof(fc.string(), fc.boolean(), arrays, objects);
  if (typeof value === "boolean") return fc.oneof(fc.string(), numbers, arrays, objects);
  if (Array.isArray(value)) return fc.oneof(fc.string(), numbers, fc.boolean(), objects);
  if (value === null) return fc.oneof(numbers, fc.boolean(), arrays, objects);
  return fc.oneof(fc.string(), numbers, fc.boolean(), arrays);
}

/** A broken input: not an object, a field of another type, or an unknown field. */
type Broken =
  | { kind: "not-object"; input: unknown }
  | { kind: "field"; field: string; input: object };

function brokenInputs(valid: object): fc.Arbitrary<Broken> {
  const fields = Object.keys(valid);
  const notObject = fc
    .oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer()))
    .map((input): Broken => ({ kind: "not-object", input }));
  const wrongField = fc
    .constantFrom(...fields)
    .chain((field) =>
      otherTypeThan((valid as Record<string, unknown>)[field]).map(
        (bad): Broken => ({ kind: "field", field, input: { ...valid, [field]: bad } }),
      ),
    );
  const unknownField = fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((key) => !fields.includes(key))
    .map((key): Broken => ({ kind: "field", field: key, input: { ...valid, [key]: 1 } }));
  return fc.oneof(notObject, wrongField, unknownField);
}

/**
 * The rule a broken input is refused by: the input's own rule when it is not an object, else the
 * field's. Two fields are judged after the shape: ratings against the space's scale, and a policy
 * merged onto the space's current one (refused as a whole).
 */
function expectedRule(command: CommandName, root: string, broken: Broken): string {
  if (broken.kind === "not-object") return root;
  if (command === "changePolicy" && broken.field === "policy") return "input.policy";
  if ((command === "submitReview" || command === "amendReview") && broken.field === "overall") {
    return "review.rating-in-scale";
  }
  return `${root}.${broken.field}`;
}

async function world(service: SpaceService): Promise<World> {
  const members = await openMarket(service, SPACE, 3);
  const outcomes = await service.executeBatch(
    SPACE,
    stayAndReview(members, "stay-0", 0, 1, Date.now()),
  );
  for (const o of outcomes) requireOk(o, "stay-0");
  const review = outcomes[1]?.ok ? outcomes[1].events[0]?.public : undefined;
  return { members, review: String((review as { review?: unknown } | undefined)?.review) };
}

async function logSize(db: Database): Promise<number> {
  return (await readLogState(db.kysely, SPACE)).size;
}

describeBackends("bad input to every command", (backend) => {
  const current = freshDatabasePerTest(backend);

  it("is refused with a typed error naming the field, and writes nothing", {
    timeout: 180_000,
  }, async () => {
    const { db } = current();
    const vault = createKeyVault(new Uint8Array(randomBytes(32)));
    const service = createSpaceService({ db, vault, signers: createSpaceLogSigners({ vault }) });
    const w = await world(service);
    const calls = validCalls(w);
    const before = await snapshot(db, SPACE);
    const size = await logSize(db);
    for (const command of COMMAND_NAMES) {
      const { actor, input: valid } = calls[command];
      // The input's name in rules: what a non-object is refused as.
      const probe = await service.execute(SPACE, actor, command, null as never);
      expect(probe.ok, `${command} null`).toBe(false);
      const root = probe.ok ? "" : probe.error.rule;
      expect(root, `${command}: rule of a null input`).toMatch(/^input\.[a-z]+$/);
      await fc.assert(
        fc.asyncProperty(brokenInputs(valid), async (broken) => {
          const result = await service.execute(SPACE, actor, command, broken.input as never);
          const label = `${command} ${JSON.stringify(broken.input)?.slice(0, 120)}`;
          if (result.ok) throw new Error(`accepted: ${label}`);
          expect(["invalid-input", "too-large"], label).toContain(result.error.code);
          expect(result.error.rule, label).toBe(expectedRule(command, root, broken));
          expect(await logSize(db), label).toBe(size);
        }),
        { numRuns: RUNS[backend.name] },
      );
    }
    expect(await snapshot(db, SPACE)).toEqual(before);
  });
});
