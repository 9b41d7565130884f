/**
 * The log explorer (public, for auditors and the curious): the latest checkpoint with its signature
 * checked in this browser, the witnesses' cosignatures, the log's growth over the checkpoints it issued
 * with a consistency proof from the oldest shown to the latest, and "verify this review": the review's
 * entries found in the log, its inclusion proof worked step by step against the signed root, and the
 * revealed rating checked against the commitment made while it was sealed.
 */
import { useCallback, useState } from "react";
import type { LogEntry } from "../../../src/domain/entry.js";
import { verifyRatingOpening } from "../../../src/domain/rating-commitment.js";
import { decodeBase64Strict } from "../../../src/log/encoding/base64.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { sameBytes } from "../../../src/log/merkle/same-bytes.js";
import { verifyConsistency } from "../../../src/log/merkle/verify-consistency.js";
import { api } from "../api/client.js";
import { listCheckpoints, logPrefix } from "../api/space-api.js";
import type { InclusionProofJson } from "../api/types.js";
import { GrowthChart } from "../charts/growth-chart.js";
import { InclusionPath } from "../charts/inclusion-path.js";
import { useI18n } from "../i18n/i18n.js";
import { base64, hex } from "../log/bytes.js";
import { findReviewEntries } from "../log/find-entries.js";
import { type InclusionWorking, workInclusion } from "../log/inclusion-steps.js";
import { type OpenedLog, openSpaceLog, openWithKey } from "../log/open-log.js";
import { hrefOf } from "../router.js";
import { PageTitle } from "../ui/page-title.js";
import { ErrorNotice, Field, Loaded, Section, When } from "../ui/parts.js";
import { useLoad } from "../ui/use-load.js";

const MAX_HISTORY = 500;

/** The log explorer of `space`; `review` prefills "verify this review". */
export function LogExplorerPage({
  space,
  review,
}: {
  readonly space: string;
  readonly review: string | null;
}) {
  const { t } = useI18n();
  const [witnessKeys, setWitnessKeys] = useState<readonly string[]>([]);
  const [load] = useLoad(() => openSpaceLog(space, witnessKeys), [space, witnessKeys]);
  return (
    <>
      <PageTitle sub={t("log.lead")}>{t("log.title")}</PageTitle>
      <Loaded load={load}>
        {(log) => (
          <>
            <CheckpointPanel log={log} onWitnessKeys={setWitnessKeys} witnessKeys={witnessKeys} />
            <VerifyReview space={space} log={log} initial={review} />
            <History space={space} log={log} />
          </>
        )}
      </Loaded>
    </>
  );
}

function CheckpointPanel(props: {
  readonly log: OpenedLog;
  readonly witnessKeys: readonly string[];
  readonly onWitnessKeys: (keys: readonly string[]) => void;
}) {
  const { t, number, dateTime } = useI18n();
  const { log, witnessKeys, onWitnessKeys } = props;
  const { checkpoint, cosignatures, unverified } = log.opened;
  const [keysText, setKeysText] = useState(witnessKeys.join("\n"));
  return (
    <Section title={t("log.checkpointTitle")}>
      <p className="notice success" role="status">
        {t("log.signatureOk", { name: log.keyName })}
      </p>
      <dl className="facts">
        <dt>{t("log.origin")}</dt>
        <dd>
          <code>{checkpoint.origin}</code>
        </dd>
        <dt>{t("log.treeSize")}</dt>
        <dd data-testid="tree-size">{number(checkpoint.size)}</dd>
        <dt>{t("log.root")}</dt>
        <dd>
          <code className="hash">{base64(checkpoint.rootHash)}</code>
        </dd>
        <dt>{t("log.key")}</dt>
        <dd>
          <code className="hash">{log.verifierKey}</code>
        </dd>
      </dl>
      <h3>{t("log.cosignaturesTitle")}</h3>
      {cosignatures.length === 0 && unverified.length === 0 ? (
        <p>{t("log.noCosignatures")}</p>
      ) : null}
      <ul className="plain">
        {cosignatures.map((c) => (
          <li key={`${c.name}-${c.keyId}`}>
            <span className="tag ok">{t("log.cosignatureOk")}</span> <code>{c.name}</code> ·{" "}
            {t("log.cosignedAt", { at: dateTime(c.timestamp * 1000) })}
          </li>
        ))}
        {unverified.map((s) => (
          <li key={`${s.name}-${s.keyId}`}>
            <span className="tag">{t("log.cosignatureUnchecked")}</span> <code>{s.name}</code> (
            {t("log.keyId")} <code>{s.keyId.toString(16).padStart(8, "0")}</code>)
          </li>
        ))}
      </ul>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          onWitnessKeys(
            keysText
              .split("\n")
              .map((k) => k.trim())
              .filter((k) => k !== ""),
          );
        }}
      >
        <Field label={t("log.witnessKeys")} hint={t("log.witnessKeysHint")}>
          {(f) => (
            <textarea
              {...f}
              rows={2}
              spellCheck={false}
              className="code"
              value={keysText}
              onChange={(e) => setKeysText(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="secondary">
          {t("log.checkCosignatures")}
        </button>
      </form>
      <details>
        <summary>{t("log.noteText")}</summary>
        <pre className="code">{log.note}</pre>
      </details>
    </Section>
  );
}

type Verification =
  | { readonly state: "idle" }
  | { readonly state: "working"; readonly done: number; readonly total: number }
  | { readonly state: "error"; readonly error: Error }
  | { readonly state: "done"; readonly result: ReviewProof };

interface ReviewProof {
  readonly review: string;
  readonly entries: readonly { readonly index: number; readonly entry: LogEntry }[];
  readonly index: number;
  readonly entryBytes: Uint8Array;
  readonly leaf: Uint8Array;
  readonly proofLeaf: Uint8Array;
  readonly working: InclusionWorking;
  readonly root: Uint8Array;
  readonly treeSize: number;
  /** Whether the revealed rating opens the sealed commitment; null when not revealed in the log. */
  readonly opening: boolean | null;
}

function VerifyReview(props: {
  readonly space: string;
  readonly log: OpenedLog;
  readonly initial: string | null;
}) {
  const { t } = useI18n();
  const { space, log, initial } = props;
  const [id, setId] = useState(initial ?? "");
  const [state, setState] = useState<Verification>({ state: "idle" });
  const verify = useCallback(async () => {
    const review = id.trim();
    setState({ state: "working", done: 0, total: log.reader.head.size });
    try {
      const result = await proveReview(space, log, review, (done, total) =>
        setState({ state: "working", done, total }),
      );
      setState({ state: "done", result });
    } catch (e) {
      setState({ state: "error", error: e as Error });
    }
  }, [space, log, id]);
  return (
    <Section title={t("log.verifyTitle")}>
      <p className="hint">{t("log.verifyHint")}</p>
      <form
        className="row end"
        onSubmit={(e) => {
          e.preventDefault();
          void verify();
        }}
      >
        <Field label={t("log.reviewId")}>
          {(f) => (
            <input
              {...f}
              required
              pattern="[A-Za-z0-9._\-]{1,64}"
              spellCheck={false}
              value={id}
              onChange={(e) => setId(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={state.state === "working"}>
          {t("log.verify")}
        </button>
      </form>
      {state.state === "working" ? (
        <p role="status" className="muted">
          {t("log.reading", { done: state.done, total: state.total })}
        </p>
      ) : null}
      {state.state === "error" ? <ErrorNotice error={state.error} /> : null}
      {state.state === "done" ? <ProofSteps space={space} proof={state.result} /> : null}
    </Section>
  );
}

async function proveReview(
  space: string,
  log: OpenedLog,
  review: string,
  progress: (done: number, total: number) => void,
): Promise<ReviewProof> {
  const found = await findReviewEntries(log.reader, review, progress);
  const submitted = found.find((f) => f.entry.type === "review.submitted");
  if (submitted === undefined)
    throw new Error(
      `no entry submits review ${review} in the first ${log.reader.head.size} entries`,
    );
  const size = log.opened.checkpoint.size;
  const proof = await api<InclusionProofJson>({
    path: `${logPrefix(space)}proof/inclusion?index=${submitted.index}&size=${size}`,
  });
  const proofLeaf = decodeBase64Strict(proof.leafHash, "leaf hash");
  const working = workInclusion({
    index: submitted.index,
    treeSize: size,
    leafHash: leafHash(submitted.bytes),
    proof: proof.proof.map((p) => decodeBase64Strict(p, "proof hash")),
    root: log.opened.checkpoint.rootHash,
  });
  const revealed = found.find((f) => f.entry.type === "review.revealed");
  const commitments = found.flatMap((f) => {
    const pub = f.entry.public as { readonly ratingCommitment?: string };
    return (f.entry.type === "review.submitted" || f.entry.type === "review.amended") &&
      typeof pub.ratingCommitment === "string"
      ? [pub.ratingCommitment]
      : [];
  });
  let opening: boolean | null = null;
  if (revealed !== undefined) {
    const p = revealed.entry.public as {
      overall: number;
      criteria: Record<string, number>;
      ratingSalt: string;
    };
    const last = commitments[commitments.length - 1];
    opening =
      last !== undefined &&
      verifyRatingOpening(last, { overall: p.overall, criteria: p.criteria }, p.ratingSalt);
  }
  return {
    review,
    entries: found.map((f) => ({ index: f.index, entry: f.entry })),
    index: submitted.index,
    entryBytes: submitted.bytes,
    leaf: leafHash(submitted.bytes),
    proofLeaf,
    working,
    root: log.opened.checkpoint.rootHash,
    treeSize: size,
    opening,
  };
}

function ProofSteps({ space, proof }: { readonly space: string; readonly proof: ReviewProof }) {
  const { t, dateTime } = useI18n();
  const leafOk = sameBytes(proof.leaf, proof.proofLeaf);
  const ok = leafOk && proof.working.matches;
  return (
    <div className="proof">
      <p className={ok ? "notice success" : "notice error"} role="status" data-testid="verdict">
        {ok
          ? t("log.verdictOk", { index: proof.index, size: proof.treeSize })
          : t("log.verdictBad")}
      </p>
      <InclusionPath index={proof.index} leaf={proof.leaf} working={proof.working} />
      <ol className="steps">
        <li>
          {t("log.step.entries", { n: proof.entries.length })}
          <ul>
            {proof.entries.map((e) => (
              <li key={e.index}>
                <code>#{e.index}</code> {e.entry.type} · {dateTime(e.entry.at)}
              </li>
            ))}
          </ul>
        </li>
        <li>
          {t("log.step.leaf", { index: proof.index })}
          <br />
          <code className="hash">{hex(proof.leaf)}</code>{" "}
          <span className={leafOk ? "tag ok" : "tag warn"}>
            {leafOk ? t("log.sameAsProof") : t("log.differsFromProof")}
          </span>
        </li>
        {proof.working.steps.map((s, i) => (
          <li key={hex(s.result)}>
            {t(s.side === "left" ? "log.step.left" : "log.step.right", { n: i + 1 })}
            <br />
            <span className="muted">{t("log.sibling")}</span>{" "}
            <code className="hash">{hex(s.sibling)}</code>
            <br />
            <span className="muted">{t("log.result")}</span>{" "}
            <code className="hash">{hex(s.result)}</code>
          </li>
        ))}
        <li>
          {t("log.step.root")}
          <br />
          <code className="hash">{hex(proof.root)}</code>{" "}
          <span className={proof.working.matches ? "tag ok" : "tag warn"}>
            {proof.working.matches ? t("log.rootMatches") : t("log.rootDiffers")}
          </span>
        </li>
        <li>
          {proof.opening === null
            ? t("log.step.notRevealed")
            : proof.opening
              ? t("log.step.openingOk")
              : t("log.step.openingBad")}
        </li>
      </ol>
      <details>
        <summary>{t("log.entryJson")}</summary>
        <pre className="code">{new TextDecoder().decode(proof.entryBytes)}</pre>
      </details>
      <p>
        <a href={hrefOf({ page: "transparency", space })}>{t("log.toTransparency")}</a>
      </p>
    </div>
  );
}

function History({ space, log }: { readonly space: string; readonly log: OpenedLog }) {
  const { t, number } = useI18n();
  const [load] = useLoad(
    async (signal) => {
      const items: { size: number; createdAt: string; note: string }[] = [];
      let before: number | null = null;
      do {
        const page = await listCheckpoints(space, before, signal);
        items.push(...page.items);
        before = page.next;
      } while (before !== null && items.length < MAX_HISTORY);
      const oldest = items[items.length - 1];
      const latest = log.opened.checkpoint;
      let consistency: { from: number; to: number; ok: boolean; why?: string } | null = null;
      if (oldest !== undefined && oldest.size > 0 && oldest.size <= latest.size) {
        const old = await openWithKey(oldest.note, log.verifierKey);
        const proof = await api<{ proof: string[] }>({
          path: `${logPrefix(space)}proof/consistency?from=${oldest.size}&to=${latest.size}`,
          signal,
        });
        try {
          verifyConsistency({
            oldSize: old.checkpoint.size,
            newSize: latest.size,
            oldRoot: old.checkpoint.rootHash,
            newRoot: latest.rootHash,
            proof: proof.proof.map((p) => decodeBase64Strict(p, "proof hash")),
          });
          consistency = { from: oldest.size, to: latest.size, ok: true };
        } catch (e) {
          consistency = {
            from: oldest.size,
            to: latest.size,
            ok: false,
            why: (e as Error).message,
          };
        }
      }
      return { items, consistency, complete: before === null };
    },
    [space, log],
  );
  return (
    <Section title={t("log.historyTitle")}>
      <Loaded load={load}>
        {({ items, consistency, complete }) => (
          <>
            <GrowthChart
              points={items.map((c) => ({ at: Date.parse(c.createdAt), size: c.size }))}
            />
            {complete ? null : (
              <p className="muted">{t("log.historyTruncated", { n: MAX_HISTORY })}</p>
            )}
            {consistency === null ? null : (
              <p className={consistency.ok ? "notice success" : "notice error"} role="status">
                {consistency.ok
                  ? t("log.consistencyOk", {
                      from: number(consistency.from),
                      to: number(consistency.to),
                    })
                  : t("log.consistencyBad", {
                      from: consistency.from,
                      to: consistency.to,
                      why: consistency.why ?? "",
                    })}
              </p>
            )}
            {items.length === 0 ? null : (
              <p className="muted">
                {t("log.latestIssued")} <When ms={Date.parse(items[0]?.createdAt ?? "")} withTime />
              </p>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}
