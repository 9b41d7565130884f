/**
 * The Go side of the interop test: builds test/interop/xmod (standard library + golang.org/x/mod only)
 * from Debian's packaged sources and runs it. GOPATH mode (GO111MODULE=off) with GOPATH pointing at
 * /usr/share/gocode, where golang-golang-x-mod-dev installs golang.org/x/mod, builds fully offline: no
 * go.mod, no go.sum, no module proxy.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where Debian's golang-golang-x-mod-dev puts golang.org/x/mod (a GOPATH tree). */
export const XMOD_GOPATH = "/usr/share/gocode";

const XMOD_SOURCES = ["sumdb/note/note.go", "sumdb/tlog/tile.go"].map((file) =>
  join(XMOD_GOPATH, "src/golang.org/x/mod", file),
);

/** The program's source folder, beside this file. */
const PROGRAM_DIR = fileURLToPath(new URL("./xmod", import.meta.url));

export interface ProgramRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Why the Go cross-check cannot run here, or undefined when it can.
 *
 * @example describe.skipIf(xmodUnavailable() !== undefined)(...)
 */
export function xmodUnavailable(): string | undefined {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error !== undefined || go.status !== 0) {
    return "`go` is not installed (apt-get install golang-go golang-golang-x-mod-dev)";
  }
  const missing = XMOD_SOURCES.find((file) => !existsSync(file));
  if (missing !== undefined) {
    return `golang.org/x/mod sources are absent (${missing}; apt-get install golang-golang-x-mod-dev)`;
  }
  return undefined;
}

/**
 * Builds the Go program into `outDir` and returns the binary's path; throws with go's output on failure.
 *
 * @example const xmod = buildXmod(await mkdtemp(join(tmpdir(), "xmod-")))
 */
export function buildXmod(outDir: string): string {
  const binary = join(outDir, "xmod");
  const build = spawnSync("go", ["build", "-o", binary, "."], {
    cwd: PROGRAM_DIR,
    env: goEnv(),
    encoding: "utf8",
  });
  if (build.error !== undefined || build.status !== 0) {
    throw new Error(`go build failed: ${build.error?.message ?? ""}${build.stderr}${build.stdout}`);
  }
  return binary;
}

/**
 * Runs the built program with `args`.
 *
 * @example runXmod(xmod, ["verify", "--dir", dir, "--vkey", vkeyPath])
 */
export function runXmod(binary: string, args: readonly string[]): ProgramRun {
  const run = spawnSync(binary, [...args], { encoding: "utf8" });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** GOPATH mode over Debian's sources, offline; a build cache even where $HOME is unset. */
function goEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GO111MODULE: "off",
    GOPATH: XMOD_GOPATH,
    GOPROXY: "off",
    GOFLAGS: "",
    CGO_ENABLED: "0",
  };
  if (env.GOCACHE === undefined && env.XDG_CACHE_HOME === undefined && env.HOME === undefined) {
    env.GOCACHE = join(tmpdir(), "fabrique-go-build-cache");
  }
  return env;
}
