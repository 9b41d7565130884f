/**
 * Opening a space's log in the browser, as an auditor would: the log's verifier key, the latest
 * checkpoint with its signature verified by WebCrypto (src/log decides what is checked; see
 * platform/crypto.ts), cosignatures checked for the witness keys the reader gives, and a TileReader
 * that authenticates every tile and entry it reads against that checkpoint.
 */
import { type OpenedCheckpoint, openCheckpoint } from "../../../src/log/checkpoint/index.js";
import { parseVerifierKey, verifierFromKey } from "../../../src/log/note/index.js";
import { createTileReader, type TileReader } from "../../../src/log/tiles/index.js";
import { getCheckpoint, getLogKey, logPrefix } from "../api/space-api.js";
import { withWebCryptoSignatures } from "../platform/crypto.js";
import { httpTileFetcher } from "./http-fetcher.js";

/** A verified view of a space's log. */
export interface OpenedLog {
  /** The verifier key (`<name>+<key id>+<base64>`). */
  readonly verifierKey: string;
  readonly keyName: string;
  readonly keyId: number;
  readonly note: string;
  readonly opened: OpenedCheckpoint;
  readonly reader: TileReader;
}

/**
 * Opens the log of `space`; `witnessKeys` are cosignature verifier keys to check cosignatures with.
 * Throws LogError when the checkpoint does not verify, with src/log's reason.
 *
 * @example const log = await openSpaceLog("stays"); log.opened.checkpoint.size
 */
export async function openSpaceLog(
  space: string,
  witnessKeys: readonly string[] = [],
): Promise<OpenedLog> {
  const [keyText, note] = await Promise.all([getLogKey(space), getCheckpoint(space)]);
  const verifierKey = keyText.trim();
  const parsed = parseVerifierKey(verifierKey);
  const logVerifier = verifierFromKey(parsed);
  const cosigners = witnessKeys.map((k) => verifierFromKey(k.trim()));
  const opened = await withWebCryptoSignatures(() =>
    openCheckpoint(note, { logVerifier, cosigners }),
  );
  const reader = createTileReader(
    { size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash },
    httpTileFetcher(logPrefix(space)),
  );
  return { verifierKey, keyName: parsed.name, keyId: parsed.keyId, note, opened, reader };
}

/**
 * Opens a checkpoint note (one of the log's history) with the log key, by WebCrypto.
 *
 * @example const { checkpoint } = await openWithKey(note, verifierKey)
 */
export function openWithKey(note: string, verifierKey: string): Promise<OpenedCheckpoint> {
  const logVerifier = verifierFromKey(verifierKey);
  return withWebCryptoSignatures(() => openCheckpoint(note, { logVerifier }));
}
