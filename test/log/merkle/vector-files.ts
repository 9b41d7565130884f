/**
 * Reads the RFC 9162 proof vectors of ../shared (transparency-dev/merkle testdata). Test helper.
 *
 * Seven files hold 64-bit integers (e.g. 18446744073709551615) that JSON.parse would round to a nearby
 * double, so integers are turned into strings before parsing and read back as BigInt.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeBase64Strict } from "../../../src/log/encoding/base64.js";

export const MERKLE_VECTORS = fileURLToPath(
  new URL("../../../../shared/vectors/merkle/", import.meta.url),
);
export const vectorsPresent = existsSync(MERKLE_VECTORS);
export const SKIP_MESSAGE = `../shared/vectors/merkle is absent (${MERKLE_VECTORS}): vector tests skipped`;

export interface InclusionVector {
  readonly file: string;
  readonly leafIdx: bigint;
  readonly treeSize: bigint;
  readonly root: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly desc: string;
  readonly wantErr: boolean;
}

export interface ConsistencyVector {
  readonly file: string;
  readonly size1: bigint;
  readonly size2: bigint;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly desc: string;
  readonly wantErr: boolean;
}

/** Every .json file under `kind` (inclusion or consistency), recursively, as paths relative to it. */
export function vectorFiles(kind: "inclusion" | "consistency"): string[] {
  if (!vectorsPresent) return [];
  const root = join(MERKLE_VECTORS, kind);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json")) found.push(relative(MERKLE_VECTORS, path));
    }
  };
  walk(root);
  return found.sort();
}

export function readInclusionVector(file: string): InclusionVector {
  const raw = readVectorJson(file);
  return {
    file,
    leafIdx: bigIntField(raw, "leafIdx"),
    treeSize: bigIntField(raw, "treeSize"),
    root: bytesField(raw, "root"),
    leafHash: bytesField(raw, "leafHash"),
    proof: proofField(raw),
    desc: String(raw.desc),
    wantErr: booleanField(raw, "wantErr"),
  };
}

export function readConsistencyVector(file: string): ConsistencyVector {
  const raw = readVectorJson(file);
  return {
    file,
    size1: bigIntField(raw, "size1"),
    size2: bigIntField(raw, "size2"),
    root1: bytesField(raw, "root1"),
    root2: bytesField(raw, "root2"),
    proof: proofField(raw),
    desc: String(raw.desc),
    wantErr: booleanField(raw, "wantErr"),
  };
}

/**
 * The number handed to the library for a vector integer. Above 2^53 − 1 the double is already rounded
 * (and is no safe integer), which is exactly what the verifiers must refuse.
 */
export function sizeArgument(n: bigint): number {
  return Number(n);
}

function readVectorJson(file: string): Record<string, unknown> {
  const text = readFileSync(join(MERKLE_VECTORS, file), "utf8");
  return JSON.parse(quoteIntegers(text)) as Record<string, unknown>;
}

/** Wraps every number outside a string in quotes, so that no digit is lost to a double. */
export function quoteIntegers(json: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const ch = json[i] as string;
    if (inString) {
      out += ch;
      if (ch === "\\") out += json[++i] ?? "";
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (/[-0-9]/.test(ch)) {
      let j = i;
      while (j < json.length && /[-+0-9.eE]/.test(json[j] as string)) j += 1;
      out += `"${json.slice(i, j)}"`;
      i = j - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

function bigIntField(raw: Record<string, unknown>, name: string): bigint {
  const v = raw[name];
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw new Error(`${name} is not an integer: ${v}`);
  return BigInt(v);
}

function bytesField(raw: Record<string, unknown>, name: string): Uint8Array {
  const v = raw[name];
  if (typeof v !== "string") throw new Error(`${name} is not a base64 string`);
  return decodeBase64Strict(v, name);
}

function booleanField(raw: Record<string, unknown>, name: string): boolean {
  const v = raw[name];
  if (typeof v !== "boolean") throw new Error(`${name} is not a boolean`);
  return v;
}

function proofField(raw: Record<string, unknown>): Uint8Array[] {
  const v = raw.proof;
  if (v === null) return [];
  if (!Array.isArray(v)) throw new Error("proof is neither null nor an array");
  return v.map((p, i) => {
    if (typeof p !== "string") throw new Error(`proof[${i}] is not a base64 string`);
    return decodeBase64Strict(p, `proof[${i}]`);
  });
}
