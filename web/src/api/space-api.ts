/**
 * The calls the pages make, one function per API route they use (src/http/routes/space and log),
 * typed by api/types.ts. `cred` is the member token or the moderator's API key, when the route wants one.
 */
import { api, apiText } from "./client.js";
import type {
  AlertJson,
  AppealJson,
  CheckpointItem,
  DecisionJson,
  InteractionJson,
  MemberJson,
  OwnReviewJson,
  Page,
  ReporterAlertJson,
  ReputationJson,
  ReviewItem,
  SignalsJson,
  SpaceJson,
  SubjectJson,
  SummaryJson,
  Target,
  TrustJson,
  VouchJson,
  WhoAmIJson,
  WriteAnswer,
} from "./types.js";

type Signal = AbortSignal | undefined;

const base = (space: string) => `/v1/spaces/${encodeURIComponent(space)}`;
const seg = encodeURIComponent;

function query(params: Readonly<Record<string, string | number | boolean | undefined | null>>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null) q.set(k, String(v));
  const text = q.toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * Every item of a paged list, up to `max` items (the lists are keyset-paged, 100 at most a page).
 *
 * @example const all = await collect((cursor) => listSubjects(space, { cursor }), 500)
 */
export async function collect<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  max: number,
): Promise<{ readonly items: readonly T[]; readonly complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await page(cursor);
    items.push(...p.items);
    if (p.next === null) return { items, complete: true };
    if (items.length >= max) return { items: items.slice(0, max), complete: false };
    cursor = p.next;
  }
}

export const getSpace = (space: string, signal?: Signal) =>
  api<SpaceJson>({ path: base(space), signal });

export const whoami = (space: string, cred: string, signal?: Signal) =>
  api<WhoAmIJson>({ path: `${base(space)}/whoami`, credential: cred, signal });

export const listSubjects = (
  space: string,
  opts: { cursor?: string | undefined; owner?: string; kind?: string; limit?: number },
  cred?: string,
  signal?: Signal,
) =>
  api<Page<SubjectJson>>({
    path: `${base(space)}/subjects${query({ limit: 100, ...opts })}`,
    credential: cred,
    signal,
  });

export const getSubject = (space: string, id: string, cred?: string, signal?: Signal) =>
  api<SubjectJson>({ path: `${base(space)}/subjects/${seg(id)}`, credential: cred, signal });

export const getSummary = (space: string, id: string, signal?: Signal) =>
  api<SummaryJson>({ path: `${base(space)}/subjects/${seg(id)}/summary`, signal });

export const getReputation = (space: string, id: string, signal?: Signal) =>
  api<ReputationJson>({ path: `${base(space)}/subjects/${seg(id)}/reputation`, signal });

export const listSubjectReviews = (
  space: string,
  id: string,
  cursor: string | undefined,
  signal?: Signal,
) =>
  api<Page<ReviewItem>>({
    path: `${base(space)}/subjects/${seg(id)}/reviews${query({ limit: 100, cursor })}`,
    signal,
  });

export const getMember = (space: string, member: string, cred?: string, signal?: Signal) =>
  api<MemberJson>({ path: `${base(space)}/members/${seg(member)}`, credential: cred, signal });

export const listInteractions = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  api<Page<InteractionJson>>({
    path: `${base(space)}/members/${seg(member)}/interactions${query({ limit: 100, cursor })}`,
    credential: cred,
    signal,
  });

export const listMyReviews = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  api<Page<OwnReviewJson>>({
    path: `${base(space)}/members/${seg(member)}/reviews${query({ limit: 100, cursor })}`,
    credential: cred,
    signal,
  });

export const getOwnReview = (space: string, id: string, cred: string, signal?: Signal) =>
  api<OwnReviewJson>({ path: `${base(space)}/reviews/${seg(id)}`, credential: cred, signal });

export const submitReview = (
  space: string,
  body: {
    subject: string;
    interaction: string;
    overall: number;
    criteria?: Record<string, number>;
    title?: string;
    text: string;
  },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { review: string }>({
    method: "POST",
    path: `${base(space)}/reviews`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const withdrawReview = (space: string, id: string, cred: string) =>
  api<WriteAnswer>({
    method: "DELETE",
    path: `${base(space)}/reviews/${seg(id)}`,
    credential: cred,
  });

export const replyToReview = (
  space: string,
  id: string,
  text: string,
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { reply: string }>({
    method: "POST",
    path: `${base(space)}/reviews/${seg(id)}/reply`,
    credential: cred,
    body: { text },
    idempotencyKey,
  });

export const listVouches = (
  space: string,
  member: string,
  direction: "given" | "received",
  cursor: string | undefined,
  cred?: string,
  signal?: Signal,
) =>
  api<Page<VouchJson>>({
    path: `${base(space)}/members/${seg(member)}/vouches${query({ limit: 100, cursor, direction })}`,
    credential: cred,
    signal,
  });

export const giveVouch = (
  space: string,
  body: { vouchee: string; scope: string; note?: string; expiresAt?: number },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { vouch: string }>({
    method: "POST",
    path: `${base(space)}/vouches`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const revokeVouch = (space: string, id: string, cred: string) =>
  api<WriteAnswer>({
    method: "DELETE",
    path: `${base(space)}/vouches/${seg(id)}`,
    credential: cred,
  });

export const raiseAlert = (
  space: string,
  body: {
    target: Target;
    category: string;
    explanation: string;
    goodFaith: boolean;
    notifier?: { name: string; email: string };
  },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { alert: string }>({
    method: "POST",
    path: `${base(space)}/alerts`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const listMyAlerts = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  api<Page<ReporterAlertJson>>({
    path: `${base(space)}/members/${seg(member)}/alerts${query({ limit: 100, cursor })}`,
    credential: cred,
    signal,
  });

export const listAlerts = (
  space: string,
  status: "pending" | "resolved" | "all",
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  api<Page<AlertJson>>({
    path: `${base(space)}/alerts${query({ limit: 100, cursor, status })}`,
    credential: cred,
    signal,
  });

export const resolveAlert = (
  space: string,
  id: string,
  body: { outcome: string; decision: string | null; message: string },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer>({
    method: "POST",
    path: `${base(space)}/alerts/${seg(id)}/resolution`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const makeDecision = (
  space: string,
  body: Record<string, unknown>,
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { decision: string }>({
    method: "POST",
    path: `${base(space)}/decisions`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const listDecisions = (
  space: string,
  opts: { cursor?: string | undefined; affected?: string },
  cred?: string,
  signal?: Signal,
) =>
  api<Page<DecisionJson>>({
    path: `${base(space)}/decisions${query({ limit: 100, ...opts })}`,
    credential: cred,
    signal,
  });

export const getDecision = (space: string, id: string, cred?: string, signal?: Signal) =>
  api<DecisionJson>({ path: `${base(space)}/decisions/${seg(id)}`, credential: cred, signal });

export const listAppeals = (
  space: string,
  status: "pending" | "decided" | "all",
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  api<Page<AppealJson>>({
    path: `${base(space)}/appeals${query({ limit: 100, cursor, status })}`,
    credential: cred,
    signal,
  });

export const fileAppeal = (
  space: string,
  body: { target: { kind: "decision" | "alert"; id: string }; explanation: string },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer & { appeal: string }>({
    method: "POST",
    path: `${base(space)}/appeals`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const decideAppeal = (
  space: string,
  id: string,
  body: { outcome: "upheld" | "reversed"; reasons: string; humanReviewed: boolean },
  cred: string,
  idempotencyKey: string,
) =>
  api<WriteAnswer>({
    method: "POST",
    path: `${base(space)}/appeals/${seg(id)}/decision`,
    credential: cred,
    body,
    idempotencyKey,
  });

export const getTrust = (space: string, member: string, cred: string, signal?: Signal) =>
  api<TrustJson>({ path: `${base(space)}/trust/${seg(member)}`, credential: cred, signal });

export const getSignals = (space: string, cred: string, signal?: Signal) =>
  api<SignalsJson>({ path: `${base(space)}/signals?limit=1000`, credential: cred, signal });

/** The log's prefix (c2sp.org/tlog-tiles), ending in a slash. */
export const logPrefix = (space: string) => `${base(space)}/log/`;

export const getCheckpoint = (space: string, signal?: Signal) =>
  apiText({ path: `${logPrefix(space)}checkpoint`, signal });

export const getLogKey = (space: string, signal?: Signal) =>
  apiText({ path: `${logPrefix(space)}key`, signal });

export const listCheckpoints = (space: string, before: number | null, signal?: Signal) =>
  api<{ readonly items: readonly CheckpointItem[]; readonly next: number | null }>({
    path: `${logPrefix(space)}checkpoints${query({ limit: 100, before })}`,
    signal,
  });

export const changePolicy = (space: string, changes: Record<string, unknown>, cred: string) =>
  api<WriteAnswer & { space: SpaceJson }>({
    method: "PATCH",
    path: `${base(space)}/policy`,
    credential: cred,
    body: changes,
  });

/** A credential as issued to its member (POST me/credentials). */
export interface IssuedCredential {
  readonly credential: string;
  readonly statusIndex: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly claims: readonly {
    readonly claim: string;
    readonly value: unknown;
    readonly disclosure: string;
  }[];
}

/** What a verifier learns from a presentation (POST /v1/verify/credential). */
export interface VerificationReport {
  readonly verified: true;
  readonly issuer: string;
  readonly space: string;
  readonly expiresAt: number;
  readonly disclosed: Readonly<Record<string, unknown>>;
  readonly proves: readonly string[];
}

export const requestCredentials = (
  space: string,
  holderKeys: readonly { kty: string; crv: string; x: string }[],
  cred: string,
  idempotencyKey: string,
) =>
  api<{ readonly credentials: readonly IssuedCredential[] }>({
    method: "POST",
    path: `${base(space)}/me/credentials`,
    credential: cred,
    body: { holderKeys },
    idempotencyKey,
  });

export const verifyPresentation = (presentation: string, audience: string, nonce: string) =>
  api<VerificationReport>({
    method: "POST",
    path: "/v1/verify/credential",
    body: { presentation, audience, nonce },
  });
