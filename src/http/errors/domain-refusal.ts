/**
 * A domain refusal on its way out of a route: the space service returns `{ ok: false, error }` values
 * (src/store/space/results.ts); a route throws them with `okOrThrow` and the error mapping
 * (map-error.ts) answers with the DomainError's code, status and `rule`.
 */
import type { DomainError, DomainErrorCode } from "../../domain/errors.js";

const DOMAIN_CODES: ReadonlySet<string> = new Set<DomainErrorCode>([
  "invalid-input",
  "too-large",
  "malformed",
  "not-found",
  "conflict",
  "rule-violation",
  "forbidden",
  "gone",
]);

/** A DomainError thrown as an Error (stack, `cause`), as routes throw refusals. */
export class DomainRefusal extends Error {
  override readonly name = "DomainRefusal";
  readonly error: DomainError;

  constructor(error: DomainError) {
    super(error.message, error.cause === undefined ? undefined : { cause: error.cause });
    this.error = error;
  }
}

/**
 * The success of a service result, or throws its DomainError as a DomainRefusal.
 *
 * @example const { events, receipts } = okOrThrow(await service.execute(space, actor, "joinMember", input))
 */
export function okOrThrow<T extends { readonly ok: true }>(
  result: T | { readonly ok: false; readonly error: DomainError },
): T {
  if (result.ok) return result as T;
  throw new DomainRefusal(result.error);
}

/**
 * The DomainError carried by a thrown value: a DomainRefusal, a `{ ok: false, error }` failure or a
 * DomainError itself (checked by shape: these are plain values, not class instances).
 *
 * @example const refusal = domainErrorOf(e)
 */
export function domainErrorOf(e: unknown): DomainError | undefined {
  if (e instanceof DomainRefusal) return e.error;
  if (isDomainError(e)) return e;
  if (typeof e === "object" && e !== null && (e as { ok?: unknown }).ok === false) {
    const inner = (e as { error?: unknown }).error;
    if (isDomainError(inner)) return inner;
  }
  return undefined;
}

function isDomainError(e: unknown): e is DomainError {
  if (typeof e !== "object" || e === null || e instanceof Error) return false;
  const { code, rule, message } = e as Record<string, unknown>;
  return (
    typeof code === "string" &&
    DOMAIN_CODES.has(code) &&
    typeof rule === "string" &&
    typeof message === "string"
  );
}
