/**
 * What `fabrique space create` runs: creates a space directly on the store as the platform admin, with
 * its first admin API key. The log host comes from FABRIQUE_LOG_HOST as under `serve`, so receipts and
 * checkpoints name the same origin.
 */
import { PLATFORM_OPERATOR_KEY } from "../../http/auth/credential.js";
import { httpConfigFromEnv } from "../../http/config.js";
import { createApiKey } from "../../store/access/api-keys.js";
import { storeConfigFromEnv } from "../../store/config.js";
import { createSpaceLogSigners } from "../../store/log/space-log-signer.js";
import { openStore } from "../../store/open-store.js";
import { createSpaceService } from "../../store/space/service.js";
import { CliError } from "../cli-error.js";
import type { SpaceCreateOptions } from "../commands/space.js";
import type { Io } from "../io.js";

/**
 * Creates the space and prints `space: …`, `admin key: …` and the log key.
 *
 * @example await createSpaceCommand({ name: "Stays", dataDir: "./data" }, io, process.env)
 */
export async function createSpaceCommand(
  opts: SpaceCreateOptions,
  io: Io,
  env: Record<string, string | undefined>,
): Promise<void> {
  const id = opts.id ?? slugOf(opts.name);
  const store = await openStore(
    storeConfigFromEnv({ ...env, FABRIQUE_DATA_DIR: opts.dataDir ?? env.FABRIQUE_DATA_DIR }),
  );
  try {
    const signers = createSpaceLogSigners({
      vault: store.vault,
      host: httpConfigFromEnv(env).logHost,
    });
    const service = createSpaceService({ db: store.db, vault: store.vault, signers });
    const admin = { kind: "operator", key: PLATFORM_OPERATOR_KEY, scopes: ["admin"] } as const;
    const result = await service.createSpace({ space: id, name: opts.name }, admin);
    if (!result.ok) {
      throw new CliError(
        "usage",
        `space ${id} not created: ${result.error.message} (${result.error.rule})`,
      );
    }
    const key = await createApiKey(store.db.kysely, {
      space: id,
      scopes: ["admin"],
      label: "created with the space",
    });
    const { verifierKey } = await signers.signerFor(store.db.kysely, id);
    io.out(`space: ${id}\nadmin key: ${key.key}\nlog key: ${verifierKey}\n`);
  } finally {
    await store.close();
  }
}

/** A space id from a name: lower-case letters and digits joined by dashes, at most 64 characters. */
function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  if (slug === "")
    throw new CliError("usage", "give --id: the name has no letters or digits to make one");
  return slug;
}
