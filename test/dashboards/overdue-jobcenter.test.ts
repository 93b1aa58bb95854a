/**
 * A user review: on the overall controlling page „Überfällige Abschlussberichte“ ignored the
 * Jobcenter filter (it listed every Jobcenter whichever was chosen), and with an instrument it
 * showed the Land's total. It now shows the chosen Jobcenter's count, for the chosen
 * instrument too, each as the mart has it — Jobcenter and instrument together included,
 * although the page otherwise holds no Jobcenter × instrument rows.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { CHROMIUM, openTab, type Tab } from '../helpers/chromium.ts';
import { requireApp } from '../helpers/require-app.ts';
import { FIXTURE_AS_OF } from './fixture-marts.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const run = requireApp(CHROMIUM, 'chromium');

/** The mart's overdue counts at the cut-off: Jobcenter, instrument, count, hidden. 06412 and 06413 have no exit of 16i. */
const COUNTS: [string, string, number, boolean][] = [
  ['*', '*', 60, false], ['06411', '*', 19, false], ['06412', '*', 28, false], ['06413', '*', 13, false],
  ['*', '45_MAT', 20, false], ['06411', '45_MAT', 7, false], ['06412', '45_MAT', 9, false], ['06413', '45_MAT', 4, true],
  ['*', '16i', 11, false], ['06411', '16i', 11, false],
];
const HIDDEN = 'unterdrückt (kleine Fallzahl)';

describe.skipIf(!run)('overdue reports on the overall controlling page', () => {
  let fx: FixtureDb;
  let tab: Tab;
  let page: Page;
  let problems: string[];
  let names: Record<string, string>;

  beforeAll(async () => {
    fx = await openFixtureDb('almp-overdue-jobcenter-');
    await fx.db.run(`DELETE FROM mart.indicator_values WHERE indicator = 'reports_overdue'`);
    const rows = COUNTS.map(([jc, ins, n, hidden]) => `('reports_overdue', 'stichtag', '${FIXTURE_AS_OF}', '${jc}', '*', '${ins}', '*', '*', ${n}, NULL, ${n}, NULL, NULL, ${hidden}, false, DATE '${FIXTURE_AS_OF}')`);
    await fx.db.run(`INSERT INTO mart.indicator_values VALUES ${rows.join(', ')}`);
    await writeDashboards(fx.db, { outDir: fx.dir, formats: ['html'] }, quietEffects());
    tab = await openTab();
    ({ page, problems } = await tab.visit(pathToFileURL(join(fx.dir, 'dashboards', 'controlling-gesamt.html')).href));
    expect(await page.getAttribute('body', 'data-rendered')).toBe('true');
    names = Object.fromEntries(await page.$$eval('#filter-jc option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? ''])));
  });
  afterAll(async () => {
    await tab?.close();
    fx?.close();
  });

  /** The chart's value table after choosing Jobcenter and instrument: Jobcenter, count, status per row. */
  async function shown(jc: string, instr: string): Promise<string[][]> {
    for (const [select, value] of [['#filter-jc', jc], ['#filter-instr', instr]] as const) {
      if ((await page.$eval(select, (s) => (s as HTMLSelectElement).value)) === value) continue;
      await page.selectOption(select, value);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    }
    return page.$$eval('#values-berichte-ueberfaellig tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  }
  const row = (jc: string, n: string, status = 'endgültig') => [names[jc]!, n, status];

  it('shows each Jobcenter over all instruments, and the chosen Jobcenter alone when one is chosen', async () => {
    expect((await shown('*', '*')).sort()).toEqual([row('06411', '19'), row('06412', '28'), row('06413', '13')].sort());
    // 06412's own count, not the list of all three (nor the Land's 60)
    expect(await shown('06412', '*')).toEqual([row('06412', '28')]);
  });

  it('shows the chosen Jobcenter and instrument together, from the mart, a hidden count as hidden', async () => {
    expect(await shown('06412', '45_MAT')).toEqual([row('06412', '9')]);
    // the key figure at the top reads the same row (it had none for the pair)
    const tile = await page.$$eval('#values-auf-einen-blick tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')).filter((r) => r[0] === 'Überfällige Berichte'));
    expect(tile.map((r) => r[1])).toEqual(['9']);
    expect(await shown('06413', '45_MAT')).toEqual([row('06413', '–', HIDDEN)]);
    expect(await page.$$eval('#chart-berichte-ueberfaellig svg text', (ts) => ts.map((t) => t.textContent))).toContain('• unterdrückt');
    // no exit of 16i in 06413: no figure, and the chart says so
    expect(await shown('06413', '16i')).toEqual([]);
    expect(await page.textContent('#values-berichte-ueberfaellig')).toContain('Keine Werte für diese Auswahl');
  });

  it('shows every Jobcenter\'s count of the chosen instrument with all Jobcenters', async () => {
    expect((await shown('*', '45_MAT')).sort()).toEqual([row('06411', '7'), row('06412', '9'), row('06413', '–', HIDDEN)].sort());
    expect(await shown('*', '16i')).toEqual([row('06411', '11')]);
    expect(problems).toEqual([]);
  });

  it('says in its caption that it follows both filters', async () => {
    const subtitle = await page.$$eval('#chart-berichte-ueberfaellig svg .role-title-subtitle text', (ts) => ts.map((t) => t.textContent).join(' '));
    expect(subtitle).toContain('gefiltert nach Jobcenter und Instrument, auch beide zusammen');
  });
});
