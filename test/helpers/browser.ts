/**
 * Debian's headless Chromium for the browser tests (no browser download is possible here).
 * CHROMIUM_PATH picks another build. Without one a laptop skips the browser files; under CI a
 * missing browser is a failure (`.ci/run` installs it).
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
export const describeBrowser = HAS_CHROMIUM || process.env.CI ? describe : describe.skip;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
