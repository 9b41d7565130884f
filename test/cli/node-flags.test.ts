/**
 * The server's V8 flags are given in three places that must agree: `npm start`, bin/fabrique.js's
 * shebang (an installed `fabrique serve`), and bench/http.ts, which measures the server as it runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../bench/server-flags.js";

const ROOT = join(import.meta.dirname, "../..");

it("npm start, the bin's shebang and the HTTP benchmark run node with the same flags", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const shebang = readFileSync(join(ROOT, "bin/fabrique.js"), "utf8").split("\n")[0];
  const flags = SERVER_NODE_FLAGS.join(" ");
  expect(pkg.scripts.start).toBe(`node ${flags} bin/fabrique.js serve`);
  expect(shebang).toBe(`#!/usr/bin/env -S node ${flags}`);
});
