/**
 * `fabrique token`: what an operator's backend does for member tokens, as commands, so that a quick start
 * (and a demo) needs nothing but curl. Nothing here talks to a server or registers anything:
 *
 *   keygen     an Ed25519 key pair for signing member tokens, plus a secret for member ids; prints the
 *              body to POST to /v1/spaces/{space}/member-token-keys
 *   mint       a member token (src/http/auth/member-token.ts: typ fabrique-member+jwt, aud
 *              urn:fabrique:space:<space>, sub = member id, kid = RFC 7638 thumbprint, ≤ 15 minutes)
 *   member-id  the member id of one of the operator's users (src/domain/ids.ts memberIdFor)
 *
 * Production backends do the same with their own JOSE library and keep the private key and the secret in
 * their secret store; the files written here are mode 0600. What the commands run is loaded when they
 * run (src/cli/token/), so `fabrique --help` does not load jose.
 */
import type { Command } from "commander";
import type { Io } from "../io.js";

/** File names `token keygen` writes into its folder. */
export const TOKEN_FILES = {
  /** The private JWK (mode 0600): what `token mint --key` reads. */
  privateKey: "member-token.jwk",
  /** `{"jwk": <public JWK>}`: the body of POST /v1/spaces/{space}/member-token-keys. */
  registration: "member-token-key.json",
  /** 32 random bytes, hex (mode 0600): what `token member-id --secret-file` reads. */
  memberSecret: "member-id-secret",
} as const;

/** The longest member token lifetime the server accepts by default (its maxAgeSeconds), in seconds. */
export const MAX_TOKEN_TTL_SECONDS = 900;

/**
 * Adds `token keygen`, `token mint` and `token member-id` to `program`.
 *
 * @example registerTokenCommands(program, io)
 */
export function registerTokenCommands(program: Command, io: Io): void {
  const token = program
    .command("token")
    .description("member tokens as an operator's backend makes them (offline: registers nothing)");
  token
    .command("keygen")
    .description(
      `write an Ed25519 member-token key and a member-id secret into DIR; print the body to POST to /v1/spaces/{space}/member-token-keys (also in DIR/${TOKEN_FILES.registration})`,
    )
    .requiredOption("--out <dir>", "folder to write the key files into (created)")
    .action(async (opts: { out: string }) => {
      const { keygenCommand } = await import("../token/token-commands.js");
      await keygenCommand(opts, io);
    });
  token
    .command("mint")
    .description("print a member token (EdDSA JWT) for --member in --space")
    .requiredOption("--space <space>", "the space id (the token's audience)")
    .requiredOption("--member <id>", "the member id (see token member-id)")
    .requiredOption("--key <file>", `the private JWK (${TOKEN_FILES.privateKey} from token keygen)`)
    .option(
      "--ttl <seconds>",
      `lifetime, at most ${MAX_TOKEN_TTL_SECONDS}`,
      `${MAX_TOKEN_TTL_SECONDS}`,
    )
    .action(async (opts: { space: string; member: string; key: string; ttl: string }) => {
      const { mintCommand } = await import("../token/token-commands.js");
      await mintCommand(opts, io);
    });
  token
    .command("member-id")
    .description("print the member id of the operator's user --user (HMAC of the member-id secret)")
    .requiredOption(
      "--secret-file <file>",
      `the secret (${TOKEN_FILES.memberSecret} from token keygen)`,
    )
    .requiredOption("--user <id>", "the operator's own id of the user")
    .action(async (opts: { secretFile: string; user: string }) => {
      const { memberIdCommand } = await import("../token/token-commands.js");
      await memberIdCommand(opts, io);
    });
}
