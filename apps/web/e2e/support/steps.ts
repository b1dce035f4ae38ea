import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { WORKSPACE } from './processes';

/**
 * Named test steps with screenshots: `NN-<step>.png` after each step and `FAILED-<step>.png`
 * when one fails, under tmp/e2e-screenshots/<suite>/ (git-ignored; one folder per test file so
 * suites never delete each other's pictures).
 */
export function createSteps(suite: string, currentPage: () => Page | undefined, log: (line: string) => void) {
  const folder = join(WORKSPACE, 'tmp/e2e-screenshots', suite);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  let shot = 0;

  // A tall viewport rather than `fullPage: true`: Chromium's full-page capture keeps the layout
  // of the small viewport, so the sticky Save bar would be drawn across the middle of the form.
  async function capture(page: Page, path: string) {
    const size = page.viewportSize();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (!size || height <= size.height) return page.screenshot({ path });
    await page.setViewportSize({ width: size.width, height: Math.min(height, 8000) });
    try {
      return await page.screenshot({ path });
    } finally {
      await page.setViewportSize(size);
    }
  }

  return async function step(name: string, body: () => Promise<void>): Promise<void> {
    log(`step: ${name}`);
    try {
      await body();
      shot += 1;
      const page = currentPage();
      if (page) await capture(page, join(folder, `${String(shot).padStart(2, '0')}-${name}.png`));
    } catch (error) {
      const failed = join(folder, `FAILED-${name}.png`);
      const page = currentPage();
      if (page) await capture(page, failed).catch(() => undefined);
      throw new Error(`step "${name}" failed (screenshot: ${relative(WORKSPACE, failed)}): ${(error as Error).message}`);
    }
  };
}
