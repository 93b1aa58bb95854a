/**
 * The fixture dashboards open in headless Chromium, for the accessibility tests: the pages
 * written once, one tab, each page opened in it from file:// and waited for, and the filter
 * states a reader can reach (each option of each select, one select at a time).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';
import { DESKTOP, openTab, type Viewport } from '../helpers/chromium.ts';

export { CHROMIUM } from '../helpers/chromium.ts';

export interface BrowserPages {
  readonly files: string[];
  /** The page in the file's one tab: the next open() replaces it. */
  open(file: string, viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

export async function browserPages(prefix: string): Promise<BrowserPages> {
  const fx: FixtureDb = await openFixtureDb(prefix);
  await writeDashboards(fx.db, { outDir: fx.dir, formats: ['html'] }, quietEffects());
  const files = readdirSync(join(fx.dir, 'dashboards')).filter((f) => f.endsWith('.html'));
  const tab = await openTab();
  return {
    files,
    async open(file, viewport = DESKTOP) {
      const { page, problems } = await tab.visit(pathToFileURL(join(fx.dir, 'dashboards', file)).href, viewport);
      const rendered = await page.getAttribute('body', 'data-rendered');
      if (rendered !== 'true') throw new Error(`${file} did not draw (data-rendered="${rendered}"): ${problems.join('; ')}`);
      return page;
    },
    async close() {
      await tab.close();
      fx.close();
    },
  };
}

/**
 * Walks a page through its filter states: the state it opens in, then each option of each
 * select (at most `perSelect`), calling `visit` with a name for the state once the charts
 * have redrawn.
 */
export async function eachFilterState(page: Page, visit: (state: string) => Promise<void>, perSelect = 3): Promise<void> {
  await visit('initial');
  const selects = await page.$$eval('select', (ss) => ss.map((s) => ({ id: s.id, current: (s as HTMLSelectElement).value, values: [...(s as HTMLSelectElement).options].map((o) => o.value) })));
  for (const { id, current, values } of selects) {
    // options other than the one the page opened with (choosing that again changes nothing)
    for (const value of values.filter((v) => v !== current).slice(0, perSelect)) {
      await page.selectOption(`#${id}`, value);
      // the page script marks the body while charts and tables redraw
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      await visit(`${id}=${value}`);
    }
  }
}

/** Each kind of page once: the Jobcenters' pages are one template with other data (a page takes seconds in the slower tests). */
export function pageKinds(files: readonly string[]): string[] {
  const firstJobcenter = files.find((f) => f.startsWith('controlling-jobcenter-'));
  return files.filter((f) => !f.startsWith('controlling-jobcenter-') || f === firstJobcenter);
}
