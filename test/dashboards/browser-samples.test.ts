/**
 * The dashboards of the bundled samples (ingest → models → dashboards, the real chain) in
 * headless Chromium: every page renders, without console errors or requests, and every
 * chart draws marks (bars, lines, points, or the labels that stand in for suppressed cells).
 */
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsOutside } from '../helpers/texts-outside.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { requireApp } from '../helpers/require-app.ts';
import { CHROMIUM, openTab, type Tab } from '../helpers/chromium.ts';
import { sampleStore, tempDir } from '../hardening/helpers.ts';

const run = requireApp(CHROMIUM, 'chromium');
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboards-samples');

describe.skipIf(!run)('dashboards of the bundled samples in a browser', () => {
  const tmp = tempDir('almp-dash-samples-');
  let db: Db;
  let tab: Tab;
  let pages: string[];

  beforeAll(async () => {
    db = await sampleStore(join(tmp.dir, 'almp.duckdb'));
    const results = await writeDashboards(db, { outDir: tmp.dir, formats: ['html'] }, quietEffects());
    expect(results.filter((r) => r.status !== 'success')).toEqual([]);
    pages = readdirSync(join(tmp.dir, 'dashboards')).filter((f) => f.endsWith('.html'));
    mkdirSync(ARTIFACTS, { recursive: true });
    tab = await openTab();
  }, 180_000);
  afterAll(async () => {
    await tab?.close();
    db?.close();
    tmp.cleanup();
  });

  it('links every page to the others: the overall pages everywhere, the Jobcenters\' pages from the controlling pages, each link to a page written', async () => {
    const url = (file: string) => pathToFileURL(join(tmp.dir, 'dashboards', file)).href;
    for (const file of pages) {
      const { page } = await tab.visit(url(file));
      const links = await page.$$eval('header nav a', (as) => as.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent!, current: a.getAttribute('aria-current') })));
      expect(links.every((l) => pages.includes(l.href)), file).toBe(true);
      expect(links.filter((l) => l.current === 'page').map((l) => l.href), file).toEqual([file]);
      const jobcenterPages = pages.filter((p) => p.startsWith('controlling-jobcenter-'));
      const expected = ['controlling-gesamt.html', 'land-ministerium.html', 'portfolioplanung.html', 'portfolioplanung-traeger.html', 'portfolioplanung-massnahmen.html', ...(file.startsWith('controlling-') ? jobcenterPages : [])];
      expect(links.map((l) => l.href).sort(), file).toEqual(expected.sort());
    }
    // a Jobcenter's link names it as its list does
    const { page } = await tab.visit(url('controlling-gesamt.html'));
    expect(await page.$$eval('header nav a', (as) => as.map((a) => a.textContent))).toContain('Jobcenter Darmstadt (06411)');
  });

  it('renders every page with marks in every chart, no console errors or warnings, no requests', async () => {
    // overall controlling, one per Jobcenter (2 in the samples), ministry, portfolio (3 pages)
    expect(pages).toHaveLength(7);
    for (const file of pages) {
      const { page, problems, warnings } = await tab.visit(pathToFileURL(join(tmp.dir, 'dashboards', file)).href);
      expect(await page.getAttribute('body', 'data-rendered'), file).toBe('true');
      const counts = await page.$$eval('div.vis', (divs) =>
        divs.map((d) => ({ id: d.id, marks: d.querySelectorAll('svg g[class*="mark-"] path, svg g[class*="mark-"] rect, svg g[class*="mark-"] line, svg g[class*="mark-text"] text').length })),
      );
      expect(counts.length, file).toBeGreaterThanOrEqual(1);
      for (const c of counts) expect(c.marks, `${file} ${c.id}`).toBeGreaterThan(0);
      // vega's warnings too (e.g. conflicting scale domains of two layers)
      expect([...problems, ...warnings], file).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, file.replace('.html', '.png')), fullPage: true });
    }
  });

  it('after filter changes: every label drawn whole (the view kept its first size: "178" read "1"), one instrument\'s overdue reports shown', async () => {
    const { page } = await tab.visit(pathToFileURL(join(tmp.dir, 'dashboards', 'controlling-gesamt.html')).href);
    for (const [select, value] of [['#filter-year', '2023'], ['#filter-year', '2024'], ['#filter-jc', '06412'], ['#filter-year', '2026']] as const) {
      await page.selectOption(select, value);
      await page.waitForTimeout(300);
      expect(await textsOutside(page), `${select}=${value}`).toEqual([]);
    }
    // one instrument on the overall page: overdue reports of that instrument over all
    // Jobcenters (the chart was empty, although 45_AVGS had 12 overdue reports)
    await page.selectOption('#filter-jc', '*');
    await page.selectOption('#filter-instr', '45_AVGS');
    await page.waitForTimeout(300);
    expect(await page.$eval('#chart-berichte-ueberfaellig', (el) => [...el.querySelectorAll('svg g[class*="mark-rect"] path')].length)).toBeGreaterThan(0);
    // a Kaplan–Meier curve tells its day and the people at risk where it is hovered (vega
    // showed day 0 of the curve anywhere on its line)
    await page.selectOption('#filter-instr', '*');
    await page.waitForTimeout(300);
    const points = await page.$$('#chart-verbleib-kaplan-meier svg g[class*="mark-symbol"] path');
    expect(points.length).toBeGreaterThan(10);
    await points[Math.floor(points.length / 2)]!.hover({ force: true });
    await page.waitForTimeout(300);
    const tip = await page.$eval('#vg-tooltip-element', (e) => e.textContent ?? '');
    expect(tip).toContain('Unter Risiko');
    expect(tip).not.toMatch(/Tag0(?!\d)/);
  });
});
