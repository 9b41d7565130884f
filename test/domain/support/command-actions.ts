/**
 * The space commands a random sequence is made of, and their fast-check generators, shared by the
 * domain's property test (test/domain/property.test.ts) and the store's reliability sequences
 * (test/store/reliability/support/space-actions.ts), so both explore the same command mix. Picks (which
 * member, review or interaction) are indices into what the test's mirror of the space holds. Test helper.
 */
import fc from "fast-check";

/** A step that becomes one command. */
export type CommandAction =
  | { t: "record"; guest: number; host: number; oneSided: boolean }
  | {
      t: "submit";
      author: number;
      party: boolean;
      interaction: number;
      overall: number;
      clean: number | null;
    }
  | { t: "organic"; author: number; subject: number; overall: number }
  | { t: "amend"; review: number; overall: number; byAuthor: boolean }
  | { t: "withdraw"; review: number; byAuthor: boolean }
  | { t: "reply"; review: number }
  | { t: "erase"; member: number }
  | { t: "vouch"; from: number; to: number }
  | { t: "remove"; review: number };

type Weighted<T> = { readonly weight: number; readonly arbitrary: fc.Arbitrary<T> };

const pick = fc.nat({ max: 50 });

/**
 * One weighted arm per command, for fc.oneof: interactions and submissions dominate, as in a real
 * space; out-of-range ratings (0 and 6) and a moderator's amendments are there to be refused.
 *
 * @example const action = fc.oneof(...commandArms, { weight: 2, arbitrary: sealerStep })
 */
export const commandArms: readonly Weighted<CommandAction>[] = [
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("record" as const),
      guest: pick,
      host: pick,
      oneSided: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("submit" as const),
      author: pick,
      party: fc.integer({ min: 0, max: 5 }).map((x) => x > 0),
      interaction: pick,
      overall: fc.integer({ min: 0, max: 6 }),
      clean: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("organic" as const),
      author: pick,
      subject: pick,
      overall: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("amend" as const),
      review: pick,
      overall: fc.integer({ min: 1, max: 5 }),
      byAuthor: fc.integer({ min: 0, max: 3 }).map((x) => x > 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("withdraw" as const),
      review: pick,
      byAuthor: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("reply" as const), review: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("erase" as const), member: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("vouch" as const), from: pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("remove" as const), review: pick }) },
];

/** Any index a pick may name (0..50). */
export const pickIndex = pick;
