/**
 * axe-core's WCAG 2.1 A and AA rules (BITV 2.0 / EN 301 549) over every dashboard page in
 * its filter states (one other option per select), and on a 320 px wide screen (reflow): no
 * violation. What axe cannot judge (a chart's text alternative, keyboard use, colour alone)
 * is tested beside it: value-tables, keyboard and chart-colours tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM, eachFilterState, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Violations as "rule (impact): target" lines, so a failure names what to fix. `contrast`
 * 'page' judges the contrast of every text outside the charts; 'notes' only that of the
 * notes a selection without values shows: a filter changes no colour, and the other texts
 * it changes stand in the tables, closed and so not judged in any state (the 320 px test
 * opens them). Contrast is the dearest rule (1.7 s a pass on the overall page).
 */
async function violations(page: Page, contrast: 'page' | 'notes' = 'page'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(
    async ({ tags, contrast }) => {
      type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe;
      // only violations are reported in detail: passes and incomplete results cost a
      // selector for each of thousands of nodes, which a test reading violations never uses
      const resultTypes = ['violations'];
      // Text contrast without the drawn charts: axe cannot judge text on SVG (it leaves it
      // "incomplete", at great cost); chart-colours.test.ts measures their contrast.
      const all = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'color-contrast': { enabled: false } }, resultTypes });
      // A table's rows are all styled alike (the 320 px test asserts it): its first three
      // rows judge the contrast of all (every row on the overall page: 4.8 s, these: 2.5 s).
      const wholePage = { exclude: [['.vis svg'], ['.table-box tbody tr:nth-child(n+4)']] };
      const context = contrast === 'page' ? wholePage : document.querySelector('p.empty-note:not([hidden])') ? { include: [['p.empty-note']] } : undefined;
      const judged = context ? await axe.run(context, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes }) : { violations: [] };
      return [...all.violations, ...judged.violations].flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
    },
    { tags: WCAG_AA, contrast },
  );
}

/** Rows or cells of the value tables' bodies with a class, style or font of their own. */
const styledOnTheirOwn = (page: Page) => page.$$eval('.table-box tbody [class], .table-box tbody [style], .table-box tbody font', (els) => els.length);

describe.skipIf(!run)('dashboards against WCAG 2.1 AA (axe-core)', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-axe-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('has no violation on any page in any filter state', async () => {
    const found: string[] = [];
    expect(pageKinds(pages.files)).toHaveLength(6);
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file);
      // one other option per select: the rules judge the page's structure and texts, which
      // the chosen value does not change (an axe pass takes 1.5 s; every option cost 75 s)
      await eachFilterState(page, async (state) => {
        for (const v of await violations(page, state === 'initial' ? 'page' : 'notes')) found.push(`${file} [${state}] ${v}`);
      }, 1);
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('finds real violations: a select without its label, text at 2:1, a page without language', async () => {
    const page = await pages.open('controlling-gesamt.html');
    await page.evaluate(() => {
      const select = document.querySelector('select')!;
      select.closest('label')!.replaceWith(select);
      (document.querySelector('section.chart p.desc') as HTMLElement).style.color = '#aaaaaa';
      document.documentElement.removeAttribute('lang');
    });
    const found = (await violations(page)).map((v) => v.split(' ')[0]);
    expect(new Set(found)).toEqual(new Set(['select-name', 'color-contrast', 'html-has-lang']));
    // after a filter change: the note of a selection without values, faint on its yellow
    await page.evaluate(() => {
      const note = document.createElement('p');
      note.className = 'empty-note';
      note.textContent = 'Für diese Auswahl liegen keine Werte vor.';
      note.style.color = '#e0d090';
      document.querySelector('section.chart')!.prepend(note);
    });
    expect(await violations(page, 'notes')).toContain('color-contrast (serious): .empty-note');
    // a faint row below the third of a table: not judged for contrast, but found as styled on its own
    await page.$$eval('details.values', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await styledOnTheirOwn(page)).toBe(0);
    await page.evaluate(() => ((document.querySelector('.table-box tbody tr:nth-child(5)') as HTMLElement).style.color = '#bbbbbb'));
    expect(await styledOnTheirOwn(page)).toBe(1);
  });

  it('has no violation on a 320 px wide screen, with the tables open, and does not scroll sideways', async () => {
    const found: string[] = [];
    expect(pageKinds(pages.files)).toHaveLength(6);
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file, { width: 320, height: 640 });
      await page.$$eval('details.values', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      // no row or cell of a table body styled on its own: the contrast of its first rows is that of all
      const styled = await styledOnTheirOwn(page);
      if (styled > 0) found.push(`${file} ${styled} table rows or cells styled on their own: judge their contrast too`);
      for (const v of await violations(page)) found.push(`${file} ${v}`);
      // reflow (1.4.10): the page does not scroll sideways; a chart or table may, in its own box
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) found.push(`${file} page ${width} px wide at 320 px`);
    }
    expect(found).toEqual([]);
  }, 120_000);
});
