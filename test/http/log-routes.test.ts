/**
 * The public log routes against the published tree: the served checkpoint opens with the served verifier
 * key under the space's origin; tiles and entry bundles fetched over HTTP verify with src/log's
 * createTileReader against it and give back the appended entries; inclusion and consistency proofs
 * verify with src/log; nothing beyond the latest checkpoint is served; caching and content types follow
 * what can change.
 */
import { beforeEach, expect, it } from "vitest";
import { openCheckpoint } from "../../src/log/checkpoint/index.js";
import { decodeBase64Strict } from "../../src/log/encoding/base64.js";
import { LogError } from "../../src/log/errors.js";
import { leafHash } from "../../src/log/merkle/hash.js";
import { verifyConsistency, verifyInclusion } from "../../src/log/merkle/index.js";
import { verifierFromKey } from "../../src/log/note/index.js";
import { createTileReader, type TileFetcher } from "../../src/log/tiles/index.js";
import { appendEntries } from "../../src/store/log/append-entries.js";
import { describeBackends } from "../store/support/backends.js";
import {
  addSpaceKey,
  appendAndSeal,
  entries,
  problemOfResponse,
  type TestApp,
  testAppPerTest,
} from "./support/app.js";

const SPACE = "market";
const PREFIX = `/v1/spaces/${SPACE}/log`;

describeBackends("log routes", (backend) => {
  const current = testAppPerTest(backend);
  const all = entries(SPACE, 0, 600);

  beforeEach(async () => {
    const { db, vault, signers } = current();
    await addSpaceKey(db, vault, SPACE);
    await appendAndSeal(db, signers, SPACE, all.slice(0, 300));
  });

  /** Fetches over HTTP as a remote verifier would: any answer but 200 is a missing resource. */
  function httpFetcher(t: TestApp): TileFetcher {
    return {
      async fetch(path) {
        const res = await t.app.inject({ url: `${PREFIX}/${path}` });
        if (res.statusCode !== 200) throw new LogError("missing", `${path}: ${res.statusCode}`);
        return new Uint8Array(res.rawPayload);
      },
    };
  }

  async function openServedCheckpoint(t: TestApp) {
    const key = await t.app.inject({ url: `${PREFIX}/key` });
    expect(key.statusCode).toBe(200);
    expect(key.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const note = await t.app.inject({ url: `${PREFIX}/checkpoint` });
    expect(note.statusCode).toBe(200);
    expect(note.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(note.headers["cache-control"]).toBe("no-cache");
    const logVerifier = verifierFromKey(key.body.trim());
    return openCheckpoint(note.body, { logVerifier, origin: t.signers.origin(SPACE) }).checkpoint;
  }

  it("serves a checkpoint and tiles that verify, and whose entries are the appended ones", async () => {
    const t = current();
    const checkpoint = await openServedCheckpoint(t);
    expect(checkpoint.size).toBe(300);
    const reader = createTileReader(
      { size: checkpoint.size, rootHash: checkpoint.rootHash },
      httpFetcher(t),
    );
    const indices = Array.from({ length: 300 }, (_, i) => i);
    expect(await reader.readEntries(indices)).toEqual(all.slice(0, 300));
    const [node] = await reader.get([{ level: 8, index: 0 }]);
    expect(node?.length).toBe(32);
  });

  it("serves inclusion proofs that verify against the checkpoint", async () => {
    const t = current();
    const checkpoint = await openServedCheckpoint(t);
    for (const index of [0, 1, 255, 256, 299]) {
      const res = await t.app.inject({
        url: `${PREFIX}/proof/inclusion?index=${index}&size=${checkpoint.size}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      const body = res.json() as {
        index: number;
        treeSize: number;
        leafHash: string;
        proof: string[];
      };
      const entry = all[index] ?? new Uint8Array();
      expect(decodeBase64Strict(body.leafHash)).toEqual(leafHash(entry));
      verifyInclusion({
        index,
        treeSize: body.treeSize,
        leafHash: leafHash(entry),
        proof: body.proof.map((p) => decodeBase64Strict(p)),
        root: checkpoint.rootHash,
      });
    }
  });

  it("serves consistency proofs between published checkpoints that verify", async () => {
    const t = current();
    const old = await openServedCheckpoint(t);
    await appendAndSeal(t.db, t.signers, SPACE, all.slice(300, 600));
    const now = await openServedCheckpoint(t);
    expect(now.size).toBe(600);
    const res = await t.app.inject({ url: `${PREFIX}/proof/consistency?from=300&to=600` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { from: number; to: number; proof: string[] };
    expect(body).toMatchObject({ from: 300, to: 600 });
    verifyConsistency({
      oldSize: old.size,
      newSize: now.size,
      oldRoot: old.rootHash,
      newRoot: now.rootHash,
      proof: body.proof.map((p) => decodeBase64Strict(p)),
    });
  });

  it("serves nothing beyond the latest checkpoint", async () => {
    const t = current();
    await t.db.spaceTransaction(SPACE, (w) => appendEntries(w, all.slice(300, 600)));
    expect((await openServedCheckpoint(t)).size).toBe(300);
    for (const url of [
      `${PREFIX}/tile/0/001`,
      `${PREFIX}/tile/entries/001`,
      `${PREFIX}/tile/0/001.p/100`,
      `${PREFIX}/proof/inclusion?index=1&size=301`,
      `${PREFIX}/proof/consistency?from=1&to=400`,
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(problemOfResponse(res).code).toBe("not-found");
      expect(res.headers["cache-control"]).toBe("no-store");
    }
    const notYet = await t.app.inject({ url: `/v1/spaces/empty/log/checkpoint` });
    expect(notYet.statusCode).toBe(404);
  });

  it("caches full tiles forever and partial tiles briefly, as bytes", async () => {
    const t = current();
    const full = await t.app.inject({ url: `${PREFIX}/tile/0/000` });
    expect(full.statusCode).toBe(200);
    expect(full.headers["content-type"]).toBe("application/octet-stream");
    expect(full.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(full.rawPayload.length).toBe(256 * 32);
    const partial = await t.app.inject({ url: `${PREFIX}/tile/0/001.p/44` });
    expect(partial.statusCode).toBe(200);
    expect(partial.headers["cache-control"]).toBe("public, max-age=10");
    expect(partial.rawPayload.length).toBe(44 * 32);
    const bundle = await t.app.inject({ url: `${PREFIX}/tile/entries/000` });
    expect(bundle.headers["content-type"]).toBe("application/octet-stream");
    expect(bundle.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const head = await t.app.inject({ method: "HEAD", url: `${PREFIX}/tile/0/000` });
    expect(head.statusCode).toBe(200);
  });

  it("refuses bad paths and sizes with 400 problems", async () => {
    const { app } = current();
    for (const [url, code] of [
      [`${PREFIX}/tile/0/x`, "malformed"],
      [`${PREFIX}/tile/0/001.p/0`, "malformed"],
      [`${PREFIX}/tile/entries/${"x001/".repeat(20)}000`, "invalid-input"],
      [`${PREFIX}/proof/inclusion?index=300&size=300`, "out-of-range"],
      [`${PREFIX}/proof/inclusion?index=-1&size=300`, "invalid-input"],
      [`${PREFIX}/proof/inclusion?index=1`, "invalid-input"],
      [`${PREFIX}/proof/consistency?from=20&to=10`, "out-of-range"],
      [`/v1/spaces/not%20an%20id/log/checkpoint`, "invalid-input"],
    ] as const) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(problemOfResponse(res).code, url).toBe(code);
    }
  });
});
