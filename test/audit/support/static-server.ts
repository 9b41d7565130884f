/**
 * A static file server for tests: serves directories under URL prefixes (`/a/` → one directory), like
 * any web server hosting a C2SP static log, and records the paths it was asked for. Prefixes can be
 * re-pointed while it runs, to serve two views of a log (a split view) and swap them.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

export interface StaticServer {
  /** The base URL for `prefix`, e.g. http://127.0.0.1:1234/a */
  url(prefix: string): string;
  /** Serves `dir` under `/<prefix>/`. */
  mount(prefix: string, dir: string): void;
  /** Paths requested under `prefix` since the last call (relative to the prefix). */
  takeRequests(prefix: string): string[];
  close(): Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  const mounts = new Map<string, string>();
  const requests = new Map<string, string[]>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const [, prefix = "", ...rest] = path.split("/");
    const dir = mounts.get(prefix);
    const relative = rest.join("/");
    requests.set(prefix, [...(requests.get(prefix) ?? []), relative]);
    if (dir === undefined || normalize(relative).startsWith("..")) {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(join(dir, relative)).catch(() => undefined);
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (prefix) => `http://127.0.0.1:${port}/${prefix}`,
    mount: (prefix, dir) => {
      mounts.set(prefix, dir);
    },
    takeRequests(prefix) {
      const taken = requests.get(prefix) ?? [];
      requests.set(prefix, []);
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
