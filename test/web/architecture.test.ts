/**
 * Keeps the web layer's rules true (docs/architecture.md): web/src imports only itself and the pure code
 * of src/ (src/log, src/domain, src/trust, and src/audit's replay and report, which read a log through a
 * port), never the store, the server or the CLI; and nothing the page runs needs Node: every module of
 * src/ the page reaches (following value imports, not type-only ones) uses no Node built-in and no
 * Buffer, except the three that web/vite.config.ts swaps for their browser twins.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_TWINS } from "../../web/vite.config.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WEB = join(ROOT, "web", "src");
const ALLOWED_SRC =
  /^src\/(log|domain|trust)\/|^src\/audit\/(replay|report)\/|^src\/audit\/fetch\/json-fields\.ts$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Value imports of a file (type-only imports and re-exports are erased by the build). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(import|export)(\s+type)?\b([^;]*?)from\s+"([^"]+)"/g,
  )) {
    const [, , typeOnly, , spec] = m;
    if (typeOnly === undefined && spec !== undefined) out.push(spec);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g))
    if (m[1] !== undefined) out.push(m[1]);
  return out;
}

function resolveTs(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  return base.replace(
    /\.js$/,
    readdirSync(dirname(base)).includes(`${base.split("/").pop()?.replace(/\.js$/, "")}.tsx`)
      ? ".tsx"
      : ".ts",
  );
}

const webFiles = files(WEB);

describe("web layer", () => {
  it("imports only itself and the pure code of src/", () => {
    const violations: string[] = [];
    for (const file of webFiles) {
      for (const spec of valueImports(file)) {
        if (spec.startsWith("node:")) violations.push(`${relative(ROOT, file)} imports ${spec}`);
        if (!spec.startsWith(".")) continue;
        const target = relative(ROOT, resolveTs(file, spec));
        if (target.startsWith("web/src/")) continue;
        if (!ALLOWED_SRC.test(target)) violations.push(`${relative(ROOT, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("reaches no module of src/ that needs Node, but the twins the build swaps", () => {
    const twins = new Set(Object.keys(BROWSER_TWINS));
    const seen = new Set<string>();
    const queue = webFiles.flatMap((f) =>
      valueImports(f)
        .filter((s) => s.startsWith("."))
        .map((s) => resolveTs(f, s)),
    );
    const violations: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file) || !file.startsWith(join(ROOT, "src"))) continue;
      seen.add(file);
      if (twins.has(file)) continue;
      const text = readFileSync(file, "utf8");
      if (/\bBuffer\.|\bprocess\./.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) {
        violations.push(`${relative(ROOT, file)} uses Buffer or process`);
      }
      for (const spec of valueImports(file)) {
        if (spec.startsWith("node:")) violations.push(`${relative(ROOT, file)} imports ${spec}`);
        else if (spec.startsWith(".")) queue.push(resolveTs(file, spec));
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(violations).toEqual([]);
  });
});
