/**
 * The headless Chromium every browser test drives (Debian package `chromium`), with the one
 * tab a test file opens its pages in.
 */
import type { Browser, Page } from 'playwright-core';

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

export interface Viewport {
  width: number;
  height: number;
}

export const DESKTOP: Viewport = { width: 1400, height: 1000 };

/** One opening of a page, with what the page reported while it was open. */
export interface Visit {
  readonly page: Page;
  /** Console errors, uncaught errors, failed requests and requests for anything but file:, data: and blob: URLs. */
  readonly problems: string[];
  /** Console warnings (vega-lite's, e.g. two layers with conflicting scale domains). */
  readonly warnings: string[];
}

/**
 * A browser with one tab, in which a test file opens its pages one after another, as a
 * reader does: each opening is a new document (scripts, focus and filters start afresh).
 * A new tab for each page cost a renderer process and a compile of the page's inline
 * libraries every time: keyboard.test.ts took 122 s of CPU that way, 43–53 s in one tab
 * (axe.test.ts 112 → 57–58 s; 2026-12-07, 2-core AMD EPYC).
 */
export interface Tab {
  /**
   * Opens `url` at `viewport`, the pointer at the top-left corner (not over a chart the
   * last page left it on), and waits until the page says it has drawn or failed
   * (body[data-rendered] "true" or "error").
   */
  visit(url: string, viewport?: Viewport): Promise<Visit>;
  close(): Promise<void>;
}

export async function openTab(): Promise<Tab> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage({ viewport: DESKTOP });
  let current: Visit = { page, problems: [], warnings: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') current.problems.push(`error: ${m.text()}`);
    if (m.type() === 'warning') current.warnings.push(`warning: ${m.text()}`);
  });
  page.on('pageerror', (e) => current.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => current.problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => void (/^(file|data|blob):/.test(r.url()) || current.problems.push(`request: ${r.url()}`)));
  return {
    async visit(url, viewport = DESKTOP) {
      const size = page.viewportSize();
      if (size?.width !== viewport.width || size.height !== viewport.height) await page.setViewportSize(viewport);
      await page.mouse.move(0, 0);
      current = { page, problems: [], warnings: [] };
      await page.goto(url);
      await page.waitForSelector('body[data-rendered="true"], body[data-rendered="error"]', { timeout: 30_000 });
      return current;
    },
    close: () => browser.close(),
  };
}
