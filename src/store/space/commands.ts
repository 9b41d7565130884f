/**
 * The commands the space service runs, by name: a closed, typed map from each name to the domain's
 * command handler (src/domain/commands). Adding a command to the domain means adding one line to
 * CommandInputs and one to SPACE_COMMANDS; the mapped type makes a missing or mistyped entry a compile
 * error. createSpace is not here: it runs before its space exists (service.ts).
 */

import type {
  Actor,
  AmendReview,
  ChangePolicy,
  CommandContext,
  DecideAppeal,
  DisputeInteraction,
  DomainReader,
  EraseMember,
  FileAppeal,
  FlagMember,
  GiveVouch,
  ImportPrior,
  JoinMember,
  MakeDecision,
  RaiseAlert,
  RecordInteraction,
  RegisterSubject,
  ReplyToReview,
  ResolveAlert,
  Result,
  RevealDueReviews,
  RevokeVouch,
  SpaceRecord,
  SubmitReview,
  WithdrawPrior,
  WithdrawReview,
} from "../../domain/index.js";
import {
  amendReview,
  changePolicy,
  decideAppeal,
  disputeInteraction,
  eraseMember,
  fileAppeal,
  flagMember,
  giveVouch,
  importPrior,
  joinMember,
  makeDecision,
  raiseAlert,
  recordInteraction,
  registerSubject,
  replyToReview,
  resolveAlert,
  revealDueReviews,
  revokeVouch,
  submitReview,
  withdrawPrior,
  withdrawReview,
} from "../../domain/index.js";
import type { HeldClaim } from "../access/idempotency.js";

/** The input of each command, by name. */
export interface CommandInputs {
  readonly changePolicy: ChangePolicy;
  readonly joinMember: JoinMember;
  readonly eraseMember: EraseMember;
  readonly registerSubject: RegisterSubject;
  readonly recordInteraction: RecordInteraction;
  readonly disputeInteraction: DisputeInteraction;
  readonly submitReview: SubmitReview;
  readonly amendReview: AmendReview;
  readonly withdrawReview: WithdrawReview;
  readonly replyToReview: ReplyToReview;
  readonly revealDueReviews: RevealDueReviews;
  readonly giveVouch: GiveVouch;
  readonly revokeVouch: RevokeVouch;
  readonly raiseAlert: RaiseAlert;
  readonly resolveAlert: ResolveAlert;
  readonly flagMember: FlagMember;
  readonly makeDecision: MakeDecision;
  readonly fileAppeal: FileAppeal;
  readonly decideAppeal: DecideAppeal;
  readonly importPrior: ImportPrior;
  readonly withdrawPrior: WithdrawPrior;
}

/** The name of a command of an existing space. */
export type CommandName = keyof CommandInputs;

/** A domain command handler of a space. */
export type SpaceCommand<I> = (
  reader: DomainReader,
  space: SpaceRecord,
  input: I,
  ctx: CommandContext,
) => Promise<Result>;

/** Every command, by name. */
export const SPACE_COMMANDS: { readonly [N in CommandName]: SpaceCommand<CommandInputs[N]> } = {
  changePolicy,
  joinMember,
  eraseMember,
  registerSubject,
  recordInteraction,
  disputeInteraction,
  submitReview,
  amendReview,
  withdrawReview,
  replyToReview,
  revealDueReviews,
  giveVouch,
  revokeVouch,
  raiseAlert,
  resolveAlert,
  flagMember,
  makeDecision,
  fileAppeal,
  decideAppeal,
  importPrior,
  withdrawPrior,
};

/** All command names, in a stable order. */
export const COMMAND_NAMES = Object.keys(SPACE_COMMANDS) as readonly CommandName[];

/**
 * True when `name` is a command name (for names that come from outside, e.g. an HTTP route).
 *
 * @example if (!isCommandName(body.command)) return notFound()
 */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === "string" && Object.hasOwn(SPACE_COMMANDS, name);
}

/**
 * One command call: who runs which command with which input, and optionally the Idempotency-Key claim of
 * the request it serves, which the service marks applied in the same transaction (claimed-write.ts).
 */
export type CommandCall = {
  readonly [N in CommandName]: {
    readonly actor: Actor;
    readonly command: N;
    readonly input: CommandInputs[N];
    readonly claim?: HeldClaim;
  };
}[CommandName];
