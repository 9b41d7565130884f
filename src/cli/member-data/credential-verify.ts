/**
 * What `fabrique credential verify` runs: a verifier's check of a presented reputation credential that
 * needs nothing of the issuer's server but what it publishes. The issuer's keys come from its JWT VC
 * Issuer Metadata (draft-ietf-oauth-sd-jwt-vc §5: fetched from the well-known URL of the credential's
 * `iss`, or given with --metadata), whose `issuer` must equal `iss`; the status from its Status List
 * Token (fetched from the credential's status uri, or given with --status-list), signed by one of those
 * keys. Then every check of src/credential, and what the presentation proves, claim by claim.
 *
 * The command keeps no memory between runs, so it cannot refuse a replayed nonce: it says so, and a
 * verifier using it must refuse a nonce it has accepted before. Whom to trust is the verifier's choice:
 * with --issuer, a credential of any other issuer is refused; without, the report says which one it was.
 */
import type { JWK } from "jose";
import {
  CredentialError,
  checkStatus,
  MAX_SD_JWT_SIZE,
  type StatusReference,
  splitSdJwt,
  verifySdJwtPresentation,
} from "../../credential/index.js";
import { MAX_KB_AGE_SECONDS, sentenceOf } from "../../store/credentials/verify-reputation.js";
import { CliError } from "../cli-error.js";
import type { CredentialVerifyFlags } from "../commands/credential.js";
import type { Io } from "../io.js";
import { readInput } from "./bounded-input.js";

/** Largest issuer metadata read. */
const MAX_METADATA_BYTES = 64 * 1024;
/** Largest status list token read (src/credential MAX_STATUS_LIST_TOKEN_SIZE is in characters). */
const MAX_STATUS_LIST_BYTES = 1024 * 1024 + 4096;

const VISIBLE = new Set(["iss", "iat", "exp", "nbf", "vct", "cnf", "status"]);

/**
 * Verifies and prints what the presentation proves (or, with --json, the report as JSON). A refusal
 * throws CredentialError (exit 1, or 3 for text that is not a presentation).
 *
 * @example await credentialVerifyCommand({ presentation: "p.txt", audience, nonce }, io)
 */
export async function credentialVerifyCommand(flags: CredentialVerifyFlags, io: Io): Promise<void> {
  const allowHttp = flags.allowHttp === true;
  const presentation = (
    await readInput(flags.presentation, io, MAX_SD_JWT_SIZE, "the presentation")
  ).trim();
  const iss = unverifiedIssuer(presentation);
  // Which issuers to trust is the verifier's decision: anyone can publish metadata and sign credentials.
  if (flags.issuer !== undefined && iss !== flags.issuer) {
    throw new CredentialError(
      "unknown-issuer",
      `the credential is issued by ${iss}, not ${flags.issuer}`,
    );
  }
  const metadataSource = flags.metadata ?? metadataUrlOf(iss);
  const keys = issuerKeysOf(
    await readInput(metadataSource, io, MAX_METADATA_BYTES, "the issuer metadata", { allowHttp }),
    iss,
  );
  const now = Math.floor(Date.now() / 1000);
  const statusCheck = async (ref: StatusReference) => {
    const token = (
      await readInput(flags.statusList ?? ref.uri, io, MAX_STATUS_LIST_BYTES, "the status list", {
        allowHttp,
      })
    ).trim();
    const key = keys.find((k) => k.kid === kidOf(token)) ?? keys[0];
    if (key === undefined)
      throw new CredentialError("unknown-issuer", "the issuer publishes no key");
    return checkStatus(ref, token, { key, now });
  };
  const verified = await verifySdJwtPresentation(presentation, {
    issuerKeys: (issuer, kid) => (issuer === iss ? keys.find((k) => k.kid === kid) : undefined),
    expectedAudience: flags.audience,
    expectedNonce: flags.nonce,
    now,
    maxKbAge: MAX_KB_AGE_SECONDS,
    replayCache: { seen: () => false },
    statusCheck,
  });
  const disclosed = Object.fromEntries(
    Object.entries(verified.claims).filter(([k]) => !VISIBLE.has(k)),
  );
  const proves = [
    `${verified.issuer} issued this credential (its key, from its published metadata, signed it; valid until ${new Date(verified.expiresAt * 1000).toISOString()}; ${verified.status === undefined ? "it has no status entry" : "its status list says it is not revoked"}), and the presenter holds the key it was issued to.`,
    ...Object.entries(disclosed).map(([name, value]) => sentenceOf(name, value)),
  ];
  const notChecked = [
    "replay: this command keeps no memory of nonces; refuse a nonce you accepted before",
    ...(flags.issuer === undefined
      ? [
          `trust in the issuer: any issuer was accepted (--issuer names the one you trust); this one is ${verified.issuer}`,
        ]
      : []),
  ];
  if (flags.json === true) {
    const report = {
      verified: true,
      issuer: verified.issuer,
      vct: verified.vct,
      expiresAt: verified.expiresAt,
      disclosed,
      proves,
      notChecked,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  io.out(
    `verified\n${proves.map((p) => `- ${p}\n`).join("")}not checked: ${notChecked.join("; ")}\n`,
  );
}

/** The `iss` of the Issuer-signed JWT, read before anything is verified, to find the issuer's keys. */
function unverifiedIssuer(presentation: string): string {
  const [, payload = ""] = splitSdJwt(presentation).issuerJwt.split(".");
  let iss: unknown;
  try {
    iss = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown }).iss;
  } catch (cause) {
    throw new CredentialError("malformed", "the credential's payload is not JSON", { cause });
  }
  if (typeof iss !== "string" || iss.length === 0) {
    throw new CredentialError("malformed", "the credential has no iss");
  }
  return iss;
}

/** draft-ietf-oauth-sd-jwt-vc §5.1: the well-known segment between the host and the issuer's path. */
function metadataUrlOf(iss: string): string {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    throw new CliError("usage", `the issuer ${iss} is not a URL: give its keys with --metadata`);
  }
  return `${url.origin}/.well-known/jwt-vc-issuer${url.pathname.replace(/\/$/, "")}`;
}

/** The keys of JWT VC Issuer Metadata; parser of untrusted JSON (bounded by the reader). */
function issuerKeysOf(text: string, iss: string): JWK[] {
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch (cause) {
    throw new CliError("input", "the issuer metadata is not JSON", { cause });
  }
  const m = metadata as { issuer?: unknown; jwks?: { keys?: unknown } } | null;
  if (m === null || typeof m !== "object" || m.issuer !== iss) {
    throw new CredentialError(
      "unknown-issuer",
      `the metadata is not ${iss}'s (its issuer must equal iss)`,
    );
  }
  const keys = m.jwks?.keys;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== "object" || k === null)) {
    throw new CliError("input", "the issuer metadata has no jwks.keys array");
  }
  return keys as JWK[];
}

function kidOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8"));
    return typeof header?.kid === "string" ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
