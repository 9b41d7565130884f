/**
 * Request loggers made when first used. fastify gives every request a child of the app's logger bound to
 * its request id (`reqId`), so that every line logged for the request names it (plugins/request-id.ts).
 * pino builds a child eagerly (its bindings serialised to JSON, its methods set up), a few microseconds
 * per request, though most requests log nothing at the configured level: bench/http.ts's cached reads
 * log no line at `warn`, and pino's own `info` of fastify's request logging is a no-op there.
 *
 * So each request gets a stand-in: a call at a level the app's logger has disabled does nothing (what
 * the child's would do), and the first call that logs, or asks for anything else of the logger, builds
 * the real child with the same bindings and options and hands on to it. The lines it writes are the
 * child's own: same `reqId`, same serialisers, same redaction.
 */
import type { FastifyBaseLogger } from "fastify";

type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";
type Bindings = Parameters<FastifyBaseLogger["child"]>[0];
type ChildOptions = Parameters<FastifyBaseLogger["child"]>[1];

/** A parent that can say which levels it writes (pino's loggers can). */
interface LevelAware extends FastifyBaseLogger {
  isLevelEnabled(level: string): boolean;
}

interface Deferred {
  readonly parent: LevelAware;
  readonly bindings: Bindings;
  readonly options: ChildOptions;
  real: FastifyBaseLogger | undefined;
}

function realOf(d: Deferred): FastifyBaseLogger {
  d.real ??= d.parent.child(d.bindings, d.options);
  return d.real;
}

function at(level: Level) {
  return function log(this: Deferred, ...args: unknown[]): void {
    if (this.real === undefined && !this.parent.isLevelEnabled(level)) return;
    (realOf(this)[level] as (...a: unknown[]) => void)(...args);
  };
}

// The members fastify's logger type has (FastifyBaseLogger), on one prototype shared by every request.
const DEFERRED = {
  get level(): string {
    const self = this as unknown as Deferred;
    return (self.real ?? self.parent).level;
  },
  set level(value: string) {
    realOf(this as unknown as Deferred).level = value;
  },
  fatal: at("fatal"),
  error: at("error"),
  warn: at("warn"),
  info: at("info"),
  debug: at("debug"),
  trace: at("trace"),
  silent(): void {},
  child(this: Deferred, bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return realOf(this).child(bindings, options);
  },
};

/**
 * fastify's `childLoggerFactory`: a request logger that builds pino's child only when something is
 * logged. Parents that cannot say which levels they write, and children with their own level or
 * serialisers (a route's `logLevel`), are built at once as before.
 *
 * @example Fastify({ logger: { level: "warn" }, childLoggerFactory: deferredRequestLogger })
 */
export function deferredRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  const parent = logger as Partial<LevelAware>;
  if (!isEmpty(options) || typeof parent.isLevelEnabled !== "function") {
    return logger.child(bindings, options);
  }
  const deferred = Object.create(DEFERRED) as { -readonly [K in keyof Deferred]: Deferred[K] };
  deferred.parent = parent as LevelAware;
  deferred.bindings = bindings;
  deferred.options = options;
  deferred.real = undefined;
  return deferred as unknown as FastifyBaseLogger;
}

function isEmpty(options: ChildOptions): boolean {
  for (const _ in options) return false;
  return true;
}
