/**
 * A base64 encoder for the hashes of one batch's receipts. Receipts of a batch share most of their path
 * hashes (the same arrays of its tree: a node at height k is on the path of 2^k entries), so each is
 * encoded once, not once per receipt: in a batch of 500, ~1,000 encodings instead of ~5,000.
 */
import { encodeBase64 } from "../../log/encoding/base64.js";

/**
 * An encoder that remembers each hash's text by the hash array's identity (the tree's arrays are not
 * changed once built, so the text stays right). Use it for one batch or one read, then drop it.
 *
 * @example const encode = createHashEncoder(); receiptOf(origin, batch, tree, leaf, encode)
 */
export function createHashEncoder(): (hash: Uint8Array) => string {
  const encoded = new Map<Uint8Array, string>();
  return (hash) => {
    let text = encoded.get(hash);
    if (text === undefined) {
      text = encodeBase64(hash);
      encoded.set(hash, text);
    }
    return text;
  };
}
