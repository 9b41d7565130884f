/**
 * Flags of automated detection (commands/flag.ts): only the system flags; a flag is an alert on the
 * platform's own initiative with a private explanation; it restricts nothing; a decision on it must
 * declare the automated detection and reports SOURCE_VOLUNTARY to the Transparency Database.
 */
import { expect, it } from "vitest";
import type { Actor } from "../../src/domain/actor.js";
import { flagMember } from "../../src/domain/commands/flag.js";
import { toTransparencyDatabase } from "../../src/domain/transparency-database.js";
import { decide, idOf, removal } from "./support/moderation.js";
import {
  as,
  expectOk,
  expectRule,
  moderator,
  system,
  typesOf,
  type World,
  world,
} from "./support/world.js";

const EXPLANATION = "fraud-suspicion 1.1.0 at log size 40: 0.71 (unfair-rater 0.25, burst 0.08)";

async function flag(w: World, actor: Actor, member: string) {
  const s = await w.space();
  return w.h.run(actor, (r, ctx) =>
    flagMember(
      r,
      s,
      { member, category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", explanation: EXPLANATION },
      ctx,
    ),
  );
}

it("the system flags a member: an alert of its own initiative, explanation private", async () => {
  const w = await world();
  const events = expectOk(await flag(w, system, w.carol));
  expect(typesOf(events)).toEqual(["alert.raised"]);
  const [event] = events;
  expect(event?.actor).toBe("system");
  expect(event?.public).toMatchObject({
    target: { kind: "member", id: w.carol },
    sourceType: "SOURCE_VOLUNTARY",
    category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
  });
  expect(JSON.stringify(event?.public)).not.toContain("fraud-suspicion");
  expect(event?.public).not.toHaveProperty("reporter");
  expect(event?.private).toEqual({ explanation: EXPLANATION });
  const alert = await w.h.reader.get("alert", "stays", idOf({ ok: true, events }, "alert"));
  expect(alert?.outcome).toBeNull();
  expect(alert?.reporter).toBeNull();
  // Nothing restricts the member: they can still act.
  expect(await w.h.reader.listDecisionsAffecting("stays", w.carol)).toEqual([]);
});

it("only the system flags, and only members who exist", async () => {
  const w = await world();
  expectRule(await flag(w, moderator, w.carol), "forbidden", "flag.system-only");
  expectRule(await flag(w, as(w.alice), w.carol), "forbidden", "flag.system-only");
  expectRule(await flag(w, system, "nobody"), "not-found", "member.exists");
  const s = await w.space();
  expectRule(
    await w.h.run(system, (r, ctx) =>
      flagMember(
        r,
        s,
        { member: w.carol, category: "NOT_A_CATEGORY", explanation: "x" } as never,
        ctx,
      ),
    ),
    "invalid-input",
    "input.flag.category",
  );
});

it("a decision on a flag declares the automated detection and reports its own initiative", async () => {
  const w = await world();
  const alert = idOf(await flag(w, system, w.carol), "alert");
  const target = { kind: "member" as const, id: w.carol };
  const { decisionVisibility: _, ...statement } = removal(target, {
    decisionAccount: "DECISION_ACCOUNT_SUSPENDED",
    alert,
  });
  expectRule(await decide(w, statement), "rule-violation", "decision.automated-detection-declared");
  const made = expectOk(await decide(w, { ...statement, automatedDetection: true }));
  const decision = made[0];
  if (decision?.type !== "decision.made") throw new Error("no decision");
  expect(decision.public.sourceType).toBe("SOURCE_VOLUNTARY");
  expect(decision.public.automatedDetection).toBe(true);
  const record = await w.h.reader.get("decision", "stays", decision.public.decision);
  if (record === null) throw new Error("no decision record");
  const sor = toTransparencyDatabase(record, Date.UTC(2024, 11, 24));
  expect(sor).toMatchObject({ source_type: "SOURCE_VOLUNTARY", automated_detection: "Yes" });
});
