/**
 * Read queries of members, subjects, interactions and vouches, a page at a time. They return records,
 * which hold private fields (display names, descriptions, notes, the operator's references): the
 * operator's API may show them; a public read path must pick the fields it may show.
 */
import type {
  InteractionRecord,
  MemberRecord,
  Parsed,
  SubjectRecord,
  VouchRecord,
} from "../../../domain/index.js";
import type { Executor } from "../../schema.js";
import type { Keyset, Page, PageRequest } from "./pagination.js";
import { type RecordFilter, recordPage } from "./record-page.js";

const MEMBERS: Keyset = { name: "members", column: "joined_at", direction: "asc" };
const SUBJECTS: Keyset = { name: "subjects", column: "registered_at", direction: "asc" };
const INTERACTIONS: Keyset = { name: "interactions", column: "occurred_at", direction: "desc" };
const VOUCHES: Keyset = { name: "vouches", column: "given_at", direction: "desc" };

/**
 * The members of `space`, oldest first (erased ones included, with `erasedAt` set).
 *
 * @example const page = await listMembers(db.kysely, "stays", { limit: 100 })
 */
export function listMembers(
  db: Executor,
  space: string,
  request: PageRequest = {},
): Promise<Parsed<Page<MemberRecord>>> {
  return recordPage(db, "member", space, MEMBERS, request, () => []);
}

/** Options of listSubjects. */
export interface SubjectsRequest extends PageRequest {
  /** Only subjects owned by this member. */
  readonly owner?: string;
  /** Only subjects of this kind. */
  readonly kind?: SubjectRecord["kind"];
}

/**
 * The subjects of `space`, oldest first, optionally of one owner or kind.
 *
 * @example await listSubjects(db.kysely, "stays", { owner: bob, kind: "listing" })
 */
export function listSubjects(
  db: Executor,
  space: string,
  request: SubjectsRequest = {},
): Promise<Parsed<Page<SubjectRecord>>> {
  const filter: RecordFilter = (eb) => [
    ...(request.owner === undefined ? [] : [eb("owner", "=", request.owner)]),
    ...(request.kind === undefined ? [] : [eb("kind", "=", request.kind)]),
  ];
  return recordPage(db, "subject", space, SUBJECTS, request, filter);
}

/**
 * The interactions `member` is a party to, most recent first.
 *
 * @example await listInteractionsOf(db.kysely, "stays", alice)
 */
export function listInteractionsOf(
  db: Executor,
  space: string,
  member: string,
  request: PageRequest = {},
): Promise<Parsed<Page<InteractionRecord>>> {
  const filter: RecordFilter = (eb) =>
    eb.or([eb("member_a", "=", member), eb("member_b", "=", member)]);
  return recordPage(db, "interaction", space, INTERACTIONS, request, filter);
}

/** Options of the vouch lists. */
export interface VouchesRequest extends PageRequest {
  /** Only vouches active at this time: not revoked, not expired, not removed by a decision. */
  readonly activeAt?: number;
}

/**
 * The vouches for `member` (as vouchee), newest first.
 *
 * @example await listVouchesFor(db.kysely, "stays", bob, { activeAt: Date.now() })
 */
export function listVouchesFor(
  db: Executor,
  space: string,
  member: string,
  request: VouchesRequest = {},
): Promise<Parsed<Page<VouchRecord>>> {
  return recordPage(db, "vouch", space, VOUCHES, request, (eb) => [
    eb("vouchee", "=", member),
    ...activeVouch(eb, request.activeAt),
  ]);
}

/**
 * The vouches `member` gave (as voucher), newest first.
 *
 * @example await listVouchesBy(db.kysely, "stays", alice)
 */
export function listVouchesBy(
  db: Executor,
  space: string,
  member: string,
  request: VouchesRequest = {},
): Promise<Parsed<Page<VouchRecord>>> {
  return recordPage(db, "vouch", space, VOUCHES, request, (eb) => [
    eb("voucher", "=", member),
    ...activeVouch(eb, request.activeAt),
  ]);
}

/** Active at `now`: the rule of the domain's countVouchesFor (not revoked, expired or removed). */
function activeVouch(eb: Parameters<RecordFilter>[0], now: number | undefined) {
  if (now === undefined) return [];
  return [
    eb("revoked_at", "is", null),
    eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]),
    eb.or([
      eb("removed_by", "is", null),
      eb.and([eb("removed_until", "is not", null), eb("removed_until", "<=", now)]),
    ]),
  ];
}
