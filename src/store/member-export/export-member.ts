/**
 * A member's export (issue 6): everything the space holds and derives about one member, as a ZIP
 * archive streamed to a sink as it is read (nothing of it is held whole in memory; the trust scores'
 * evidence is, as for every score of the space). The recipe:
 *   1. prepare (before any byte is sent, so that HTTP can still answer 404): the space and the member
 *      exist; read the latest signed checkpoint and the log's size; record the access;
 *   2. the data files, page by page (member-data/member-records.ts), each record as the member may
 *      see it (record-views.ts) and tagged with its origin;
 *   3. derived/: reputation and signals with their explanations, issued credentials;
 *   4. log/: the member's entries with receipts, and inclusion proofs for those the latest checkpoint
 *      covers (the export signs no checkpoint: that is the sealer's, with its witnesses), that checkpoint;
 *   5. the access log (with the webhook deliveries of those entries);
 *   6. a JSON Schema per data file, README.html;
 *   7. manifest.json (every file's SHA-256) and manifest.sig (signed by the space's log key).
 * The portable scope (GDPR Art. 20) writes provided and observed records only.
 */

import { DEFAULT_THRESHOLDS } from "../../credential/index.js";
import type { MemberRecord, SpaceRecord } from "../../domain/records.js";
import { encodeBase64 } from "../../log/encoding/base64.js";
import { createZipWriter, type ZipSink, type ZipWriter } from "../archive/zip-writer.js";
import { credentialsOf } from "../credentials/status-entries.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import { latestCheckpoint, type StoredCheckpoint } from "../log/checkpoints.js";
import { readLogState } from "../log/log-state.js";
import type { SpaceLogSigner, SpaceLogSigners } from "../log/space-log-signer.js";
import { recordAccess } from "../member-data/access-log.js";
import { memberLogEvents } from "../member-data/member-events.js";
import { memberRecords } from "../member-data/member-records.js";
import { memberScores } from "../member-data/member-scores.js";
import { retentionDates } from "../member-data/retention-dates.js";
import { getRecord } from "../projections/sql-reader.js";
import { SEEDED_ALGORITHMS } from "../trust/recompute/seeded-update.js";
import { type StoredScore, scoresOf } from "../trust/stored-scores.js";
import { accessRecords } from "./access-records.js";
import { reputationView, signalView } from "./derived-views.js";
import * as F from "./export-files.js";
import { type FileHeader, type WrittenFile, writeJsonFile, writeWholeFile } from "./json-file.js";
import {
  EXPORT_FORMAT,
  type ExportManifest,
  type ManifestFile,
  signExportNote,
} from "./manifest.js";
import { readmeHtml } from "./readme-html.js";
import { type DataOrigin, fileSchema, type LogEventJson } from "./record-schemas.js";
import * as V from "./record-views.js";
import { seededViews } from "./seeded-view.js";

/** What an export runs on. */
export interface MemberExportDeps {
  readonly db: Database;
  readonly signers: SpaceLogSigners;
  readonly clock?: () => number;
  /** The server's public URL, for links in README.html; undefined when not known. */
  readonly publicUrl?: string | undefined;
}

/** Who asks for which export. */
export interface MemberExportRequest {
  readonly space: string;
  readonly member: string;
  readonly scope: "full" | "portable";
  /** For the access log: "member:<id>", "operator:<key id>", "platform" or "cli". */
  readonly accessor: string;
  /** For the access log: the route or command. */
  readonly resource: string;
}

/** An export ready to stream: everything that could refuse it has been checked. */
export interface PreparedExport {
  readonly deps: MemberExportDeps;
  readonly request: MemberExportRequest;
  readonly now: number;
  readonly space: SpaceRecord;
  readonly member: MemberRecord;
  readonly signer: SpaceLogSigner;
  /** The latest signed checkpoint, if the space has published one: the proofs lead to its root. */
  readonly checkpoint: StoredCheckpoint | undefined;
  /** The log's size when the export began: entries up to it are listed. */
  readonly logSize: number;
}

/** What was written. */
export interface ExportSummary {
  readonly files: number;
  readonly records: number;
  /** The archive's size. */
  readonly bytes: number;
  /** The files' size before compression (manifest.json and manifest.sig aside). */
  readonly contentBytes: number;
  readonly logEntries: number;
  readonly checkpointSize: number;
}

/** Reports progress: the file being written and records so far. */
export type ExportProgress = (file: string, records: number) => void;

const PORTABLE: ReadonlySet<DataOrigin> = new Set(["provided", "observed"]);
const FULL: ReadonlySet<DataOrigin> = new Set(["provided", "observed", "derived", "inferred"]);

/**
 * Step 1. Throws StoreError("not-found") for an unknown space or member.
 *
 * @example const prepared = await prepareMemberExport(deps, { space, member, scope: "full", accessor, resource })
 */
export async function prepareMemberExport(
  deps: MemberExportDeps,
  request: MemberExportRequest,
): Promise<PreparedExport> {
  const { db, signers } = deps;
  const now = (deps.clock ?? Date.now)();
  const space = await getRecord(db.kysely, "space", request.space, request.space);
  if (space === null) throw new StoreError("not-found", `no space ${request.space}`);
  const member = await getRecord(db.kysely, "member", request.space, request.member);
  if (member === null) throw new StoreError("not-found", `no member ${request.member}`);
  const checkpoint = await latestCheckpoint(db.kysely, request.space);
  const { size: logSize } = await readLogState(db.kysely, request.space);
  const signer = await signers.signerFor(db.kysely, request.space);
  await recordAccess(db.kysely, {
    space: request.space,
    member: request.member,
    at: now,
    accessor: request.accessor,
    action: "export",
    resource: request.resource,
    detail: `scope ${request.scope}`,
  });
  return { deps, request, now, space, member, signer, checkpoint, logSize };
}

/**
 * Steps 2–7: writes the archive to `sink`.
 *
 * @example await writeMemberExport(prepared, writableSink(reply.raw))
 */
export async function writeMemberExport(
  prepared: PreparedExport,
  sink: ZipSink,
  progress: ExportProgress = () => {},
): Promise<ExportSummary> {
  return writeArchive(prepared, sink, progress);
}

async function writeArchive(
  prepared: PreparedExport,
  sink: ZipSink,
  progress: ExportProgress,
): Promise<ExportSummary> {
  const zip = createZipWriter(sink, { modified: new Date(prepared.now) });
  const keep = prepared.request.scope === "portable" ? PORTABLE : FULL;
  const written: WrittenFile[] = [];
  const add = (file: WrittenFile | null) => {
    if (file !== null) written.push(file);
  };
  const counted = <T>(path: string, source: AsyncIterable<T> | Iterable<T>) =>
    count(path, source, progress);

  // Step 3's scores read the whole space's evidence: started now, they are read (on PostgreSQL, by the
  // database on the other core) while the data files are written, and awaited in step 3.
  const { db } = prepared.deps;
  const scores = keep.has("derived")
    ? memberScores(db, prepared.space.id, prepared.member.id, prepared.now)
    : Promise.resolve(null);
  scores.catch(() => {}); // awaited in writeDerived; a failure before it leaves it unobserved
  for (const [spec, source] of dataFiles(prepared))
    add(await writeJsonFile(zip, spec, header(prepared), counted(spec.path, source), keep));
  const derived = await writeDerived(zip, prepared, keep, await scores, add, counted);
  const indices: number[] = [];
  const events = counted(F.EVENTS_FILE.path, logEvents(prepared, indices));
  add(await writeJsonFile(zip, EVENTS_LINES, logHeader(prepared), events, keep, logEventLine));
  const others =
    prepared.checkpoint === undefined
      ? []
      : [await writeWholeFile(zip, "log/checkpoint", prepared.checkpoint.note)];
  const accesses = accessRecords(
    prepared.deps.db.kysely,
    prepared.space.id,
    prepared.member.id,
    indices,
  );
  add(
    await writeJsonFile(
      zip,
      F.ACCESS_FILE,
      header(prepared),
      counted(F.ACCESS_FILE.path, accesses),
      keep,
    ),
  );
  for (const file of written) others.push(await writeSchema(zip, file));
  others.push(await writeWholeFile(zip, "README.html", readme(prepared, written, derived)));
  const bytes = await writeManifest(zip, prepared, [...written, ...others]);
  return {
    files: written.length + others.length + 2,
    records: written.reduce((n, f) => n + (f.records ?? 0), 0),
    bytes,
    contentBytes: [...written, ...others].reduce((n, f) => n + f.bytes, 0),
    logEntries: indices.length,
    checkpointSize: prepared.checkpoint?.size ?? 0,
  };
}

/** The data files and their records, in archive order (step 2). */
function dataFiles(p: PreparedExport): [F.ExportFileSpec<never>, AsyncIterable<never>][] {
  const { db } = p.deps;
  const space = p.space.id;
  const m = p.member.id;
  const { policy } = p.space;
  const read = <S extends Parameters<typeof memberRecords>[3]>(source: S) =>
    memberRecords(db.kysely, space, m, source);
  const files: [F.ExportFileSpec<never>, AsyncIterable<unknown>][] = [
    [F.MEMBER_FILE, map(read("member"), V.memberView)],
    [F.SUBJECTS_FILE, map(read("subjects"), V.subjectView)],
    [F.INTERACTIONS_FILE, map(read("interactions"), (i) => V.interactionView(i, m))],
    [F.DISPUTES_FILE, map(read("disputes"), V.disputeView)],
    [
      F.REVIEWS_WRITTEN_FILE,
      map(read("reviewsWritten"), (r) => V.reviewWrittenView(r, policy, p.now)),
    ],
    [
      F.REVIEWS_RECEIVED_FILE,
      map(read("reviewsReceived"), (r) => V.reviewReceivedView(r, policy, p.now)),
    ],
    [F.REPLIES_FILE, map(read("replies"), V.replyView)],
    [
      F.VOUCHES_FILE,
      concat(
        map(read("vouchesGiven"), (v) => V.vouchView(v, "given")),
        map(read("vouchesReceived"), (v) => V.vouchView(v, "received")),
      ),
    ],
    [
      F.ALERTS_FILE,
      concat(
        map(read("alertsRaised"), (a) => V.alertRaisedView(a, m)),
        // An alert the member raised about their own content is listed once, as theirs.
        map(read("alertsConcerning"), (a) => (a.reporter === m ? null : V.alertConcerningView(a))),
      ),
    ],
    [F.DECISIONS_FILE, map(read("decisions"), V.decisionView)],
    [F.APPEALS_FILE, map(read("appeals"), V.appealView)],
    [F.RETENTION_FILE, map(retentionDates(db.kysely, space, m, policy), V.retentionView)],
  ];
  return files as [F.ExportFileSpec<never>, AsyncIterable<never>][];
}

interface Derived {
  readonly reputations: ReturnType<typeof reputationView>[];
  readonly signal: ReturnType<typeof signalView> | null;
}

/** Step 3. */
async function writeDerived(
  zip: ZipWriter,
  p: PreparedExport,
  keep: ReadonlySet<DataOrigin>,
  scores: Awaited<ReturnType<typeof memberScores>> | null,
  add: (file: WrittenFile | null) => void,
  counted: <T>(path: string, source: Iterable<T>) => AsyncIterable<T>,
): Promise<Derived> {
  const { db } = p.deps;
  const scale = p.space.policy.rating;
  const reputations = (scores?.subjects ?? []).map((s) =>
    reputationView(s, scale, DEFAULT_THRESHOLDS),
  );
  const signal = scores?.signal == null ? null : signalView(scores.signal);
  const context = { ...header(p).context, scoresAtLogSize: scores?.logSize ?? null };
  const withScores = { ...header(p), context };
  const reputationFile = counted(F.REPUTATION_FILE.path, reputations);
  add(await writeJsonFile(zip, F.REPUTATION_FILE, withScores, reputationFile, keep));
  add(
    await writeJsonFile(
      zip,
      F.SIGNALS_FILE,
      withScores,
      counted(F.SIGNALS_FILE.path, signal === null ? [] : [signal]),
      keep,
    ),
  );
  const seeded =
    keep.has("derived") || keep.has("inferred")
      ? seededViews(await seededScoresOf(db, p.space.id, p.member.id))
      : [];
  add(
    await writeJsonFile(zip, F.SEEDED_FILE, withScores, counted(F.SEEDED_FILE.path, seeded), keep),
  );
  const credentials = (await credentialsOf(db.kysely, p.space.id, p.member.id)).map((c) => ({
    statusIndex: c.index,
    issuedAt: V.iso(c.issuedAt),
    expiresAt: V.iso(c.expiresAt),
    revokedAt: c.revokedAt === null ? null : V.iso(c.revokedAt),
    revokedReason: c.revokedReason,
    dataOrigin: "observed" as const,
  }));
  const credentialFile = counted(F.CREDENTIALS_FILE.path, credentials);
  add(await writeJsonFile(zip, F.CREDENTIALS_FILE, header(p), credentialFile, keep));
  return { reputations, signal };
}

/** The member's stored seeded scores (issue 5), in SEEDED_ALGORITHMS order. */
async function seededScoresOf(db: Database, space: string, member: string) {
  const scores: StoredScore[] = [];
  for (const algorithm of SEEDED_ALGORITHMS) {
    const score = (await scoresOf(db.kysely, space, algorithm, [member])).get(member);
    if (score !== undefined) scores.push(score);
  }
  return scores;
}

/**
 * A log/events.json record whose `entry` is the stored entry's text, written through as it is: the
 * RFC 8785 bytes its leaf hash covers, not decoded and encoded again (docs/benchmarks.md); and whose
 * `receipt` comes in its two parts (member-events.ts), the batch's note already escaped as JSON.
 */
type LogEventLine = Omit<LogEventJson, "entry" | "receipt"> & {
  readonly entryText: string;
  readonly receipt: { readonly head: string; readonly signedBatchJson: string };
};

const EVENTS_LINES: F.ExportFileSpec<LogEventLine> = {
  ...F.EVENTS_FILE,
  line: (e) => F.EVENTS_FILE.line({ ...e, entry: {}, receipt: "" }),
};

/** The fields logEventLine writes: a field added to LogEventJson fails to compile until it is written. */
const WRITTEN = {
  logIndex: true,
  eventId: true,
  eventType: true,
  at: true,
  actor: true,
  role: true,
  entryText: true,
  leafHash: true,
  receipt: true,
  inclusionProof: true,
  dataOrigin: true,
} as const satisfies Record<keyof LogEventLine, true>;
void WRITTEN;

/**
 * One line of log/events.json, the fields in LogEventJson's order (see WRITTEN), in three pieces: the
 * receipt's JSON string is JSON.stringify(`${head}\n${signedBatch}`) written as the escaped head, "\n"
 * and the escaped note (JSON escapes character by character, and "\n" splits no surrogate pair). The
 * note is the batch's one string: its U+2014 would make every line a two-byte string, twice the bytes
 * to build, copy and collect (about 450 MB allocated by an export of 15,000 entries before).
 */
function logEventLine(e: LogEventLine): readonly string[] {
  const q = JSON.stringify;
  const proof = e.inclusionProof === null ? "null" : `["${e.inclusionProof.join('","')}"]`;
  const head = q(e.receipt.head).slice(0, -1);
  return [
    `{"logIndex":${e.logIndex},"eventId":${q(e.eventId)},"eventType":${q(e.eventType)},"at":${q(e.at)},"actor":${q(e.actor)},"role":${q(e.role)},"entry":${e.entryText},"leafHash":"${e.leafHash}","receipt":${head}\\n`,
    e.receipt.signedBatchJson,
    `","inclusionProof":${proof},"dataOrigin":"${e.dataOrigin}"}`,
  ];
}

/** Step 4: the member's log entries, proven; their indices are collected for the access log. */
async function* logEvents(p: PreparedExport, indices: number[]): AsyncGenerator<LogEventLine> {
  const extent = { logSize: p.logSize, provenSize: p.checkpoint?.size ?? 0 };
  const batches = memberLogEvents(p.deps.db, p.signer, p.space.id, p.member.id, extent);
  for await (const batch of batches) {
    // The proofs of a batch share most of their nodes (the same arrays): encode each once. Its receipts
    // share a few signed notes: escape each once.
    const notes = new Map<string, string>();
    const noteJson = (note: string) => {
      let text = notes.get(note);
      if (text === undefined) {
        text = JSON.stringify(note).slice(1, -1);
        notes.set(note, text);
      }
      return text;
    };
    const encoded = new Map<Uint8Array, string>();
    const b64 = (hash: Uint8Array) => {
      let text = encoded.get(hash);
      if (text === undefined) {
        text = encodeBase64(hash);
        encoded.set(hash, text);
      }
      return text;
    };
    for (const e of batch) {
      indices.push(e.index);
      yield {
        logIndex: e.index,
        eventId: e.entry.id,
        eventType: e.entry.type,
        at: V.iso(e.entry.at),
        actor: e.entry.actor,
        role: e.role,
        entryText: e.entryText,
        leafHash: encodeBase64(e.leafHash),
        receipt: { head: e.receipt.head, signedBatchJson: noteJson(e.receipt.signedBatch) },
        inclusionProof: e.proof === null ? null : e.proof.map(b64),
        dataOrigin: e.role === "actor" ? "provided" : "observed",
      };
    }
  }
}

async function writeSchema(zip: ZipWriter, file: WrittenFile): Promise<ManifestFile> {
  const spec = F.EXPORT_FILES.find((f) => f.path === file.path);
  if (spec === undefined || file.schema === null) throw new Error(`no spec for ${file.path}`);
  const schema = fileSchema(spec.path, spec.title, spec.record);
  return writeWholeFile(zip, file.schema, `${JSON.stringify(schema, null, 2)}\n`);
}

function readme(p: PreparedExport, files: readonly WrittenFile[], derived: Derived): string {
  const base = p.deps.publicUrl;
  return readmeHtml({
    spaceName: p.space.name,
    space: p.space.id,
    member: p.member.id,
    scope: p.request.scope,
    generatedAt: V.iso(p.now),
    policy: p.space.policy,
    files,
    reputations: derived.reputations,
    signal: derived.signal,
    log: {
      origin: p.signer.origin,
      verifierKey: p.signer.verifierKey,
      size: p.checkpoint?.size ?? 0,
      logSize: p.logSize,
    },
    logKeyUrl: base === undefined ? null : `${base}/v1/spaces/${p.space.id}/log/key`,
  });
}

/** Step 7; returns the archive's size. */
async function writeManifest(
  zip: ZipWriter,
  p: PreparedExport,
  files: readonly ManifestFile[],
): Promise<number> {
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    space: p.space.id,
    member: p.member.id,
    scope: p.request.scope,
    generatedAt: V.iso(p.now),
    log: {
      origin: p.signer.origin,
      verifierKey: p.signer.verifierKey,
      checkpoint: checkpointJson(p),
    },
    files: files.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      bytes: f.bytes,
      records: f.records,
      dataOrigins: f.dataOrigins,
      schema: f.schema,
    })),
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const entry = await zip.entry("manifest.json");
  await entry.write(bytes);
  await entry.close();
  const signature = signExportNote(p.signer.signer, p.signer.origin, p.member.id, bytes);
  await writeWholeFile(zip, "manifest.sig", signature);
  return zip.finish();
}

function header(p: PreparedExport): FileHeader {
  return {
    space: p.space.id,
    member: p.member.id,
    context: {
      readAt: V.iso(p.now),
      policyVersion: p.space.policyVersion,
      retention: p.space.policy.retention,
      ratingScale: p.space.policy.rating,
    },
  };
}

function checkpointJson(p: PreparedExport) {
  const c = p.checkpoint;
  return c === undefined ? null : { size: c.size, rootHash: encodeBase64(c.root) };
}

function logHeader(p: PreparedExport): FileHeader {
  return {
    ...header(p),
    context: {
      origin: p.signer.origin,
      verifierKey: p.signer.verifierKey,
      checkpoint: checkpointJson(p),
      checkpointNote: p.checkpoint === undefined ? null : "log/checkpoint",
      logSize: p.logSize,
    },
  };
}

async function* map<A, B>(source: AsyncIterable<A>, f: (a: A) => B | null): AsyncGenerator<B> {
  for await (const a of source) {
    const b = f(a);
    if (b !== null) yield b;
  }
}

async function* concat<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  for (const source of sources) yield* source;
}

async function* count<T>(
  file: string,
  source: AsyncIterable<T> | Iterable<T>,
  progress: ExportProgress,
): AsyncGenerator<T> {
  let n = 0;
  for await (const item of source) {
    yield item;
    n++;
    if (n % 1000 === 0) progress(file, n);
  }
  progress(file, n);
}
