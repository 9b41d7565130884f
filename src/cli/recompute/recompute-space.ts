/**
 * What `fabrique recompute` runs: recomputes a space's stored trust scores in a worker thread with
 * progress by stage, then flags its suspicious members into the moderation queue through the log.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { isId } from "../../domain/shape.js";
import { httpConfigFromEnv } from "../../http/config.js";
import { storeConfigFromEnv } from "../../store/config.js";
import { isStoreError } from "../../store/errors.js";
import { readLogState } from "../../store/log/log-state.js";
import { createSpaceLogSigners } from "../../store/log/space-log-signer.js";
import { openStore, type Store } from "../../store/open-store.js";
import { createSpaceService } from "../../store/space/service.js";
import { DEFAULT_SQLITE_FILE } from "../../store/sqlite/open-sqlite.js";
import {
  DEFAULT_FLAG_AT,
  DEFAULT_FLAG_LIMIT,
  type FlagReport,
  flagSuspicious,
} from "../../store/trust/flag-suspicious.js";
import { type RecomputeReport, recomputeSpace } from "../../store/trust/recompute/recompute.js";
import { CliError } from "../cli-error.js";
import type { RecomputeFlags } from "../commands/recompute.js";
import type { Io } from "../io.js";
import { type Progress, progress } from "../progress.js";

/** What the command did. */
export interface RecomputeOutcome {
  readonly recompute: RecomputeReport;
  /** Null with --no-flag. */
  readonly flags: FlagReport | null;
}

/**
 * Recomputes `flags.space` on the configured store and flags its suspicious members. Throws CliError:
 * "usage" for bad options, "input" for a space the store does not hold or damaged data, "io" when the
 * store cannot be opened.
 *
 * @example await recomputeCommand({ space: "stays", dataDir: "./data" }, io, process.env)
 */
export async function recomputeCommand(
  flags: RecomputeFlags,
  io: Io,
  env: Record<string, string | undefined>,
): Promise<RecomputeOutcome> {
  const options = parseFlags(flags);
  const store = await openExistingStore(flags, env);
  try {
    const { size } = await readLogState(store.db.kysely, flags.space);
    if (size === 0) throw new CliError("input", `there is no space ${flags.space} in this store`);
    const bars = stageProgress(io, `recompute ${flags.space}`);
    const report = await recomputeSpace(store.db, flags.space, {
      mode: flags.full === true ? "full" : "incremental",
      onProgress: bars.update,
    });
    bars.finish();
    if (report === null) throw new CliError("input", `there is no space ${flags.space}`);
    if (options.flag === null) return { recompute: report, flags: null };
    const signers = createSpaceLogSigners({
      vault: store.vault,
      host: httpConfigFromEnv(env).logHost,
    });
    const service = createSpaceService({ db: store.db, vault: store.vault, signers });
    const flagged = await flagSuspicious(store.db, service, flags.space, options.flag);
    return { recompute: report, flags: flagged };
  } catch (e) {
    throw asCliError(e);
  } finally {
    await store.close();
  }
}

function parseFlags(flags: RecomputeFlags): {
  readonly flag: { readonly at: number; readonly limit: number } | null;
} {
  if (!isId(flags.space)) {
    throw new CliError("usage", "--space is a space id ([A-Za-z0-9._-]{1,64})");
  }
  const at = flags.flagAt === undefined ? DEFAULT_FLAG_AT : Number(flags.flagAt);
  if (!(at > 0 && at <= 1)) throw new CliError("usage", "--flag-at is a number in (0, 1]");
  const limit = flags.flagLimit === undefined ? DEFAULT_FLAG_LIMIT : Number(flags.flagLimit);
  if (!(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new CliError("usage", "--flag-limit is a whole number of members (0 or more)");
  }
  return { flag: flags.flag === false ? null : { at, limit } };
}

/** The configured store, refusing to create one where none exists (a typo, not a request). */
async function openExistingStore(
  flags: RecomputeFlags,
  env: Record<string, string | undefined>,
): Promise<Store> {
  try {
    if (flags.dataDir !== undefined && present(env.DATABASE_URL) !== undefined) {
      throw new CliError("usage", "--data-dir is for the embedded store; unset DATABASE_URL");
    }
    const config = storeConfigFromEnv({
      ...env,
      FABRIQUE_DATA_DIR: flags.dataDir ?? env.FABRIQUE_DATA_DIR,
    });
    if (config.backend === "sqlite") {
      await access(join(config.dataDir, DEFAULT_SQLITE_FILE)).catch((cause: unknown) => {
        throw new CliError("io", `no Fabrique store in ${config.dataDir}`, { cause });
      });
    }
    return await openStore(config);
  } catch (e) {
    throw asCliError(e);
  }
}

/** One progress line per stage (evidence, analysis, suspicion, reputation, seeded, write). */
function stageProgress(io: Io, label: string) {
  let stage: string | undefined;
  let bar: Progress | undefined;
  let last = { done: 0, total: 0 };
  const close = () => bar?.finish(`${last.done} of ${last.total}`);
  return {
    update(next: string, done: number, total: number) {
      if (next !== stage) {
        close();
        stage = next;
        bar = progress(io, `${label} · ${next}`);
      }
      last = { done, total };
      bar?.update(done, total);
    },
    finish: close,
  };
}

/** What the command prints without --json. */
export function summary({ recompute: r, flags }: RecomputeOutcome): string {
  const lines = [
    `${r.outcome === "written" ? "recomputed" : "superseded (a newer computation is stored)"} ${r.space} at log size ${r.logSize} (${r.mode}${r.analysed ? "" : ", ratings unchanged: analysis skipped"})`,
    ...r.algorithms.map(
      (a) =>
        `  ${a.algorithm} ${a.version}: ${a.written} written, ${a.unchanged} unchanged, ${a.removed} removed`,
    ),
  ];
  if (flags !== null) {
    lines.push(
      `flagged ${flags.flagged.length} member(s) for moderators (${flags.suspicious} at or above the threshold, ${flags.alreadyFlagged} already flagged, ${flags.deferred} left for the next run)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Store errors as the CLI's: damaged data is bad input (3), the rest is unavailability (4). */
function asCliError(e: unknown): unknown {
  if (!isStoreError(e)) return e;
  const code = e.code === "corrupt" ? "input" : e.code === "invalid-config" ? "usage" : "io";
  return new CliError(code, `${e.code}: ${e.message}`, { cause: e });
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
