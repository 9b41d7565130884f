/**
 * The space's Status List Token (draft-ietf-oauth-status-list §5.1), signed by its current issuer key
 * at every request: a relying party caches it for `ttl` seconds, and it expires a day after issuance so
 * that a stale copy cannot hide a revocation for long.
 */
import { signStatusListToken } from "../../credential/index.js";
import type { KeyVault } from "../keys/key-vault.js";
import type { Executor } from "../schema.js";
import { currentIssuerKey, issuerIdentity } from "./issuer-keys.js";
import { currentStatusList } from "./status-entries.js";

/** Seconds a relying party may cache the token. */
export const STATUS_LIST_TTL_SECONDS = 300;
/** Seconds until the token expires. */
export const STATUS_LIST_VALIDITY_SECONDS = 86_400;

/**
 * The signed status list token of `space` at `now` (ms).
 *
 * @example reply.type("application/statuslist+jwt").send(await spaceStatusListToken(db.kysely, vault, "stays", base, Date.now()))
 */
export async function spaceStatusListToken(
  db: Executor,
  vault: KeyVault,
  space: string,
  issuerBase: string,
  now: number,
): Promise<string> {
  const key = await currentIssuerKey(db, vault, space);
  const issuedAt = Math.floor(now / 1000);
  return signStatusListToken({
    key: key.privateKey,
    kid: key.kid,
    uri: issuerIdentity(issuerBase, space).statusListUrl,
    issuedAt,
    expiresAt: issuedAt + STATUS_LIST_VALIDITY_SECONDS,
    ttl: STATUS_LIST_TTL_SECONDS,
    list: await currentStatusList(db, space),
  });
}
