/**
 * Debian's Chromium driven by playwright-core, which downloads no browser: /usr/bin/chromium (installed
 * by .ci/run when missing), headless, without sandbox or GPU, every background service off, in a new
 * empty profile each time. When Chromium is not there, the browser tests are skipped and say why.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = process.env.FABRIQUE_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export const CHROMIUM_SKIP_REASON = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does it): browser tests skipped`;

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context and how to close it (and remove its profile). */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium in a new empty profile; `locale` sets the browser's language.
 *
 * @example const { context, close } = await openBrowser(); const page = await context.newPage()
 */
export async function openBrowser(options: { readonly locale?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "fabrique-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: options.locale ?? "en-GB",
    timezoneId: "Europe/Paris",
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
