/**
 * The credentials this browser holds (issue 6, portable reputation): each reputation credential the
 * member requested on a My data page, with its holder key, kept in IndexedDB so that the page of another
 * space of the same server can present it there as a prior. The private key stays a non-extractable
 * CryptoKey: IndexedDB stores it by structured clone (WebCrypto), it can sign a key binding here and
 * can never be read out, not even by this page. Nothing leaves the browser but a presentation the member
 * chose to make; "Forget" deletes the credential and its key.
 */
import type { HolderKey } from "./holder.js";

/** A credential kept in this browser with the key it is bound to. */
export interface KeptCredential {
  /** `<space>#<status index>`: unique per issued credential. */
  readonly id: string;
  /** The space that issued it. */
  readonly space: string;
  /** As issued: the issuer-signed JWT and every disclosure (RFC 9901 §4). */
  readonly credential: string;
  readonly claims: readonly {
    readonly claim: string;
    readonly value: unknown;
    readonly disclosure: string;
  }[];
  /** Seconds since the epoch (the credential's exp). */
  readonly expiresAt: number;
  readonly key: HolderKey;
  /** Milliseconds since the epoch. */
  readonly keptAt: number;
}

const DB_NAME = "fabrique-wallet";
const STORE = "credentials";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB cannot be opened"));
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB refused the change"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB aborted the change"));
    });
  } finally {
    db.close();
  }
}

/**
 * Keeps `credential` (replacing one of the same id).
 *
 * @example await keepCredential({ id: "market#3", space: "market", credential, claims, expiresAt, key, keptAt: Date.now() })
 */
export async function keepCredential(credential: KeptCredential): Promise<void> {
  await run("readwrite", (s) => s.put(credential));
}

/**
 * Every credential kept in this browser, the newest first; [] where IndexedDB is not available (a
 * private window may refuse it).
 *
 * @example const held = await keptCredentials()
 */
export async function keptCredentials(): Promise<KeptCredential[]> {
  if (typeof indexedDB === "undefined") return [];
  const all = await run("readonly", (s) => s.getAll() as IDBRequest<KeptCredential[]>);
  return all.sort((a, b) => b.keptAt - a.keptAt);
}

/**
 * Deletes the credential `id` and its key from this browser.
 *
 * @example await forgetCredential("market#3")
 */
export async function forgetCredential(id: string): Promise<void> {
  await run("readwrite", (s) => s.delete(id));
}
