/**
 * An in-process CLI Io that keeps what a long-running command (serve, witness serve) prints, with
 * stdout and stderr interleaved as a terminal would show them. Test helper.
 */
import { PassThrough } from "node:stream";
import type { Io } from "../../src/cli/io.js";

/** @example const io = captureIo(); const server = await serve(opts, io); expect(io.text()).toMatch(/listening/) */
export function captureIo(): Io & { text(): string } {
  let out = "";
  const write = (t: string) => {
    out += t;
  };
  return { out: write, err: write, errIsTty: false, stdin: new PassThrough(), text: () => out };
}
