/**
 * Runs the `fabrique` CLI in process and captures what it prints.
 */
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** @example const { code, out } = await runCli(["log", "verify", "--dir", d, "--vkey", v]) */
export async function runCli(args: readonly string[], stdin = ""): Promise<CliRun> {
  let out = "";
  let err = "";
  const code = await main(["node", "fabrique", ...args], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTty: false,
    stdin: Readable.from([Buffer.from(stdin)]),
  });
  return { code, out, err };
}
