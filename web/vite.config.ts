/**
 * The web UI's build (`npm run build` runs `vite build --config web/vite.config.ts`): a React single-page
 * app in web/src, built into web/dist, which the server serves at `/` (src/http/plugins/web-ui.ts).
 *
 * The page reuses src/log and src/domain as they are (checkpoints, tiles, inclusion proofs, log
 * entries). Three modules of theirs reach Node (node:crypto, Buffer); `browserPlatform` swaps each for
 * its browser twin in web/src/platform, and fails the build if anything else the page imports needs a
 * Node built-in.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const WEB = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(WEB, "..");

/** Node modules of src/ → their browser twins. */
export const BROWSER_TWINS: Readonly<Record<string, string>> = {
  [resolve(REPO, "src/log/crypto.ts")]: resolve(WEB, "src/platform/crypto.ts"),
  [resolve(REPO, "src/log/encoding/base64.ts")]: resolve(WEB, "src/platform/base64.ts"),
  [resolve(REPO, "src/domain/base64url.ts")]: resolve(WEB, "src/platform/base64url.ts"),
};

function browserPlatform(): Plugin {
  return {
    name: "fabrique-browser-platform",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source.startsWith("node:")) {
        this.error(`${importer ?? "?"} imports ${source}, which the browser does not have`);
      }
      if (importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null) return null;
      const twin = BROWSER_TWINS[resolved.id];
      // The twins import the rest of src/ themselves (LogError): only imports from src/ are swapped.
      return twin !== undefined && !importer.startsWith(resolve(WEB, "src/platform")) ? twin : null;
    },
  };
}

export default defineConfig({
  root: WEB,
  base: "/",
  plugins: [browserPlatform(), react()],
  build: {
    outDir: resolve(WEB, "dist"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API of a local `fabrique serve`.
    proxy: { "/v1": "http://127.0.0.1:8080" },
  },
});
