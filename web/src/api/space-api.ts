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
  ImportedPriorJson,
  InteractionJson,
  MemberJson,
  ModerationQueueItem,
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

/** One page (100 items) of a keyset-paged list at `path`, with the list's own filters. */
const listPage = <T>(
  path: string,
  params: Readonly<Record<string, string | number | boolean | undefined | null>>,
  cred: string | undefined,
  signal: Signal,
) => api<Page<T>>({ path: `${path}${query({ limit: 100, ...params })}`, credential: cred, signal });

/** A POST of a domain command; the idempotency key makes a retried click write nothing new. */
const command = <T>(path: string, body: unknown, cred: string, idempotencyKey: string) =>
  api<T>({ method: "POST", path, credential: cred, body, idempotencyKey });

/** A DELETE that withdraws or revokes what the member wrote (an event, not a deletion). */
const withdraw = (path: string, cred: string) =>
  api<WriteAnswer>({ method: "DELETE", path, credential: cred });

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
) => listPage<SubjectJson>(`${base(space)}/subjects`, opts, cred, signal);

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
  listPage<ReviewItem>(`${base(space)}/subjects/${seg(id)}/reviews`, { cursor }, undefined, signal);

export const getMember = (space: string, member: string, cred?: string, signal?: Signal) =>
  api<MemberJson>({ path: `${base(space)}/members/${seg(member)}`, credential: cred, signal });

export const listInteractions = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  listPage<InteractionJson>(
    `${base(space)}/members/${seg(member)}/interactions`,
    { cursor },
    cred,
    signal,
  );

export const listMyReviews = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  listPage<OwnReviewJson>(
    `${base(space)}/members/${seg(member)}/reviews`,
    { cursor },
    cred,
    signal,
  );

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
  command<WriteAnswer & { review: string }>(`${base(space)}/reviews`, body, cred, idempotencyKey);

export const withdrawReview = (space: string, id: string, cred: string) =>
  withdraw(`${base(space)}/reviews/${seg(id)}`, cred);

export const replyToReview = (
  space: string,
  id: string,
  text: string,
  cred: string,
  idempotencyKey: string,
) =>
  command<WriteAnswer & { reply: string }>(
    `${base(space)}/reviews/${seg(id)}/reply`,
    { text },
    cred,
    idempotencyKey,
  );

export const listVouches = (
  space: string,
  member: string,
  direction: "given" | "received",
  cursor: string | undefined,
  cred?: string,
  signal?: Signal,
) =>
  listPage<VouchJson>(
    `${base(space)}/members/${seg(member)}/vouches`,
    { cursor, direction },
    cred,
    signal,
  );

export const giveVouch = (
  space: string,
  body: { vouchee: string; scope: string; note?: string; expiresAt?: number },
  cred: string,
  idempotencyKey: string,
) => command<WriteAnswer & { vouch: string }>(`${base(space)}/vouches`, body, cred, idempotencyKey);

export const revokeVouch = (space: string, id: string, cred: string) =>
  withdraw(`${base(space)}/vouches/${seg(id)}`, cred);

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
) => command<WriteAnswer & { alert: string }>(`${base(space)}/alerts`, body, cred, idempotencyKey);

export const listMyAlerts = (
  space: string,
  member: string,
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) =>
  listPage<ReporterAlertJson>(
    `${base(space)}/members/${seg(member)}/alerts`,
    { cursor },
    cred,
    signal,
  );

export const listAlerts = (
  space: string,
  status: "pending" | "resolved" | "all",
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) => listPage<AlertJson>(`${base(space)}/alerts`, { cursor, status }, cred, signal);

export const resolveAlert = (
  space: string,
  id: string,
  body: { outcome: string; decision: string | null; message: string },
  cred: string,
  idempotencyKey: string,
) =>
  command<WriteAnswer>(`${base(space)}/alerts/${seg(id)}/resolution`, body, cred, idempotencyKey);

export const makeDecision = (
  space: string,
  body: Record<string, unknown>,
  cred: string,
  idempotencyKey: string,
) =>
  command<WriteAnswer & { decision: string }>(
    `${base(space)}/decisions`,
    body,
    cred,
    idempotencyKey,
  );

export const listDecisions = (
  space: string,
  opts: { cursor?: string | undefined; affected?: string },
  cred?: string,
  signal?: Signal,
) => listPage<DecisionJson>(`${base(space)}/decisions`, opts, cred, signal);

export const getDecision = (space: string, id: string, cred?: string, signal?: Signal) =>
  api<DecisionJson>({ path: `${base(space)}/decisions/${seg(id)}`, credential: cred, signal });

export const listAppeals = (
  space: string,
  status: "pending" | "decided" | "all",
  cursor: string | undefined,
  cred: string,
  signal?: Signal,
) => listPage<AppealJson>(`${base(space)}/appeals`, { cursor, status }, cred, signal);

export const fileAppeal = (
  space: string,
  body: { target: { kind: "decision" | "alert"; id: string }; explanation: string },
  cred: string,
  idempotencyKey: string,
) =>
  command<WriteAnswer & { appeal: string }>(`${base(space)}/appeals`, body, cred, idempotencyKey);

export const decideAppeal = (
  space: string,
  id: string,
  body: { outcome: "upheld" | "reversed"; reasons: string; humanReviewed: boolean },
  cred: string,
  idempotencyKey: string,
) => command<WriteAnswer>(`${base(space)}/appeals/${seg(id)}/decision`, body, cred, idempotencyKey);

export const getTrust = (space: string, member: string, cred: string, signal?: Signal) =>
  api<TrustJson>({ path: `${base(space)}/trust/${seg(member)}`, credential: cred, signal });

export const getSignals = (space: string, cred: string, signal?: Signal) =>
  api<SignalsJson>({ path: `${base(space)}/signals?limit=1000`, credential: cred, signal });

/** The pending alerts, the riskiest first, each with its member's stored signals (at most 1000). */
export const getModerationQueue = (space: string, cred: string, signal?: Signal) =>
  api<{ readonly items: readonly ModerationQueueItem[] }>({
    path: `${base(space)}/moderation-queue?limit=1000`,
    credential: cred,
    signal,
  });

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
  command<{ readonly credentials: readonly IssuedCredential[] }>(
    `${base(space)}/me/credentials`,
    { holderKeys },
    cred,
    idempotencyKey,
  );

export const verifyPresentation = (presentation: string, audience: string, nonce: string) =>
  api<VerificationReport>({
    method: "POST",
    path: "/v1/verify/credential",
    body: { presentation, audience, nonce },
  });

/** The member's imported prior in force, or null. */
export const getMyPrior = (space: string, cred: string, signal?: Signal) =>
  api<{ readonly prior: ImportedPriorJson | null }>({
    path: `${base(space)}/me/prior`,
    credential: cred,
    signal,
  });

/** Withdraws the imported prior `prior` (a prior.withdrawn event): it no longer counts. */
export const withdrawMyPrior = (
  space: string,
  prior: string,
  cred: string,
  idempotencyKey: string,
) => command<WriteAnswer>(`${base(space)}/me/prior/withdrawal`, { prior }, cred, idempotencyKey);

/** A fresh nonce (single use, 5 minutes) and the audience a key binding must name to import a prior. */
export const getPriorNonce = (space: string, cred: string) =>
  api<{ readonly nonce: string; readonly audience: string; readonly expiresAt: number }>({
    method: "POST",
    path: `${base(space)}/me/prior/nonce`,
    credential: cred,
  });

/** Imports a presented reputation credential of another space as the member's prior (prior.imported). */
export const importMyPrior = (
  space: string,
  body: {
    readonly presentation: string;
    readonly nonce: string;
    readonly statusListToken?: string;
  },
  cred: string,
  idempotencyKey: string,
) =>
  command<ImportedPriorJson & WriteAnswer>(`${base(space)}/me/prior`, body, cred, idempotencyKey);
