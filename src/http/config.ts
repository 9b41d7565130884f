/**
 * The server's configuration from the environment and command-line flags (flags win). Pure: it parses
 * and validates; it opens nothing. Every error names the variable or flag and why, and never echoes a
 * secret's value. The store's part (DATABASE_URL, FABRIQUE_DATA_DIR, FABRIQUE_MASTER_KEY) is read by
 * storeConfigFromEnv (src/store/config.ts).
 */
import { DEFAULT_LOG_HOST, spaceLogOrigin } from "../store/log/space-log-origin.js";

/** Rate limits per client and window (see plugins/rate-limit.ts). */
export interface RateLimitConfig {
  /** Requests per window of one credential (an API key, a member, the platform admin). */
  readonly perCredential: number;
  /** Requests per window of one IP address without a credential. */
  readonly anonymous: number;
  readonly windowMs: number;
}

/** What buildApp needs to know. */
export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  /** Where clients reach the server (the OpenAPI `servers`); unset: URLs relative to the document. */
  readonly publicUrl: string | undefined;
  /** Origins allowed by CORS: none (CORS off), a list, or "*" (any origin, without credentials). */
  readonly corsOrigins: readonly string[] | "*";
  readonly rateLimit: RateLimitConfig;
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  /** Trust X-Forwarded-For: false, true (any proxy) or the number of proxy hops. */
  readonly trustProxy: boolean | number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: string;
  /** The host part of log origins (`<host>/spaces/<id>`); DEFAULT_LOG_HOST when unset. */
  readonly logHost: string;
  /** How long answers to Idempotency-Key requests are kept, in ms. */
  readonly idempotencyTtlMs: number;
  /** The longest lifetime (exp − iat) of a member token, in seconds. */
  readonly memberTokenMaxAgeSeconds: number;
  /** The platform bootstrap credential (creates spaces), when configured (auth/admin-token.ts). */
  readonly adminToken: string | undefined;
  /**
   * Accept webhook URLs on private, loopback and link-local addresses, and deliver to them (default
   * false: refused, against server-side request forgery; webhooks/target-address.ts).
   */
  readonly allowPrivateWebhookTargets: boolean;
}

/** The variables read here. */
export interface HttpEnv {
  readonly PORT?: string | undefined;
  readonly HOST?: string | undefined;
  readonly FABRIQUE_PUBLIC_URL?: string | undefined;
  readonly FABRIQUE_CORS_ORIGINS?: string | undefined;
  readonly FABRIQUE_RATE_LIMIT?: string | undefined;
  readonly FABRIQUE_RATE_LIMIT_ANONYMOUS?: string | undefined;
  readonly FABRIQUE_BODY_LIMIT?: string | undefined;
  readonly FABRIQUE_TRUST_PROXY?: string | undefined;
  readonly FABRIQUE_LOG_LEVEL?: string | undefined;
  readonly FABRIQUE_LOG_HOST?: string | undefined;
  readonly FABRIQUE_IDEMPOTENCY_TTL?: string | undefined;
  readonly FABRIQUE_MEMBER_TOKEN_MAX_AGE?: string | undefined;
  readonly FABRIQUE_ADMIN_TOKEN?: string | undefined;
  readonly FABRIQUE_WEBHOOK_ALLOW_PRIVATE?: string | undefined;
}

/** Command-line flags of `fabrique serve` that override the environment. */
export interface HttpFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
}

/** A configuration that cannot work; the message names the variable or flag. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "invalid-config";
}

/** Defaults: loopback only (exposing the server is a decision: set HOST=0.0.0.0), port 8080. */
export const DEFAULT_HTTP_CONFIG: HttpConfig = {
  port: 8080,
  host: "127.0.0.1",
  publicUrl: undefined,
  corsOrigins: [],
  // Per minute: 1,000 requests a second for an operator backend, 100 for anonymous readers (auditors
  // mirroring a log fetch thousands of tiles; put a cache or CDN in front for more).
  rateLimit: { perCredential: 60_000, anonymous: 6_000, windowMs: 60_000 },
  bodyLimit: 64 * 1024,
  trustProxy: false,
  logLevel: "info",
  logHost: DEFAULT_LOG_HOST,
  idempotencyTtlMs: 24 * 60 * 60 * 1000,
  memberTokenMaxAgeSeconds: 15 * 60,
  adminToken: undefined,
  allowPrivateWebhookTargets: false,
};

/** The shortest platform admin token accepted from the environment: 32 characters. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/**
 * True when `text` can be an admin token: long enough, and a bearer token's characters (RFC 6750 §2.1
 * b64token), since it is presented as `Authorization: Bearer <token>`.
 *
 * @example isAdminTokenText(`fbp_${"0".repeat(64)}`) // true
 */
export function isAdminTokenText(text: string): boolean {
  return text.length >= MIN_ADMIN_TOKEN_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(text);
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** The largest request budget a window may be given. */
const MAX_RATE_LIMIT = 1_000_000_000;

/**
 * Reads the server's configuration. Empty variables count as unset. Throws ConfigError.
 *
 * @example const config = httpConfigFromEnv(process.env, { port: opts.port })
 */
export function httpConfigFromEnv(env: HttpEnv, flags: HttpFlags = {}): HttpConfig {
  const d = DEFAULT_HTTP_CONFIG;
  const port = integer(flags.port, "--port", 0, 65535) ?? integer(env.PORT, "PORT", 0, 65535);
  const host = hostOf(present(flags.host), "--host") ?? hostOf(present(env.HOST), "HOST") ?? d.host;
  return {
    port: port ?? d.port,
    host,
    publicUrl: publicUrlOf(present(env.FABRIQUE_PUBLIC_URL)),
    corsOrigins: corsOriginsOf(present(env.FABRIQUE_CORS_ORIGINS)),
    // Up to 10^9 a window: a deployment behind its own limiter (and bench/http.ts, whose anonymous rows
    // send over a million requests a minute from one address) can set the limit out of the way.
    rateLimit: {
      perCredential:
        integer(env.FABRIQUE_RATE_LIMIT, "FABRIQUE_RATE_LIMIT", 1, MAX_RATE_LIMIT) ??
        d.rateLimit.perCredential,
      anonymous:
        integer(
          env.FABRIQUE_RATE_LIMIT_ANONYMOUS,
          "FABRIQUE_RATE_LIMIT_ANONYMOUS",
          1,
          MAX_RATE_LIMIT,
        ) ?? d.rateLimit.anonymous,
      windowMs: d.rateLimit.windowMs,
    },
    bodyLimit:
      integer(env.FABRIQUE_BODY_LIMIT, "FABRIQUE_BODY_LIMIT", 1024, 16 * 1024 * 1024) ??
      d.bodyLimit,
    trustProxy: trustProxyOf(present(env.FABRIQUE_TRUST_PROXY)),
    logLevel: logLevelOf(present(env.FABRIQUE_LOG_LEVEL)),
    logHost: logHostOf(present(env.FABRIQUE_LOG_HOST)),
    idempotencyTtlMs:
      (integer(env.FABRIQUE_IDEMPOTENCY_TTL, "FABRIQUE_IDEMPOTENCY_TTL", 60, 30 * 86_400) ??
        d.idempotencyTtlMs / 1000) * 1000,
    memberTokenMaxAgeSeconds:
      integer(env.FABRIQUE_MEMBER_TOKEN_MAX_AGE, "FABRIQUE_MEMBER_TOKEN_MAX_AGE", 10, 86_400) ??
      d.memberTokenMaxAgeSeconds,
    adminToken: adminTokenOf(present(env.FABRIQUE_ADMIN_TOKEN)),
    allowPrivateWebhookTargets: booleanOf(
      present(env.FABRIQUE_WEBHOOK_ALLOW_PRIVATE),
      "FABRIQUE_WEBHOOK_ALLOW_PRIVATE",
    ),
  };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = present(value);
  if (text === undefined) return undefined;
  // At most 10 digits: every bound here is below 2^53, so Number() is exact.
  if (!/^[0-9]{1,10}$/.test(text)) throw new ConfigError(`${name} must be a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}`);
  return n;
}

/** An IPv4/IPv6 literal or a host name to listen on. */
function hostOf(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(value)) {
    throw new ConfigError(
      `${name} must be an IP address or host name (e.g. 0.0.0.0, ::, localhost)`,
    );
  }
  return value;
}

function publicUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("FABRIQUE_PUBLIC_URL is not a URL (e.g. https://trust.example.com)");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("FABRIQUE_PUBLIC_URL must be an http:// or https:// URL");
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new ConfigError("FABRIQUE_PUBLIC_URL must not hold credentials, a query or a fragment");
  }
  return url.toString().replace(/\/$/, "");
}

/** A comma-separated list of origins (scheme://host[:port]), or "*". */
function corsOriginsOf(value: string | undefined): readonly string[] | "*" {
  if (value === undefined) return [];
  if (value === "*") return "*";
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((origin) => {
      let url: URL | undefined;
      try {
        url = new URL(origin);
      } catch {
        url = undefined;
      }
      if (url === undefined || url.origin !== origin) {
        throw new ConfigError(
          `FABRIQUE_CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`,
        );
      }
      return origin;
    });
}

function booleanOf(value: string | undefined, name: string): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigError(`${name} must be true or false`);
}

function trustProxyOf(value: string | undefined): boolean | number {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  const hops = integer(value, "FABRIQUE_TRUST_PROXY", 1, 16);
  if (hops === undefined) return false;
  return hops;
}

function logLevelOf(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HTTP_CONFIG.logLevel;
  if (!LOG_LEVELS.includes(value)) {
    throw new ConfigError(`FABRIQUE_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  }
  return value;
}

function logHostOf(value: string | undefined): string {
  if (value === undefined) return DEFAULT_LOG_HOST;
  try {
    spaceLogOrigin(value, "probe");
  } catch {
    throw new ConfigError(
      "FABRIQUE_LOG_HOST must be a host name with an optional port and path (e.g. trust.example.com)",
    );
  }
  return value;
}

function adminTokenOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isAdminTokenText(value)) {
    throw new ConfigError(
      `FABRIQUE_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  return value;
}
