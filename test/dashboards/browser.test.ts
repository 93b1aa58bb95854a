/**
 * Opens every dashboard in headless Chromium (offline, from file://) and checks what a
 * person would see: no console errors, no request leaves the file, every chart draws marks,
 * and changing a filter changes what is drawn. Screenshots go to test-artifacts/.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { requireApp } from '../helpers/require-app.ts';
import { CHROMIUM, openTab, type Tab } from '../helpers/chromium.ts';
import { textsOutside } from '../helpers/texts-outside.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const run = requireApp(CHROMIUM, 'chromium');
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboards');

let fx: FixtureDb;
let tab: Tab;
let pages: string[];

describe.skipIf(!run)('dashboards in a browser', () => {
  beforeAll(async () => {
    fx = await openFixtureDb('almp-dash-browser-');
    await writeDashboards(fx.db, { outDir: fx.dir, formats: ['html'] }, quietEffects());
    pages = readdirSync(join(fx.dir, 'dashboards')).filter((f) => f.endsWith('.html'));
    mkdirSync(ARTIFACTS, { recursive: true });
    tab = await openTab();
  });
  afterAll(async () => {
    await tab?.close();
    fx?.close();
  });

  const open = (file: string) => tab.visit(pathToFileURL(join(fx.dir, 'dashboards', file)).href);

  /** Per chart: number of drawn marks (paths, rects, symbols, text in mark groups). */
  const markCounts = (page: import('playwright-core').Page) =>
    page.$$eval('div.vis', (divs) =>
      divs.map((d) => ({
        id: d.id,
        marks: d.querySelectorAll('svg g[class*="mark-"] path, svg g[class*="mark-"] rect, svg g[class*="mark-"] line').length,
      })),
    );

  it('renders every dashboard without errors or requests, with marks in every chart', async () => {
    expect(pages).toHaveLength(8);
    for (const file of pages) {
      const { page, problems } = await open(file);
      expect(await page.getAttribute('body', 'data-rendered'), file).toBe('true');
      expect(problems, file).toEqual([]);
      const counts = await markCounts(page);
      expect(counts.length, file).toBeGreaterThanOrEqual(1);
      for (const c of counts) expect(c.marks, `${file} ${c.id}`).toBeGreaterThan(0);
      // every chart is an image named by its description (chart-alternative.test.ts reads the tree)
      const labels = await page.$$eval('div.vis .chart-wrapper', (ws) => ws.map((w) => [w.getAttribute('role'), document.getElementById(w.getAttribute('aria-labelledby') ?? '')?.textContent ?? '']));
      for (const [role, label] of labels) expect([role, (label ?? '').length > 20], file).toEqual(['img', true]);
      await page.screenshot({ path: join(ARTIFACTS, file.replace('.html', '.png')), fullPage: true });
    }
  });

  it('redraws with different data when a filter changes (year, Jobcenter, instrument)', async () => {
    const { page, problems } = await open('controlling-gesamt.html');
    const snapshot = () => page.$$eval('div.vis', (divs) => divs.map((d) => d.querySelector('svg')?.innerHTML ?? ''));
    for (const [select, value] of [
      ['#filter-year', '2023'],
      ['#filter-jc', '06411'],
      ['#filter-instr', '16i'],
    ] as const) {
      const before = await snapshot();
      if (select === '#filter-instr') await page.selectOption('#filter-jc', '*');
      await page.selectOption(select, value);
      await page.waitForTimeout(300);
      const after = await snapshot();
      const changed = after.filter((svg, i) => svg !== before[i]).length;
      expect(changed, `${select}=${value}`).toBeGreaterThanOrEqual(3);
      // a label the new selection lengthened is drawn whole (the view used to keep the size
      // of its first drawing and cut it: "10" read "1")
      expect(await textsOutside(page), `${select}=${value}`).toEqual([]);
    }
    // the export menu speaks German
    expect(await page.$$eval('.vega-actions a', (as) => [...new Set(as.map((a) => a.textContent))])).toEqual(['Als SVG speichern', 'Als PNG speichern']);
    // German formats in the drawn text: decimal comma and percent with a space
    const text = await page.$$eval('div.vis svg text', (ts) => ts.map((t) => t.textContent ?? '').join(' '));
    expect(text).toMatch(/\d+,\d\s%/);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'controlling-gesamt-filtered.png'), fullPage: true });
  });
  it('points to the Jobcenter\'s own page when a Jobcenter and an instrument are chosen on the overall page (which holds such rows only for the overdue reports)', async () => {
    const { page, problems } = await open('controlling-gesamt.html');
    expect(await page.isVisible('#combo-note')).toBe(false);
    await page.selectOption('#filter-jc', '06411');
    await page.selectOption('#filter-instr', '45_MAT');
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    expect(await page.isVisible('#combo-note')).toBe(true);
    expect(await page.getAttribute('#combo-note a', 'href')).toBe('controlling-jobcenter-06411.html');
    expect(await page.textContent('#combo-note')).toContain('Jobcenter und Instrument zusammen: die Werte je Instrument zeigt die Seite des Jobcenters (hier nur die überfälligen Abschlussberichte');
    await page.selectOption('#filter-instr', '*');
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    expect(await page.isVisible('#combo-note')).toBe(false);
    expect(problems).toEqual([]);
  });

  it('saves a chart from its menu with a line naming period, selection and Datenstand', async () => {
    const { page, problems } = await open('controlling-gesamt.html');
    await page.selectOption('#filter-year', '2023');
    await page.selectOption('#filter-jc', '06411');
    await page.waitForTimeout(300);
    const jobcenter = await page.$eval('#filter-jc', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
    const chart = page.locator('#chart-abbruchquote-monatlich');
    const drawnHeight = Number(await chart.locator('svg').first().getAttribute('height'));
    await chart.locator('summary').click();
    const saved: Record<string, Buffer> = {};
    for (const [label, ext] of [['Als SVG speichern', 'svg'], ['Als PNG speichern', 'png']] as const) {
      const link = chart.locator('.vega-actions a', { hasText: label });
      // the menu makes the image on mousedown, then the click downloads it
      await link.dispatchEvent('mousedown');
      await page.waitForFunction((el) => el!.getAttribute('href') !== '#', await link.elementHandle());
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(`controlling-gesamt_abbruchquote-monatlich.${ext}`);
      saved[ext] = readFileSync((await download.path())!);
      writeFileSync(join(ARTIFACTS, `menu-export.${ext}`), saved[ext]);
    }
    const caption = /<text[^>]*class="almp-caption"[^>]*>([^<]*)<\/text>/.exec(saved['svg']!.toString('utf8'))?.[1];
    expect(caption).toBe(`Monate Januar 2021 bis Dezember 2023 · ${jobcenter} · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung`);
    // the PNG is the chart plus one line of caption, at twice the screen's pixels (IHDR height at byte 20)
    expect(saved['png']!.readUInt32BE(20)).toBe((drawnHeight + 20) * 2);
    expect(problems).toEqual([]);
  });

  it('saves the figures of a chart as CSV for the selection shown', async () => {
    const { page, problems } = await open('portfolioplanung-traeger.html');
    await page.selectOption('#filter-instr', '45_MAT');
    await page.waitForTimeout(300);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.csv[data-chart="traeger-jahre"]')]);
    expect(download.suggestedFilename()).toBe('portfolioplanung-traeger_traeger-jahre.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    writeFileSync(join(ARTIFACTS, 'traeger-jahre.csv'), csv);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\ufeffJahre 2023–2025 · Alle Jobcenter · 45_MAT – Maßnahme bei einem Träger · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(lines[1]).toMatch(/^Träger;Austrittsjahr;Instrument;Beobachtete Abbrüche;/);
    // providers of 45_MAT only, German numbers
    expect(lines.slice(2).filter(Boolean).every((l) => l.includes(';45_MAT – Maßnahme bei einem Träger;'))).toBe(true);
    expect(lines.slice(2).some((l) => /;\d+,\d{2};/.test(l))).toBe(true);
    expect(problems).toEqual([]);
  });
});
