/**
 * Keeps docs/architecture.md true: imports go one way between layers, and the pure layers do no I/O.
 * Every relative import of every file under src/ is resolved to the layer it lands in.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "src");

/** Which layers each layer may import (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  log: [],
  trust: [],
  credential: ["log"],
  domain: ["log", "trust"],
  store: ["log", "trust", "credential", "domain"],
  audit: ["log", "trust", "domain"],
  http: ["log", "trust", "credential", "domain", "store"],
  cli: ["log", "trust", "credential", "domain", "store", "audit", "http"],
};

/** Node built-ins that mean I/O; the pure layers may not import them. */
const IO_MODULES =
  /^node:(fs|fs\/promises|net|http|https|child_process|worker_threads|dgram|tls|os)$/;
const PURE = new Set(["log", "trust", "credential", "domain"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split("/")[0] ?? "";
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"/g)) {
    if (match[1] !== undefined) found.push(match[1]);
  }
  for (const match of text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)) {
    if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

const files = sourceFiles(SRC);

describe("architecture", () => {
  it("finds the layers it knows", () => {
    const layers = new Set(files.map(layerOf));
    for (const layer of layers)
      expect(Object.keys(ALLOWED), `unknown layer src/${layer}`).toContain(layer);
  });

  it("imports go one way between layers", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const to = layerOf(resolve(dirname(file), spec));
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) {
          violations.push(`${relative(SRC, file)} imports ${spec} (src/${from} → src/${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("the pure layers do no I/O, and only src/log/crypto.ts touches node:crypto in src/log", () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (!PURE.has(layer)) continue;
      for (const spec of importsOf(file)) {
        if (IO_MODULES.test(spec)) violations.push(`${relative(SRC, file)} imports ${spec}`);
        if (layer === "log" && spec === "node:crypto" && !file.endsWith("log/crypto.ts")) {
          violations.push(`${relative(SRC, file)} imports node:crypto directly`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
