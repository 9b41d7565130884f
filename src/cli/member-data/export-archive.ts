/**
 * What `fabrique export` runs: prepares the member's export on the local store (src/store/
 * member-export), streams it into `<out>.partial` with progress on stderr, and renames it into place
 * once complete, so an interrupted export never leaves a file that looks whole.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { isId } from "../../domain/shape.js";
import { writableSink } from "../../store/archive/zip-writer.js";
import { prepareMemberExport, writeMemberExport } from "../../store/member-export/export-member.js";
import { CliError } from "../cli-error.js";
import type { ExportFlags } from "../commands/export.js";
import type { Io } from "../io.js";
import { progress } from "../progress.js";
import { asCliError, openLocalStore } from "./open-local-store.js";

/**
 * Writes the archive and prints where, with what it holds.
 *
 * @example await exportCommand({ space: "stays", member: m, out: "m.zip" }, io, process.env)
 */
export async function exportCommand(
  flags: ExportFlags,
  io: Io,
  env: Record<string, string | undefined>,
): Promise<void> {
  const scope = scopeOf(flags.scope);
  if (!isId(flags.space) || !isId(flags.member)) {
    throw new CliError("usage", "--space and --member are ids ([A-Za-z0-9._-]{1,64})");
  }
  const out = flags.out ?? `fabrique-${flags.space}-${flags.member}.zip`;
  const store = await openLocalStore(flags.dataDir, env);
  try {
    const deps = {
      db: store.db,
      signers: store.signers,
      publicUrl: store.publicUrl,
    };
    const prepared = await prepareMemberExport(deps, {
      space: flags.space,
      member: flags.member,
      scope,
      accessor: "cli",
      resource: `fabrique export --scope ${scope}`,
    });
    const bar = progress(io, `export ${flags.member}`);
    const partial = `${out}.partial`;
    const file = createWriteStream(partial);
    try {
      await once(file, "open");
      const summary = await writeMemberExport(prepared, writableSink(file), records(bar.update));
      file.end();
      await finished(file);
      await rename(partial, out);
      bar.finish(`${summary.records} records, ${summary.logEntries} log entries`);
      io.out(
        `${out}: ${summary.files} files, ${summary.records} records, ${summary.bytes} bytes, ` +
          `proven against checkpoint ${summary.checkpointSize}\n`,
      );
    } catch (e) {
      file.destroy();
      await rm(partial, { force: true });
      throw e;
    }
  } catch (e) {
    throw asCliError(e);
  } finally {
    await store.close();
  }
}

/** Progress in records over every file (the export reports per file). */
function records(update: (done: number) => void): (file: string, n: number) => void {
  const counts = new Map<string, number>();
  let total = 0;
  return (file, n) => {
    total += n - (counts.get(file) ?? 0);
    counts.set(file, n);
    update(total);
  };
}

function scopeOf(scope: string | undefined): "full" | "portable" {
  if (scope === undefined || scope === "full") return "full";
  if (scope === "portable") return "portable";
  throw new CliError("usage", "--scope is full or portable");
}
