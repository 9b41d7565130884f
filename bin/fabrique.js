#!/usr/bin/env node
// The `fabrique` command: runs the compiled CLI from dist/ (built by `npm run build`, which `npm install`
// runs through the `prepare` script).
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv);
