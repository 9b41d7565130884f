/**
 * What `fabrique credential present` runs: the holder's side, offline. From an issued SD-JWT VC and the
 * holder's private key, a presentation revealing only the chosen claims, with a key binding for the
 * verifier's audience and nonce (src/credential presentSdJwt).
 */
import { importJWK, type JWK } from "jose";
import { MAX_SD_JWT_SIZE, presentSdJwt } from "../../credential/index.js";
import { CliError } from "../cli-error.js";
import type { CredentialPresentFlags } from "../commands/credential.js";
import type { Io } from "../io.js";
import { readInput } from "./bounded-input.js";

/**
 * Prints the presentation (one line).
 *
 * @example await credentialPresentCommand({ credential: "c.txt", holderKey: "k.jwk", audience, nonce, disclose: "space" }, io)
 */
export async function credentialPresentCommand(flags: CredentialPresentFlags, io: Io) {
  const sdJwt = (await readInput(flags.credential, io, MAX_SD_JWT_SIZE, "the credential")).trim();
  const keyText = await readInput(flags.holderKey, io, 4096, "the holder key");
  let jwk: JWK;
  try {
    jwk = JSON.parse(keyText) as JWK;
  } catch (cause) {
    throw new CliError("input", "the holder key is not a JSON JWK", { cause });
  }
  if (typeof jwk.d !== "string")
    throw new CliError("input", "the holder key has no private part (d)");
  const alg = jwk.kty === "EC" ? "ES256" : "EdDSA";
  const holderKey = await importJWK(jwk, alg).catch((cause: unknown) => {
    throw new CliError("input", "the holder key is not an Ed25519 or P-256 private JWK", { cause });
  });
  if (holderKey instanceof Uint8Array) throw new CliError("input", "the holder key is symmetric");
  const disclose = (flags.disclose ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const presentation = await presentSdJwt({
    sdJwt,
    disclose,
    holderKey,
    audience: flags.audience,
    nonce: flags.nonce,
    issuedAt: Math.floor(Date.now() / 1000),
  });
  io.out(`${presentation}\n`);
}
