/**
 * `fabrique serve`'s witnesses: the configuration file named by --witnesses or FABRIQUE_WITNESSES
 * (witness-config.ts), read and turned into the sealer's witnessing port (sealer-witnessing.ts).
 */
import { readFile } from "node:fs/promises";
import type { CheckpointWitnessing } from "../../store/sealer/witnessing.js";
import { CliError } from "../cli-error.js";
import { sealerWitnessing } from "./sealer-witnessing.js";
import { MAX_WITNESS_CONFIG_SIZE, parseWitnessConfig } from "./witness-config.js";

/** The variable read here. */
export interface WitnessEnv {
  readonly FABRIQUE_WITNESSES?: string | undefined;
}

/** The sealer's witnessing and a line saying what it is, for the operator. */
export interface ServerWitnesses {
  readonly witnessing: CheckpointWitnessing;
  readonly description: string;
}

/**
 * The witnesses configured in `path`, or undefined when no file is named (checkpoints are then
 * published unwitnessed, as soon as they are signed).
 *
 * @example const witnesses = await loadWitnesses(opts.witnesses ?? env.FABRIQUE_WITNESSES)
 */
export async function loadWitnesses(
  path: string | undefined,
): Promise<ServerWitnesses | undefined> {
  if (path === undefined || path.trim() === "") return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CliError(
      "io",
      `cannot read the witness configuration ${path}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  if (bytes.length > MAX_WITNESS_CONFIG_SIZE) {
    throw new CliError(
      "usage",
      `witness configuration ${path} is larger than ${MAX_WITNESS_CONFIG_SIZE} bytes`,
    );
  }
  const config = parseWitnessConfig(bytes.toString("utf8"), path);
  const names = config.witnesses.map((w) => w.vkey.split("+")[0]).join(", ");
  return {
    witnessing: sealerWitnessing(config),
    description: `checkpoints published once ${config.threshold} of ${config.witnesses.length} witnesses cosign them (${names})`,
  };
}
