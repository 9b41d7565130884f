/**
 * What `fabrique` loads before it knows the command: the static (value) imports reachable from
 * src/cli/main.ts. Commands load what they run inside their action (`await import(…)`), so
 * `fabrique --help` and the light commands start without the server, the store or jose; this test fails
 * when a command module imports one of them at the top again. Every command still answers --help.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
import { buildProgram } from "../../src/cli/main.js";
import { runCli } from "../support/cli.js";

const SRC = resolve(import.meta.dirname, "..", "..", "src");

/** Packages that cost the startup tens to hundreds of milliseconds each (docs/benchmarks.md, CLI). */
const HEAVY = [
  "fastify",
  "@fastify/",
  "kysely",
  "better-sqlite3",
  "pg",
  "jose",
  "pino",
  "prom-client",
  "typebox",
];

/** Value imports of a file: `import … from "x"` and `export … from "x"`, not `import type`. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)(\s+type)?\b[^;]*?from\s+"([^"]+)"/g;
  for (const match of text.matchAll(statement)) {
    if (match[2] === undefined && match[3] !== undefined) found.push(match[3]);
  }
  for (const match of text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g)) {
    if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

/** The files and packages loaded at startup, following relative value imports from main.ts. */
function startupClosure(): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [resolve(SRC, "cli/main.ts")];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of valueImportsOf(file)) {
      if (spec.startsWith(".")) pending.push(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:")) packages.set(spec, relative(SRC, file));
    }
  }
  return { files, packages };
}

it("loads no server, store or JOSE module before the command runs", () => {
  const { files, packages } = startupClosure();
  expect(files.size).toBeGreaterThan(10);
  const heavy = [...packages]
    .filter(([spec]) => HEAVY.some((h) => spec === h || (h.endsWith("/") && spec.startsWith(h))))
    .map(([spec, from]) => `${spec} (imported by src/${from})`);
  expect(heavy).toEqual([]);
});

it("answers --help for the program and every command", async () => {
  const top = await runCli(["--help"]);
  expect(top.code).toBe(EXIT.ok);
  const paths: string[][] = [];
  const walk = (command: ReturnType<typeof buildProgram>, path: string[]) => {
    for (const sub of command.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram({ out: () => {}, err: () => {}, errIsTty: false } as never), []);
  expect(paths.map((p) => p[0])).toEqual(
    expect.arrayContaining(["serve", "space", "rebuild", "token", "demo", "log", "audit"]),
  );
  for (const path of paths) {
    if (path.length === 1) expect(top.out, path[0]).toContain(path[0]);
    const run = await runCli([...path, "--help"]);
    expect(run.code, path.join(" ")).toBe(EXIT.ok);
    expect(run.out, path.join(" ")).toContain("Usage: fabrique");
  }
});
