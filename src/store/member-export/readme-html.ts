/**
 * README.html: the archive for a person, not only for machines (issue 6). A self-contained page (no
 * script, no external resource) that says what the archive holds and why, shows the first lines of
 * every file, explains the scores and signals in full, gives the retention dates, tells how to check
 * that nothing was changed and how to contest what is wrong. Every text from the data is escaped.
 */
import type { SpacePolicy } from "../../domain/policy.js";
import type { WrittenFile } from "./json-file.js";
import { README_LINES } from "./json-file.js";
import type { ReputationJson, SignalJson } from "./record-schemas.js";

/** What the page is made of. */
export interface ReadmeInput {
  readonly spaceName: string;
  readonly space: string;
  readonly member: string;
  readonly scope: "full" | "portable";
  readonly generatedAt: string;
  readonly policy: SpacePolicy;
  readonly files: readonly WrittenFile[];
  readonly reputations: readonly ReputationJson[];
  readonly signal: SignalJson | null;
  readonly log: {
    readonly origin: string;
    readonly verifierKey: string;
    /** The latest checkpoint's size (0: none yet). */
    readonly size: number;
    /** The log's size when the archive was made. */
    readonly logSize: number;
  };
  /** Where the space's log key is published, when the server's public URL is known. */
  readonly logKeyUrl: string | null;
}

/**
 * The page.
 *
 * @example const html = readmeHtml({ spaceName: "Stays", space: "stays", member, … })
 */
export function readmeHtml(input: ReadmeInput): string {
  return [
    head(input),
    intro(input),
    origins(),
    ...input.files.map(fileSection),
    derivedSection(input),
    retentionSection(input.policy),
    verifySection(input),
    rights(),
    "</main></body></html>\n",
  ].join("\n");
}

function head(i: ReadmeInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your data in ${esc(i.spaceName)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:52rem;margin:auto;padding:1rem 1.5rem 4rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
code,.mono{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
.tag{display:inline-block;padding:0 .4em;border-radius:.3em;font-size:.8em;background:#e8eef7}
li{margin:.2em 0}.note{color:#555}
</style></head><body><main>`;
}

function intro(i: ReadmeInput): string {
  const portable =
    i.scope === "portable"
      ? "<p>This is the <strong>portability</strong> version (GDPR Art. 20): only what you provided and what was observed about your activity, in formats another service can read. Scores and judgements derived about you are left out; ask for the full export to see them.</p>"
      : "";
  return `<h1>Your data in ${esc(i.spaceName)}</h1>
<p>This archive holds everything the space <strong>${esc(i.space)}</strong> keeps about you as member
<span class="mono">${esc(i.member)}</span>, and everything it computes about you, with the reasons.
It was made on ${esc(i.generatedAt.replace("T", " ").slice(0, 19))} UTC. The rule behind it: if the platform
knows something about you, you have the same information and can use it.</p>${portable}
<p>Each section below shows the first lines of one file; the files themselves (JSON, one record per
line, each with a JSON Schema in <code>schemas/</code>) hold everything.</p>`;
}

function origins(): string {
  return `<h2>Where each piece of data comes from</h2>
<p>Every record is tagged with its origin:</p><ul>
<li><span class="tag">provided</span> you gave it: your reviews, replies, vouches, alerts, appeals, your name;</li>
<li><span class="tag">observed</span> recorded about your activity: interactions attested with you, reviews others published about you, your entries in the public log, who accessed your data;</li>
<li><span class="tag">derived</span> computed from that data by a stated rule: your reputation scores;</li>
<li><span class="tag">inferred</span> a judgement about you: fraud suspicion signals and moderation decisions.</li></ul>`;
}

function fileSection(f: WrittenFile): string {
  const count = f.records ?? 0;
  const shown = f.lines.map((l) => `<li>${esc(l)}</li>`).join("\n");
  const more =
    count > f.lines.length
      ? `<p class="note">The first ${README_LINES} of ${count} are shown; all are in the file.</p>`
      : "";
  const tags = f.dataOrigins.map((o) => `<span class="tag">${o}</span>`).join(" ");
  return `<h2>${esc(f.title)}</h2>
<p>${esc(f.description)}</p>
<p><code>${esc(f.path)}</code> — ${count === 0 ? "nothing of this kind" : `${count} record${count === 1 ? "" : "s"}`} ${tags}</p>
${count === 0 ? "" : `<ul>${shown}</ul>`}${more}`;
}

function derivedSection(i: ReadmeInput): string {
  if (i.scope === "portable") return "";
  const blocks = i.reputations.map(
    (r) => `<h3>Reputation of ${esc(r.itemReviewed.identifier)}: ${r.ratingValue.toFixed(2)}</h3>
${explained(r)}`,
  );
  if (i.signal !== null) {
    blocks.push(`<h3>Fraud suspicion signal: ${i.signal.score.toFixed(3)}</h3>
<ul>${i.signal.reasons.map((r) => `<li>${esc(r.text)} (adds ${r.contribution.toFixed(3)})</li>`).join("")}</ul>
${explained(i.signal)}`);
  }
  return `<h2>How your scores are computed, and what follows from them</h2>
${blocks.length === 0 ? "<p>The space derives no score about you yet: no published review is about you or what you offer, and you have given or received no rating.</p>" : blocks.join("\n")}
<p class="note">Personalized trust (how much one member may trust another) is computed for the member who asks, from their own position in the space; it is not stored and is not part of this archive.</p>`;
}

function explained(x: {
  readonly principles: readonly string[];
  readonly thresholds: readonly string[];
  readonly consequences: readonly string[];
  readonly contest: readonly string[];
}): string {
  const list = (title: string, items: readonly string[]) =>
    `<p><strong>${title}</strong></p><ul>${items.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>`;
  return [
    list("How it is computed", x.principles),
    list("Thresholds", x.thresholds),
    list("What follows from it", x.consequences),
    list("How to contest it", x.contest),
  ].join("\n");
}

function retentionSection(policy: SpacePolicy): string {
  const r = policy.retention;
  const rows = (
    [
      ["your name and member data", r.members],
      ["reviews and replies", r.reviews],
      ["interactions and disputes", r.interactions],
      ["vouches", r.vouches],
      ["alerts", r.alerts],
      ["moderation decisions and appeals", r.moderation],
    ] as const
  )
    .map(
      ([what, days]) =>
        `<li>${what}: ${days === null ? "until you ask for erasure" : `${days} days`}</li>`,
    )
    .join("");
  return `<h2>How long your data is kept</h2>
<p>The texts and names you wrote are kept apart from the public log, which holds only a salted
commitment to them. They are deleted when the space's retention runs out, after:</p><ul>${rows}</ul>
<p>The date for each piece of your data is in <code>data/retention.json</code>.</p>`;
}

function verifySection(i: ReadmeInput): string {
  const where =
    i.logKeyUrl === null
      ? "from the space's log key (<code>/v1/spaces/{space}/log/key</code> on its server)"
      : `from <a href="${esc(i.logKeyUrl)}">${esc(i.logKeyUrl)}</a>`;
  return `<h2>Checking that this archive is genuine</h2>
<p><code>manifest.json</code> lists every file with its SHA-256 hash; <code>manifest.sig</code> is a
signature of the manifest by the space's log key <span class="mono">${esc(i.log.verifierKey)}</span>.
Get that key ${where}, not from this archive, then check the signature (a C2SP signed note) and each
file's hash (<code>sha256sum</code>).</p>
<p><code>log/events.json</code> gives each of your entries in the log ${esc(i.log.origin)} with the receipt
the log signed and a proof that it is in the log's tree of ${i.log.size} entries (<code>log/checkpoint</code>):
the log cannot drop or change them without the proof failing.${
    i.log.logSize > i.log.size
      ? ` Entries appended after that checkpoint (the log held ${i.log.logSize}) have their receipt but no proof yet; the next checkpoint covers them.`
      : ""
  }</p>`;
}

function rights(): string {
  return `<h2>Your rights</h2>
<p>You may ask the operator to correct what is wrong, to erase your data (your texts and name are then
deleted; the public log keeps only commitments that reveal nothing), and to export it again. Every
moderation decision about you comes with a statement of reasons and can be appealed within its window;
after that, out-of-court dispute settlement and the courts remain open to you.</p>`;
}

/** HTML text escaping (the five characters that matter in text and attribute values). */
function esc(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
