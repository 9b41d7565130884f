/**
 * `fabrique credential issue | present | verify`: portable reputation credentials (SD-JWT VC, issue 6)
 * from the command line. `issue` runs on the local store (the operator's side); `present` is the
 * holder's side and `verify` a verifier's, both offline but for the issuer's published metadata and
 * status list. The work is loaded when a command runs (src/cli/member-data/), so `--help` stays fast.
 */
import type { Command } from "commander";
import type { Io } from "../io.js";

/** Flags of `credential issue`. */
export interface CredentialIssueFlags {
  readonly space: string;
  readonly member: string;
  readonly holderJwk?: string;
  readonly count?: string;
  readonly dataDir?: string;
}

/** Flags of `credential present`. */
export interface CredentialPresentFlags {
  readonly credential: string;
  readonly holderKey: string;
  readonly audience: string;
  readonly nonce: string;
  readonly disclose?: string;
}

/** Flags of `credential verify`. */
export interface CredentialVerifyFlags {
  readonly presentation: string;
  readonly audience: string;
  readonly nonce: string;
  readonly issuer?: string;
  readonly metadata?: string;
  readonly statusList?: string;
  readonly allowHttp?: boolean;
  readonly json?: boolean;
}

/**
 * Adds `credential issue`, `credential present` and `credential verify` to `program`.
 *
 * @example registerCredentialCommands(program, io)
 */
export function registerCredentialCommands(program: Command, io: Io): void {
  const credential = program
    .command("credential")
    .description("portable reputation credentials (SD-JWT VC): issue, present, verify");
  credential
    .command("issue")
    .description("issue a member's reputation credentials from the local store (operator side)")
    .requiredOption("--space <id>", "the member's space")
    .requiredOption("--member <id>", "the member")
    .option("--holder-jwk <file>", "the holder's public JWK (Ed25519 or P-256) to bind to")
    .option(
      "--count <n>",
      "without --holder-jwk: credentials (and fresh holder keys) to issue",
      "1",
    )
    .option("--data-dir <dir>", "folder of the embedded SQLite store (env FABRIQUE_DATA_DIR)")
    .addHelpText(
      "after",
      "\nPrints JSON: each SD-JWT VC with every disclosure decoded, its status index and validity,\n" +
        "and the generated holder keys (secrets of the member) when --holder-jwk is not given.\n" +
        "Exit codes: 0 issued, 2 usage (an unknown space or member), 3 a bad holder key, 4 unavailable.\n",
    )
    .action(async (flags: CredentialIssueFlags) => {
      const { credentialIssueCommand } = await import("../member-data/credential-issue.js");
      await credentialIssueCommand(flags, io, process.env);
    });
  credential
    .command("present")
    .description("make a presentation revealing only the chosen claims (holder side, offline)")
    .requiredOption("--credential <file>", "the issued SD-JWT VC (a file, or - for stdin)")
    .requiredOption("--holder-key <file>", "the holder's private JWK")
    .requiredOption("--audience <aud>", "the verifier's identifier")
    .requiredOption("--nonce <nonce>", "the verifier's challenge")
    .option("--disclose <claims>", "comma-separated claims to reveal, e.g. rating_at_least_4_5")
    .action(async (flags: CredentialPresentFlags) => {
      const { credentialPresentCommand } = await import("../member-data/credential-present.js");
      await credentialPresentCommand(flags, io);
    });
  credential
    .command("verify")
    .description("verify a presented credential and say exactly what it proves (verifier side)")
    .requiredOption("--presentation <file>", "the SD-JWT+KB (a file, or - for stdin)")
    .requiredOption("--audience <aud>", "your identifier, which the key binding must name")
    .requiredOption("--nonce <nonce>", "the challenge you gave the holder")
    .option("--issuer <url>", "the issuer you trust: a credential of any other is refused")
    .option("--metadata <file|url>", "the issuer's JWT VC metadata (default: from its iss)")
    .option("--status-list <file|url>", "the issuer's status list token (default: its status uri)")
    .option("--allow-http", "accept http:// URLs (keys fetched in the clear can be replaced)")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 verified, 1 refused (signature, disclosure, key binding, audience, nonce,\n" +
        "expiry, revocation, unknown issuer), 3 not a presentation, 4 metadata or status unavailable.\n",
    )
    .action(async (flags: CredentialVerifyFlags) => {
      const { credentialVerifyCommand } = await import("../member-data/credential-verify.js");
      await credentialVerifyCommand(flags, io);
    });
}
