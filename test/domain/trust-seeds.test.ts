/** Pre-trusted members in the space policy (issue 5): chosen by an admin, members only, logged. */
import { expect, it } from "vitest";
import { eraseMember } from "../../src/domain/commands/member.js";
import { changePolicy, createSpace } from "../../src/domain/commands/space.js";
import { decodeEntry } from "../../src/domain/entry.js";
import { trustSeeds } from "../../src/domain/policy.js";
import { admin, expectOk, expectRule, membersKey, moderator, world } from "./support/world.js";

it("an admin names member seeds; the policy change logs them; others are refused", async () => {
  const w = await world();
  const s = await w.space();
  const run = (policy: object, actor = admin) =>
    w.h.run(actor, (r, ctx) => changePolicy(r, s, { policy }, ctx));
  expectRule(await run({ trustSeeds: [w.alice] }, moderator), "forbidden", "space.admin-only");
  expectRule(await run({ trustSeeds: ["nobody"] }), "rule-violation", "policy.trust-seeds-members");
  expectRule(
    await run({ trustSeeds: [w.alice, w.alice] }),
    "invalid-input",
    "input.policy.trustSeeds",
  );
  expectRule(await run({ trustSeeds: "x" }), "invalid-input", "input.policy.trustSeeds");
  const events = expectOk(await run({ trustSeeds: [w.alice, w.bob] }));
  expect(trustSeeds((await w.space()).policy)).toEqual([w.alice, w.bob]);
  // The log records them: the entry's public policy names the seeds.
  const logged = w.h.log.find((l) => l.event.id === events[0]?.id);
  const entry = logged === undefined ? null : decodeEntry(logged.bytes);
  expect(
    entry?.ok && entry.value.type === "space.policy-changed" ? entry.value.public : null,
  ).toMatchObject({ policy: { trustSeeds: [w.alice, w.bob] } });
  // An erased member cannot be named anew; a seed named before stays in the policy.
  const erased = await w.h.run(membersKey, (r, ctx) => eraseMember(r, s, { member: w.carol }, ctx));
  expectOk(erased);
  const now = await w.space();
  const again = (policy: object) =>
    w.h.run(admin, (r, ctx) => changePolicy(r, now, { policy }, ctx));
  expectRule(
    await again({ trustSeeds: [w.alice, w.carol] }),
    "rule-violation",
    "policy.trust-seeds-members",
  );
  expectOk(await again({ doubleBlindDays: 7 }));
  expect(trustSeeds((await w.space()).policy)).toEqual([w.alice, w.bob]);
});

it("a new space has no members to trust yet; without seeds the policy names none", async () => {
  const w = await world();
  expect(trustSeeds((await w.space()).policy)).toEqual([]);
  expectRule(
    await w.h.run(admin, (r, ctx) =>
      createSpace(r, { space: "new", name: "New", policy: { trustSeeds: [w.alice] } }, ctx),
    ),
    "rule-violation",
    "policy.trust-seeds-members",
  );
});
