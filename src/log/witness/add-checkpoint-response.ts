/**
 * Responses to a tlog-witness `add-checkpoint` request (c2sp.org/tlog-witness §add-checkpoint), as a
 * closed union of what the spec defines:
 *
 * | status | kind                | when (spec)                                                        |
 * |--------|---------------------|--------------------------------------------------------------------|
 * | 200    | `cosigned`          | all checks pass; body: one or more note signature lines (cosignatures) |
 * | 400    | `bad-request`       | old size greater than the checkpoint size (and unparseable bodies)  |
 * | 403    | `forbidden`         | no signature verifies against a key trusted for the origin          |
 * | 404    | `unknown-origin`    | the checkpoint origin is unknown to the witness                     |
 * | 409    | `old-size-mismatch` | old size is not the latest cosigned size; body `<size>\n`, Content-Type `text/x.tlog.size` |
 * | 409    | `conflict`          | same size as the latest cosigned checkpoint but another root hash (no body defined) |
 * | 422    | `invalid-proof`     | the consistency proof does not verify                               |
 * | other  | `other`             | parse only: any status the spec does not define                     |
 *
 * Pure: no HTTP here, only status, content type and body. Parser of untrusted bytes. Limits: a 200 body
 * is at most MAX_NOTE_SIZE bytes and MAX_SIGNATURES lines; a size body at most MAX_SIZE_BODY bytes;
 * error messages are cut to MAX_ERROR_MESSAGE characters.
 */
import { parseTreeSize } from "../checkpoint/checkpoint.js";
import { LogError } from "../errors.js";
import {
  formatSignatureLine,
  MAX_NOTE_SIZE,
  MAX_SIGNATURES,
  type NoteSignature,
  parseSignatureLine,
} from "../note/index.js";
import { assertNoControlCharacters, decodeUtf8 } from "../note/utf8.js";

/** Content type of a 409 body holding the witness's latest cosigned size. */
export const TLOG_SIZE_CONTENT_TYPE = "text/x.tlog.size";

/** Content type used for every other body (the spec does not name one). */
export const TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

/** Longest `text/x.tlog.size` body accepted, in bytes (a 64-bit size is at most 20 digits). */
export const MAX_SIZE_BODY = 32;

/** Longest error message kept from an error body, in characters. */
export const MAX_ERROR_MESSAGE = 4096;

/** An add-checkpoint response, by meaning. */
export type AddCheckpointResponse =
  | { readonly kind: "cosigned"; readonly cosignatures: readonly NoteSignature[] }
  | { readonly kind: "old-size-mismatch"; readonly latestSize: number }
  | { readonly kind: "conflict"; readonly message: string }
  | { readonly kind: "bad-request"; readonly message: string }
  | { readonly kind: "forbidden"; readonly message: string }
  | { readonly kind: "unknown-origin"; readonly message: string }
  | { readonly kind: "invalid-proof"; readonly message: string }
  | { readonly kind: "other"; readonly status: number; readonly message: string };

/** An HTTP response, without HTTP. */
export interface WireResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * The HTTP status of a response.
 *
 * @example addCheckpointStatus({ kind: "invalid-proof", message: "" }) // 422
 */
export function addCheckpointStatus(response: AddCheckpointResponse): number {
  switch (response.kind) {
    case "cosigned":
      return 200;
    case "bad-request":
      return 400;
    case "forbidden":
      return 403;
    case "unknown-origin":
      return 404;
    case "old-size-mismatch":
    case "conflict":
      return 409;
    case "invalid-proof":
      return 422;
    case "other":
      return response.status;
  }
}

/**
 * Formats a response as status, content type and body.
 *
 * @example formatAddCheckpointResponse({ kind: "old-size-mismatch", latestSize: 8 }) // { status: 409, contentType: "text/x.tlog.size", body: "8\n" }
 */
export function formatAddCheckpointResponse(response: AddCheckpointResponse): WireResponse {
  const status = addCheckpointStatus(response);
  switch (response.kind) {
    case "cosigned":
      return {
        status,
        contentType: TEXT_CONTENT_TYPE,
        body: formatCosignatureLines(response.cosignatures),
      };
    case "old-size-mismatch":
      return {
        status,
        contentType: TLOG_SIZE_CONTENT_TYPE,
        body: formatSizeBody(response.latestSize),
      };
    case "conflict":
    case "bad-request":
    case "forbidden":
    case "unknown-origin":
    case "invalid-proof":
    case "other":
      return { status, contentType: TEXT_CONTENT_TYPE, body: `${response.message}\n` };
  }
}

/**
 * Parses a witness's response to add-checkpoint.
 *
 * @example parseAddCheckpointResponse(409, "text/x.tlog.size", "8\n") // { kind: "old-size-mismatch", latestSize: 8 }
 */
export function parseAddCheckpointResponse(
  status: number,
  contentType: string | undefined,
  body: string | Uint8Array,
): AddCheckpointResponse {
  switch (status) {
    case 200:
      return { kind: "cosigned", cosignatures: parseCosignatureLines(body) };
    case 409:
      return mediaTypeOf(contentType) === TLOG_SIZE_CONTENT_TYPE
        ? { kind: "old-size-mismatch", latestSize: parseSizeBody(body) }
        : { kind: "conflict", message: errorMessage(body) };
    case 400:
      return { kind: "bad-request", message: errorMessage(body) };
    case 403:
      return { kind: "forbidden", message: errorMessage(body) };
    case 404:
      return { kind: "unknown-origin", message: errorMessage(body) };
    case 422:
      return { kind: "invalid-proof", message: errorMessage(body) };
    default:
      return { kind: "other", status, message: errorMessage(body) };
  }
}

/**
 * Parses a 200 body: one or more note signature lines, each ending in a newline.
 *
 * @example parseCosignatureLines("— witness.example/w1 CMp+…==\n")[0].name // "witness.example/w1"
 */
export function parseCosignatureLines(body: string | Uint8Array): NoteSignature[] {
  const { text } = decodeUtf8(body, MAX_NOTE_SIZE, "cosignature response");
  assertNoControlCharacters(text, "cosignature response");
  if (text.length === 0 || !text.endsWith("\n")) {
    throw new LogError("malformed", "cosignature response is empty or does not end in a newline");
  }
  const lines = text.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) {
    throw new LogError("too-large", `cosignature response has more than ${MAX_SIGNATURES} lines`);
  }
  return lines.map(parseSignatureLine);
}

/**
 * Formats a 200 body from cosignatures (at least one).
 *
 * @example formatCosignatureLines(signText(checkpointText, [cosigner]))
 */
export function formatCosignatureLines(cosignatures: readonly NoteSignature[]): string {
  if (cosignatures.length === 0)
    throw new LogError("malformed", "a 200 response carries a cosignature");
  if (cosignatures.length > MAX_SIGNATURES) {
    throw new LogError("too-large", `a response carries at most ${MAX_SIGNATURES} cosignatures`);
  }
  return cosignatures.map((s) => `${formatSignatureLine(s)}\n`).join("");
}

function formatSizeBody(size: number): string {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new LogError("malformed", `latest size ${size} is not a non-negative safe integer`);
  }
  return `${size}\n`;
}

function parseSizeBody(body: string | Uint8Array): number {
  const { text } = decodeUtf8(body, MAX_SIZE_BODY, "text/x.tlog.size body");
  if (!text.endsWith("\n"))
    throw new LogError("malformed", "text/x.tlog.size body does not end in a newline");
  return parseTreeSize(text.slice(0, -1), "latest size");
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

// Error bodies are for people: decode leniently, keep at most MAX_ERROR_MESSAGE characters.
function errorMessage(body: string | Uint8Array): string {
  const text =
    typeof body === "string"
      ? body.slice(0, MAX_ERROR_MESSAGE)
      : new TextDecoder().decode(body.subarray(0, MAX_ERROR_MESSAGE * 4));
  return text.slice(0, MAX_ERROR_MESSAGE).trimEnd();
}
