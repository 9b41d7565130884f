#!/usr/bin/env -S node --max-semi-space-size=32
// The `fabrique` command: runs the compiled CLI from dist/ (built by `npm run build`, which `npm install`
// runs through the `prepare` script).
// --max-semi-space-size=32 (MiB; V8's default semi-space here is 16): a write batch keeps
// 5-10 MB of short-lived objects alive at once, which a smaller young generation promotes to the old one
// and collects again there; measured in docs/benchmarks.md (session 6). `npm start` passes the same flag.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv);
