/**
 * What `fabrique token keygen`, `mint` and `member-id` run (registered in src/cli/commands/token.ts).
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { memberIdFor } from "../../domain/ids.js";
import { randomBytes } from "../../log/crypto.js";
import { CliError } from "../cli-error.js";
import { TOKEN_FILES } from "../commands/token.js";
import type { Io } from "../io.js";
import { generateMemberTokenKey, mintMemberToken, readMemberTokenKey } from "./member-token-key.js";

/**
 * Writes a member-token key and a member-id secret into `opts.out`; prints the registration body.
 *
 * @example await keygenCommand({ out: "keys" }, io)
 */
export async function keygenCommand(opts: { readonly out: string }, io: Io): Promise<void> {
  const key = await generateMemberTokenKey();
  await mkdir(opts.out, { recursive: true });
  const registration = `${JSON.stringify({ jwk: key.publicJwk })}\n`;
  await writeSecret(join(opts.out, TOKEN_FILES.privateKey), `${JSON.stringify(key.privateJwk)}\n`);
  await writeSecret(
    join(opts.out, TOKEN_FILES.memberSecret),
    `${Buffer.from(randomBytes(32)).toString("hex")}\n`,
  );
  await writeFile(join(opts.out, TOKEN_FILES.registration), registration);
  io.out(registration);
  io.err(`kid ${key.kid}; private key in ${join(opts.out, TOKEN_FILES.privateKey)}\n`);
}

/**
 * Prints a member token for `opts.member` in `opts.space`, signed with the key file `opts.key`.
 *
 * @example await mintCommand({ space: "stays", member, key: "keys/member-token.jwk", ttl: "900" }, io)
 */
export async function mintCommand(
  opts: {
    readonly space: string;
    readonly member: string;
    readonly key: string;
    readonly ttl: string;
  },
  io: Io,
): Promise<void> {
  const ttlSeconds = Number(opts.ttl);
  const key = await readMemberTokenKey(opts.key);
  const jwt = await usage(() => mintMemberToken(key, opts.space, opts.member, { ttlSeconds }));
  io.out(`${jwt}\n`);
}

/**
 * Prints the member id of the operator's user `opts.user`.
 *
 * @example await memberIdCommand({ secretFile: "keys/member-id-secret", user: "guest-42" }, io)
 */
export async function memberIdCommand(
  opts: { readonly secretFile: string; readonly user: string },
  io: Io,
): Promise<void> {
  const secret = await readSecret(opts.secretFile);
  io.out(`${await usage(async () => memberIdFor(secret, opts.user))}\n`);
}

/** Reads a hex secret file (untrusted: at most 1 KiB; at least 32 bytes once decoded). */
async function readSecret(path: string): Promise<Uint8Array> {
  const text = (
    await readFile(path, "utf8").catch((e: unknown) => {
      throw new CliError("usage", `cannot read ${path}: ${(e as Error).message}`, { cause: e });
    })
  ).trim();
  if (text.length > 1024 || !/^([0-9a-f]{2})+$/i.test(text)) {
    throw new CliError("usage", `${path} is not a hex secret`);
  }
  return new Uint8Array(Buffer.from(text, "hex"));
}

async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

async function usage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RangeError) throw new CliError("usage", e.message, { cause: e });
    throw e;
  }
}
