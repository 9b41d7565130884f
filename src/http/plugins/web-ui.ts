/**
 * The web UI (web/, issue 7): the single-page app Vite builds into web/dist, served at `/` on the API's
 * port, so `npm start` shows it. index.html is revalidated on every load (no-cache); the files under
 * assets/ carry a content hash in their names and never change (immutable).
 *
 * The pages get their own Content-Security-Policy in place of the API's `default-src 'none'`: scripts,
 * styles, images and API calls from this origin only, no inline script, no framing, nothing submitted
 * elsewhere. Routes are made for the files present when the server starts (`wildcard: false`), so the
 * UI never shadows an API path; a server started before `npm run build` answers `/` with a 503 problem
 * saying how to build the UI.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { HttpError } from "../errors/http-error.js";

/** Where `npm run build` puts the UI: web/dist at the repository's root (from src/ and from dist/). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/** The policy of the UI's pages. */
export const WEB_UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/**
 * Serves the built UI from `dir` (default web/dist) at `/`; `null` turns the UI off.
 *
 * @example await installWebUi(app, { dir: DEFAULT_WEB_DIR })
 */
export async function installWebUi(
  app: FastifyInstance,
  options: { readonly dir: string | null },
): Promise<void> {
  const { dir } = options;
  if (dir === null) return;
  await app.register(async (ui) => {
    ui.addHook("onSend", async (_request, reply, payload) => {
      reply.header("content-security-policy", WEB_UI_CSP);
      return payload;
    });
    if (!existsSync(join(dir, "index.html"))) {
      ui.get("/", { schema: { hide: true } }, async () => {
        throw new HttpError(
          "unavailable",
          `the web UI is not built (no ${join(dir, "index.html")}): run \`npm run build\``,
        );
      });
      return;
    }
    await ui.register(fastifyStatic, {
      root: dir,
      prefix: "/",
      wildcard: false,
      decorateReply: false,
      index: "index.html",
      cacheControl: false,
      dotfiles: "ignore",
      setHeaders(res, path) {
        res.setHeader("cache-control", path.includes("/assets/") ? IMMUTABLE : REVALIDATE);
      },
    });
  });
}
