/**
 * What `fabrique credential issue` runs: issues reputation credentials of a member on the local store
 * (src/store/credentials), for operators who deliver credentials through their own channels. With
 * --holder-jwk, one credential bound to that public key; without, --count fresh Ed25519 holder keys are
 * generated and printed with their credentials (they are the member's secrets: deliver them privately).
 */
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { issuerIdentity } from "../../store/credentials/issuer-keys.js";
import {
  issueReputationCredentials,
  MAX_CREDENTIAL_BATCH,
} from "../../store/credentials/reputation-credentials.js";
import { CliError } from "../cli-error.js";
import type { CredentialIssueFlags } from "../commands/credential.js";
import type { Io } from "../io.js";
import { readInput } from "./bounded-input.js";
import { asCliError, openLocalStore } from "./open-local-store.js";

/**
 * Issues and prints JSON: the issuer and, per credential, the SD-JWT VC, its status index, validity,
 * every disclosure decoded, and the generated holder key when there was none.
 *
 * @example await credentialIssueCommand({ space: "stays", member: m, count: "2" }, io, process.env)
 */
export async function credentialIssueCommand(
  flags: CredentialIssueFlags,
  io: Io,
  env: Record<string, string | undefined>,
): Promise<void> {
  const holders = await holderKeysOf(flags, io);
  const store = await openLocalStore(flags.dataDir, env);
  try {
    const issued = await issueReputationCredentials(store.db, store.vault, {
      space: flags.space,
      member: flags.member,
      holderKeys: holders.map((h) => h.publicJwk),
      issuerBase: store.issuerBase,
      now: Date.now(),
      accessor: "cli",
      resource: "fabrique credential issue",
    });
    const output = {
      issuer: issuerIdentity(store.issuerBase, flags.space).issuer,
      credentials: issued.map((c, i) => ({
        credential: c.sdJwt,
        statusIndex: c.statusIndex,
        issuedAt: c.issuedAt,
        expiresAt: c.expiresAt,
        claims: c.claims,
        ...(holders[i]?.privateJwk === undefined ? {} : { holderKey: holders[i]?.privateJwk }),
      })),
    };
    if (flags.holderJwk === undefined) {
      io.err("the holder keys printed are the member's secrets: deliver them privately\n");
    }
    io.out(`${JSON.stringify(output, null, 2)}\n`);
  } catch (e) {
    throw asCliError(e);
  } finally {
    await store.close();
  }
}

interface HolderKey {
  readonly publicJwk: JWK;
  readonly privateJwk?: JWK;
}

async function holderKeysOf(flags: CredentialIssueFlags, io: Io): Promise<HolderKey[]> {
  const count = Number(flags.count ?? "1");
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_CREDENTIAL_BATCH) {
    throw new CliError("usage", `--count is an integer from 1 to ${MAX_CREDENTIAL_BATCH}`);
  }
  if (flags.holderJwk !== undefined) {
    if (flags.count !== undefined && count !== 1) {
      throw new CliError("usage", "--holder-jwk binds one credential: drop --count");
    }
    const text = await readInput(flags.holderJwk, io, 4096, "the holder JWK");
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch (cause) {
      throw new CliError("input", "the holder JWK is not JSON", { cause });
    }
    if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) {
      throw new CliError("input", "the holder JWK is not a JSON object");
    }
    return [{ publicJwk: jwk as JWK }];
  }
  const keys: HolderKey[] = [];
  for (let i = 0; i < count; i++) {
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    const { kty, crv, x } = privateJwk;
    keys.push({ publicJwk: { kty, crv, x } as JWK, privateJwk });
  }
  return keys;
}
