/**
 * Starting writer processes (service-writer.ts), collecting what they acknowledge, and killing them.
 * Test helper.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { seededRandom, type WriterLocation } from "./writer-args.js";

const WRITER = fileURLToPath(new URL("./service-writer.ts", import.meta.url));

/** One acknowledged receipt: the writer printed it after the call that appended its entry resolved. */
export interface Acknowledged {
  readonly writer: string;
  /** The writer's call number (the receipts of one call are contiguous). */
  readonly call: number;
  readonly index: number;
  /** The signed receipt note. */
  readonly note: string;
  readonly type: string;
}

/** A started writer. */
export interface WriterProcess {
  readonly name: string;
  /** Resolves once the process has loaded (it has not opened the database yet). */
  readonly ready: Promise<void>;
  /** Lets it open the database and write. */
  go(): void;
  /** Resolves with its first acknowledgement (it is writing); rejects if it exits before. */
  readonly writing: Promise<void>;
  /** Every receipt acknowledged so far (complete lines only), in the order printed. */
  readonly acknowledged: readonly Acknowledged[];
  /** Resolves with the acknowledgements when it printed "done" and exited with 0; rejects otherwise. */
  readonly finished: Promise<readonly Acknowledged[]>;
  /** SIGKILL now; resolves once it has exited. */
  kill(): Promise<void>;
}

/** What a writer is told. */
export interface WriterOptions {
  readonly location: WriterLocation;
  /** The master key of the test's key vault (the space key is sealed under it). */
  readonly masterKey: Uint8Array;
  readonly space: string;
  /** Names its interactions; unique per writer. */
  readonly name: string;
  /** Seeds its mix of executes and batches. */
  readonly seed: number;
  /** How many service calls, or "forever" (until killed). */
  readonly calls: number | "forever";
}

/**
 * Starts a writer process.
 *
 * @example const w = startWriter({ location, masterKey, space: "market", name: "w0", seed: 1, calls: 20 })
 */
export function startWriter(options: WriterOptions): WriterProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      WRITER,
      JSON.stringify(options.location),
      Buffer.from(options.masterKey).toString("hex"),
      options.space,
      options.name,
      String(options.seed),
      String(options.calls),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const acknowledged: Acknowledged[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let sawReady = () => {};
  let sawFirst = () => {};
  let sawDone = false;
  const ready = new Promise<void>((resolve, reject) => {
    sawReady = resolve;
    exited.then((code) => reject(new Error(`writer exited (${code}) before ready: ${stderr}`)));
  });
  const writing = new Promise<void>((resolve, reject) => {
    sawFirst = resolve;
    exited.then((code) => reject(new Error(`writer exited (${code}) before writing: ${stderr}`)));
  });
  // A line is complete only once its newline arrived: a kill may cut the last one short, and a
  // partial line is not an acknowledgement.
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "ready") sawReady();
      else if (line === "done") sawDone = true;
      else if (line !== "") {
        acknowledged.push(parseLine(options.name, line));
        sawFirst();
      }
    }
  });
  const finished = exited.then((code) => {
    if (code !== 0 || !sawDone)
      throw new Error(`writer ${options.name} exited with ${code}: ${stderr}`);
    return acknowledged;
  });
  // Observed by whoever awaits them; a writer killed early is expected to reject them.
  ready.catch(() => {});
  writing.catch(() => {});
  finished.catch(() => {});
  return {
    name: options.name,
    ready,
    go: () => child.stdin?.end("go\n"),
    writing,
    acknowledged,
    finished,
    kill: () => killAndWait(child, exited),
  };
}

async function killAndWait(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  child.kill("SIGKILL");
  await exited;
}

function parseLine(writer: string, line: string): Acknowledged {
  const value = JSON.parse(line) as { c: number; i: number; n: string; t: string };
  return { writer, call: value.c, index: value.i, note: value.n, type: value.t };
}

/** When to kill a writer: `ms` after it was told to go, or after its first acknowledgement. */
export interface Kill {
  readonly after: "go" | "writing";
  readonly ms: number;
}

/**
 * `count` kills drawn from `seed`: one in four `goMs` after "go" (it may die while opening the
 * database, i.e. while recovering from the previous crash, or in its first transaction), the others
 * `writingMs` after its first acknowledgement (it dies while writing). Delays are uniform in
 * [min, max).
 *
 * @example killPlan(7, 20, { goMs: [60, 450], writingMs: [0, 300] })
 */
export function killPlan(
  seed: number,
  count: number,
  ranges: {
    readonly goMs: readonly [number, number];
    readonly writingMs: readonly [number, number];
  },
): Kill[] {
  const random = seededRandom(seed);
  const within = ([min, max]: readonly [number, number]) =>
    Math.floor(min + random() * (max - min));
  return Array.from({ length: count }, () =>
    random() < 0.25
      ? { after: "go", ms: within(ranges.goMs) }
      : { after: "writing", ms: within(ranges.writingMs) },
  );
}
