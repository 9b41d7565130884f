/**
 * The pure domain layer of Fabrique: events, their log entry encoding, projections, the reader
 * port and the command handlers. No I/O: the store runs commands inside its transactions, appends
 * the events' entries to the space's log and applies `evolve`'s changes.
 */
export * from "./actor.js";
export * from "./base64url.js";
export * from "./canonical-json.js";
export * from "./changes.js";
export * from "./commands/alert.js";
export * from "./commands/appeal.js";
export type { CommandContext } from "./commands/context.js";
export * from "./commands/decision.js";
export * from "./commands/flag.js";
export { accountRestriction } from "./commands/guards.js";
export * from "./commands/interaction.js";
export * from "./commands/member.js";
export * from "./commands/prior.js";
export * from "./commands/review.js";
export * from "./commands/space.js";
export * from "./commands/subject.js";
export * from "./commands/vouch.js";
export * from "./dsa.js";
export * from "./entry.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./evolve.js";
export * from "./ids.js";
export * from "./imported-priors.js";
export * from "./policy.js";
export * from "./rating-commitment.js";
export type * from "./reader.js";
export * from "./records.js";
export * from "./retention.js";
export * from "./sealing.js";
export * from "./shred.js";
export * from "./summary.js";
export * from "./transparency-database.js";
export * from "./views.js";
