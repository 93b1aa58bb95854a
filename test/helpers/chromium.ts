/** The headless Chromium every browser test drives (Debian package `chromium`). */
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * No GPU, no network beyond the page, no first-run work. V8 single-threaded: on 2 cores
 * shared by three test files its compile and GC threads only compete with the page's own
 * thread (the same dashboard loads with ~8 % less renderer CPU; the page's script runs alike).
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--js-flags=--single-threaded',
];

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
