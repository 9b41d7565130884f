/**
 * The member's own data and portable reputation (issue 6): the export (`GET …/me`), credentials
 * (issuance, status list, revocation, issuer metadata, verification), and the recording of operator
 * reads of member data into the access log.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Database } from "../../../store/database.js";
import type { KeyVault } from "../../../store/keys/key-vault.js";
import type { SpaceLogSigners } from "../../../store/log/space-log-signer.js";
import { credentialRoutes } from "./credentials.js";
import { meRoutes } from "./me.js";

/** What the member-data routes need. */
export interface MemberDataRoutesDeps {
  readonly db: Database;
  readonly vault: KeyVault;
  readonly signers: SpaceLogSigners;
  readonly clock: () => number;
  /** The server's public URL when configured (links in exports). */
  readonly publicUrl: string | undefined;
  /** The base of the spaces' issuer identifiers: the public URL, else https://<log host>. */
  readonly issuerBase: string;
}

export { installAccessRecording } from "./access-recording.js";

/**
 * Registers the member-data routes.
 *
 * @example await app.register(memberDataRoutes, { db, vault, signers, clock, publicUrl, issuerBase })
 */
export const memberDataRoutes: FastifyPluginAsyncTypebox<MemberDataRoutesDeps> = async (
  app,
  deps,
) => {
  await app.register(meRoutes, deps);
  await app.register(credentialRoutes, deps);
};
