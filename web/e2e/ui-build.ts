/**
 * The built UI the browser tests and the screenshot script serve: web/dist when it is newer than every
 * source of the UI (what `npm run build` made), otherwise a fresh build into a temporary folder, so a
 * test never runs a stale UI and never rewrites web/dist under a running server.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = resolve(WEB, "..");

/**
 * A folder holding the current UI build.
 *
 * @example const webDir = await builtUiDir()
 */
export async function builtUiDir(): Promise<string> {
  const dist = join(WEB, "dist");
  const index = join(dist, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return dist;
  const outDir = mkdtempSync(join(tmpdir(), "fabrique-web-"));
  await build({
    configFile: join(WEB, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

// The page bundles web/src and the parts of src/ it imports: any newer file there means a stale build.
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of [
    join(WEB, "src"),
    join(REPO, "src", "log"),
    join(REPO, "src", "domain"),
    join(REPO, "src", "audit"),
  ]) {
    walk(dir);
  }
  for (const file of [join(WEB, "index.html"), join(WEB, "vite.config.ts")]) {
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}
