import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: npm test installs it (infra/bin/test.sh). CHROMIUM_PATH points elsewhere, e.g. on a developer's Mac. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The machine's network is closed: without the background-networking flags
 * Chromium's own connections (component updates, sync, QUIC probes) are
 * refused and slow everything down. Playwright adds its fresh temporary
 * profile (--user-data-dir) itself.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, or fails saying how to install it: a missing browser must never pass as a skipped journey. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. npm test installs it when run as root (infra/bin/test.sh); ` +
        'otherwise run `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  // Generous: a cold Chromium start on a loaded 2-core machine takes a while.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 120_000 });
}
