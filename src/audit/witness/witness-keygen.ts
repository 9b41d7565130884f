/**
 * `fabrique witness keygen`: a witness key pair of type 0x04 (c2sp.org/tlog-cosignature, Ed25519
 * cosignature/v1). The key name SHOULD be "a schema-less URL that identifies the cosigner".
 */
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPair } from "../../log/note/index.js";
import { writeFileDurably } from "../durable-file.js";

/** Where keygen wrote the pair. */
export interface WitnessKeygenResult {
  readonly signerKeyPath: string;
  readonly verifierKeyPath: string;
  readonly verifierKey: string;
}

/**
 * Writes `<name>.key` (mode 0600, secret) and `<name>.vkey` into `outDir`; never overwrites a key
 * (the system error EEXIST). Throws LogError("malformed") for a name that cannot name a key.
 *
 * @example await witnessKeygen("witness.example.org/w1", "keys/")
 */
export async function witnessKeygen(name: string, outDir: string): Promise<WitnessKeygenResult> {
  const pair = generateKeyPair(name, "cosignature/v1");
  const base = join(outDir, name.replace(/[^A-Za-z0-9._-]/g, "_"));
  const signerKeyPath = `${base}.key`;
  const verifierKeyPath = `${base}.vkey`;
  await mkdir(outDir, { recursive: true });
  // "wx": creating the secret key file fails if it exists, so a key is never replaced by mistake.
  const handle = await open(signerKeyPath, "wx", 0o600);
  try {
    await handle.writeFile(`${pair.signerKey}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await writeFileDurably(verifierKeyPath, `${pair.verifierKey}\n`);
  return { signerKeyPath, verifierKeyPath, verifierKey: pair.verifierKey };
}
