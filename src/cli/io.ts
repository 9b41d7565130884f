/**
 * The CLI's window on the world: where it writes and what it may read as standard input. Commands take an
 * `Io` instead of touching `process` so tests can run them in process and read what they printed.
 */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress is redrawn in place only there). */
  readonly errIsTty: boolean;
  readonly stdin: NodeJS.ReadableStream;
}

/** The process's own standard streams. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTty: process.stderr.isTTY === true,
    stdin: process.stdin,
  };
}
