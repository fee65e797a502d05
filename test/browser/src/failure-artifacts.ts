import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

/** test/browser/test-results/ (git-ignored): where a failed journey leaves its screenshots and browser logs. */
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

/** What a page printed (console messages, uncaught errors, failed requests), kept for the failure report and for assertions. */
export function recordPageLog(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
  page.on('requestfailed', (request) => lines.push(`[requestfailed] ${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  return lines;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

/**
 * Call at the start of a test: if it fails, every open page is saved as
 * <test>-<page>.png (full page) with its log in <test>-<page>.log, and the
 * platform's process output in <test>-services.log.
 */
export function saveArtifactsOnFailure(pages: () => Map<string, { page: Page; log: string[] }>, serviceOutput: () => string): void {
  onTestFailed(async ({ task }) => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const prefix = `${RESULTS_DIR}${slug(task.name)}`;
    for (const [name, { page, log }] of pages()) {
      if (page.isClosed()) continue;
      await page
        .screenshot({ path: `${prefix}-${name}.png`, fullPage: true, timeout: 30_000 })
        .catch((error: Error) => log.push(`[screenshot failed] ${error.message}`));
      writeFileSync(`${prefix}-${name}.log`, `${page.url()}\n${log.join('\n')}\n`);
    }
    writeFileSync(`${prefix}-services.log`, serviceOutput());
    console.error(`browser journey failed: screenshots and logs in ${RESULTS_DIR}`);
  });
}
