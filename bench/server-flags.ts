/**
 * The V8 flags the server runs with, as `npm start` and bin/fabrique.js's shebang give them
 * (test/cli/node-flags.test.ts keeps the three equal). bench/http.ts starts the server, and the bare
 * route it compares with, with these, so that both are measured as the server runs.
 *
 * --max-semi-space-size=32 (MiB; V8's default here is 16): a write batch keeps 5-10 MB of short-lived
 * objects alive at once, which a smaller young generation promotes to the old generation and collects
 * again there (docs/benchmarks.md, session 6).
 *
 * @example spawn(process.execPath, [...SERVER_NODE_FLAGS, "bin/fabrique.js", "serve"])
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=32"];
