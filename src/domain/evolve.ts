/**
 * evolve: event → record changes. Pure and total over DomainEvent; it reads nothing but the event,
 * so the store can apply its output generically and a rebuild is a replay. Private parts may be
 * missing (shredded before a replay): every private field then becomes null.
 */
import { patch, patchWhere, put, type RecordChange } from "./changes.js";
import { HIDING_VISIBILITY } from "./dsa.js";
import { alertReporter, reporterIsPrivate } from "./events/alert.js";
import {
  appealAppellant,
  appellantIsPrivate,
  type DecisionMade,
  type StatementOfReasons,
  type StatementTexts,
} from "./events/moderation.js";
import type { ReviewContent } from "./events/review.js";
import type { DomainEvent } from "./events.js";
import type { MemberId, SpaceId } from "./ids.js";

/** Record kinds a visibility restriction can hide. */
const HIDEABLE = ["review", "reply", "subject", "vouch"] as const;

/**
 * The changes applying `event` makes to the projections.
 *
 * @example for (const change of evolve(event)) store.apply(change)
 */
export function evolve(event: DomainEvent): readonly RecordChange[] {
  const at = event.at;
  switch (event.type) {
    case "space.created": {
      const p = event.public;
      return [
        put("space", {
          space: p.space,
          id: p.space,
          name: p.name,
          policy: p.policy,
          policyVersion: p.policyVersion,
          createdAt: at,
        }),
      ];
    }
    case "space.policy-changed": {
      const p = event.public;
      return [
        patch("space", p.space, p.space, { policy: p.policy, policyVersion: p.policyVersion }),
      ];
    }
    case "member.joined": {
      const p = event.public;
      return [
        put("member", {
          space: p.space,
          id: p.member,
          joinedAt: at,
          displayName: event.private?.displayName ?? null,
          erasedAt: null,
        }),
      ];
    }
    case "member.erased":
      return erasureChanges(event.public.space, event.public.member, at);
    case "subject.registered": {
      const p = event.public;
      return [
        put("subject", {
          space: p.space,
          id: p.subject,
          kind: p.kind,
          owner: p.owner,
          name: p.name ?? event.private?.name ?? null,
          description: event.private?.description ?? null,
          registeredAt: at,
          removedBy: null,
          removedUntil: null,
        }),
      ];
    }
    case "interaction.recorded": {
      const p = event.public;
      return [
        put("interaction", {
          space: p.space,
          id: p.interaction,
          occurredAt: p.occurredAt,
          parties: p.parties,
          kind: p.kind ?? event.private?.kind ?? null,
          amount: p.amount ?? event.private?.amount ?? null,
          reference: event.private?.reference ?? null,
          recordedAt: at,
        }),
      ];
    }
    case "interaction.disputed": {
      const p = event.public;
      return [
        put("dispute", {
          space: p.space,
          id: p.dispute,
          interaction: p.interaction,
          member: p.member,
          explanation: event.private?.explanation ?? null,
          at,
        }),
      ];
    }
    case "review.submitted": {
      const p = event.public;
      return [
        put("review", {
          space: p.space,
          id: p.review,
          subject: p.subject,
          author: p.author,
          interaction: p.interaction,
          provenance: p.provenance,
          connection: p.connection,
          submittedAt: at,
          sealedUntil: p.sealedUntil,
          ratingCommitment: p.ratingCommitment,
          ...content(event.private),
          amendedAt: null,
          revealedAt: null,
          withdrawnAt: null,
          withdrawnReason: null,
          reply: null,
          removedBy: null,
          removedUntil: null,
        }),
      ];
    }
    case "review.amended": {
      const p = event.public;
      return [
        patch("review", p.space, p.review, {
          ratingCommitment: p.ratingCommitment,
          ...content(event.private),
          amendedAt: at,
        }),
      ];
    }
    case "review.revealed": {
      const p = event.public;
      return [
        patch("review", p.space, p.review, {
          overall: p.overall,
          criteria: p.criteria,
          ratingSalt: p.ratingSalt,
          revealedAt: at,
        }),
      ];
    }
    case "review.replied": {
      const p = event.public;
      return [
        put("reply", {
          space: p.space,
          id: p.reply,
          review: p.review,
          author: p.author,
          text: event.private?.text ?? null,
          at,
          removedBy: null,
          removedUntil: null,
        }),
        patch("review", p.space, p.review, { reply: p.reply }),
      ];
    }
    case "review.withdrawn": {
      const p = event.public;
      return [patch("review", p.space, p.review, { withdrawnAt: at, withdrawnReason: p.reason })];
    }
    case "vouch.given": {
      const p = event.public;
      return [
        put("vouch", {
          space: p.space,
          id: p.vouch,
          voucher: p.voucher,
          vouchee: p.vouchee,
          scope: p.scope,
          givenAt: at,
          expiresAt: p.expiresAt,
          revokedAt: null,
          note: event.private?.note ?? null,
          removedBy: null,
          removedUntil: null,
        }),
      ];
    }
    case "vouch.revoked":
      return [patch("vouch", event.public.space, event.public.vouch, { revokedAt: at })];
    case "alert.raised": {
      const p = event.public;
      const priv = event.private;
      return [
        put("alert", {
          space: p.space,
          id: p.alert,
          target: p.target,
          reporter: alertReporter(event),
          // Shape 2 names its reporter privately: erasure and retention forget it (shred.ts).
          ...(reporterIsPrivate(event) ? { reporterIn: "private" } : {}),
          sourceType: p.sourceType,
          category: p.category,
          explanation: priv?.explanation ?? null,
          notifierName: priv?.notifier?.name ?? null,
          notifierEmail: priv?.notifier?.email ?? null,
          raisedAt: at,
          outcome: null,
          decision: null,
          resolutionMessage: null,
          resolvedAt: null,
        }),
      ];
    }
    case "alert.resolved": {
      const p = event.public;
      return [
        patch("alert", p.space, p.alert, {
          outcome: p.outcome,
          decision: p.decision,
          resolutionMessage: event.private?.message ?? null,
          resolvedAt: at,
        }),
      ];
    }
    case "decision.made":
      return decisionChanges(event);
    case "appeal.filed": {
      const p = event.public;
      return [
        put("appeal", {
          space: p.space,
          id: p.appeal,
          target: p.target,
          appellant: appealAppellant(event),
          // A notifier's appeal names them privately: erasure and retention forget it (shred.ts).
          ...(appellantIsPrivate(event) ? { appellantIn: "private" } : {}),
          explanation: event.private?.explanation ?? null,
          filedAt: at,
          outcome: null,
          reasons: null,
          decidedAt: null,
        }),
      ];
    }
    case "prior.imported": {
      const { space, member, ...facts } = event.public;
      return [
        patch("member", space, member, {
          importedPrior: { ...facts, event: event.id, importedAt: at },
        }),
      ];
    }
    case "prior.withdrawn":
      return [patch("member", event.public.space, event.public.member, { importedPrior: null })];
    case "appeal.decided": {
      const p = event.public;
      const changes: RecordChange[] = [
        patch("appeal", p.space, p.appeal, {
          outcome: p.outcome,
          reasons: event.private?.reasons ?? null,
          decidedAt: at,
        }),
      ];
      const reversed = p.reversedDecision;
      if (reversed !== null) {
        changes.push(
          patch("decision", p.space, reversed, { reversedBy: p.appeal, reversedAt: at }),
        );
        // Whatever the reversed decision hid is shown again (at most one record matches).
        for (const kind of HIDEABLE) {
          changes.push(
            patchWhere(
              kind,
              p.space,
              { removedBy: reversed },
              { removedBy: null, removedUntil: null },
            ),
          );
        }
      }
      return changes;
    }
  }
}

function content(priv: ReviewContent | undefined) {
  return {
    overall: priv?.overall ?? null,
    criteria: priv?.criteria ?? null,
    ratingSalt: priv?.ratingSalt ?? null,
    text: priv?.text ?? null,
    title: priv?.title ?? null,
  };
}

function decisionChanges(event: DecisionMade): readonly RecordChange[] {
  const {
    space,
    decision,
    decisionFacts,
    illegalContentExplanation,
    incompatibleContentExplanation,
    ...statement
  } = event.public;
  const publicTexts: StatementTexts | null =
    decisionFacts === undefined
      ? null
      : {
          decisionFacts,
          ...(illegalContentExplanation === undefined ? {} : { illegalContentExplanation }),
          ...(incompatibleContentExplanation === undefined
            ? {}
            : { incompatibleContentExplanation }),
        };
  const changes: RecordChange[] = [
    put("decision", {
      space,
      id: decision,
      madeAt: event.at,
      statement: statement satisfies StatementOfReasons,
      texts: event.private ?? publicTexts,
      reversedBy: null,
      reversedAt: null,
    }),
  ];
  const hides = statement.decisionVisibility?.some((v) => HIDING_VISIBILITY.includes(v)) ?? false;
  const kind = statement.target.kind;
  if (hides && kind !== "member") {
    const until = statement.endDateVisibilityRestriction ?? null;
    changes.push(
      patch(kind, space, statement.target.id, { removedBy: decision, removedUntil: until }),
    );
  }
  return changes;
}

/**
 * GDPR Art. 17 erasure: every private field the member authored becomes null and their events'
 * private parts are shredded. Public fields (ids, revealed ratings, commitments) stay so the log
 * still verifies and counts stay honest. Ratings of reviews never revealed are private: shredded.
 */
function erasureChanges(space: SpaceId, member: MemberId, at: number): readonly RecordChange[] {
  return [
    patch("member", space, member, { erasedAt: at, displayName: null }),
    patchWhere(
      "subject",
      space,
      { kind: "member", owner: member },
      { name: null, description: null },
    ),
    patchWhere("review", space, { author: member }, { text: null, title: null }),
    patchWhere(
      "review",
      space,
      { author: member, revealedAt: null },
      { overall: null, criteria: null, ratingSalt: null },
    ),
    patchWhere("reply", space, { author: member }, { text: null }),
    patchWhere("dispute", space, { member }, { explanation: null }),
    patchWhere("vouch", space, { voucher: member }, { note: null }),
    patchWhere(
      "alert",
      space,
      { reporter: member },
      { explanation: null, notifierName: null, notifierEmail: null },
    ),
    // A reporter named only in the shredded private part is forgotten too, as a replay would.
    patchWhere("alert", space, { reporter: member, reporterIn: "private" }, { reporter: null }),
    patchWhere("appeal", space, { appellant: member }, { explanation: null }),
    patchWhere("appeal", space, { appellant: member, appellantIn: "private" }, { appellant: null }),
    { op: "shred-private", space, owner: member },
  ];
}
