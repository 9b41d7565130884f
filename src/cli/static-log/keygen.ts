/**
 * `fabrique log keygen`: a new Ed25519 signed-note key pair whose name is the log's origin (tlog-checkpoint
 * asks that the origin line identify the log; we use it as the key name so verifiers can match them).
 */
import { join } from "node:path";
import { readFileIfExists, writeFileAtomic } from "../../audit/fetch/files.js";
import { assertKeyName, generateKeyPair } from "../../log/note/index.js";
import { CliError } from "../cli-error.js";

export interface KeygenResult {
  readonly signerKeyPath: string;
  readonly verifierKeyPath: string;
  readonly verifierKey: string;
}

/**
 * Writes `<name>.key` (mode 0600, secret) and `<name>.vkey` into `outDir`; refuses to overwrite a key.
 *
 * @example await keygen("example.org/log", "keys/")
 */
export async function keygen(origin: string, outDir: string): Promise<KeygenResult> {
  assertUsableOrigin(origin);
  const base = join(outDir, fileNameOf(origin));
  const signerKeyPath = `${base}.key`;
  const verifierKeyPath = `${base}.vkey`;
  if ((await readFileIfExists(signerKeyPath, 1 << 16)) !== undefined) {
    throw new CliError(
      "usage",
      `${signerKeyPath} exists already: refusing to overwrite a signing key`,
    );
  }
  const pair = generateKeyPair(origin);
  await writeFileAtomic(signerKeyPath, `${pair.signerKey}\n`, { mode: 0o600, durable: true });
  await writeFileAtomic(verifierKeyPath, `${pair.verifierKey}\n`, { durable: true });
  return { signerKeyPath, verifierKeyPath, verifierKey: pair.verifierKey };
}

/** A signed-note key name may not hold spaces or '+' (c2sp.org/signed-note §Format). */
function assertUsableOrigin(origin: string): void {
  try {
    assertKeyName(origin);
  } catch (error) {
    throw new CliError(
      "usage",
      `--origin ${JSON.stringify(origin)} cannot name a key: no spaces, '+' or control characters`,
      { cause: error },
    );
  }
}

/** `example.org/log` → `example.org_log`: the origin made safe as one file name. */
function fileNameOf(origin: string): string {
  return origin.replace(/[^A-Za-z0-9._-]/g, "_");
}
