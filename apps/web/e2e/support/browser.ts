import { chromium, type Browser } from 'playwright-core';
import { findChromium } from './find-chromium';

/** Debian's Chromium (never a downloaded browser), headless, as every browser test runs it. */
export function launchChromium(log: (line: string) => void): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(log),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}
