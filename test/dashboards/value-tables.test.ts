/**
 * Every chart's figures stand in a table under it (WCAG 1.1.1: a chart is an image; a
 * screen reader, a keyboard or a magnifier cannot hover its tooltips). For every page and
 * every filter state, each chart that draws values has a table with a caption, column and
 * row headers, and every figure it draws from the data is in one row of the table, in
 * German format, with "unterdrückt" and "vorläufig" where the chart marks them. The figures
 * are read from the drawn items' data and formatted here, not taken from the tooltips the
 * table is made of.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requireApp } from '../helpers/require-app.ts';
import { type BrowserPages, browserPages, CHROMIUM, eachFilterState, pageKinds } from './browser-pages.ts';

const run = requireApp(CHROMIUM, 'chromium');

/** A chart as the page shows it: the data of its drawn items and its table. */
interface ChartState {
  id: string;
  title: string;
  data: Record<string, unknown>[];
  table: { caption: string; columns: string[]; rowHeaders: number[]; rows: string[][] } | null;
  emptyNote: string | null;
}

async function chartStates(page: Page): Promise<ChartState[]> {
  return page.evaluate(() => {
    const views = (window as unknown as { almpViews: Record<string, { scenegraph(): { root: unknown } }> }).almpViews;
    type Mark = { marktype: string; role?: string; items: { items?: Mark[]; datum?: Record<string, unknown> }[] };
    return Object.entries(views).map(([id, view]) => {
      const data: Record<string, unknown>[] = [];
      const walk = (mark: Mark) => {
        if (mark.marktype === 'group') mark.items.forEach((g) => (g.items ?? []).forEach(walk));
        else if (mark.role === 'mark') mark.items.forEach((i) => i.datum && data.push({ ...i.datum }));
      };
      walk(view.scenegraph().root as Mark);
      const section = document.getElementById(`chart-${id}`)!.closest('section')!;
      const table = section.querySelector('details.values table');
      return {
        id,
        title: section.querySelector('h2')!.textContent ?? '',
        data,
        table: table && {
          caption: table.querySelector('caption')?.textContent ?? '',
          columns: [...table.querySelectorAll('thead th[scope="col"]')].map((th) => th.textContent ?? ''),
          rowHeaders: [...table.querySelectorAll('tbody tr')].map((tr) => tr.querySelectorAll('th[scope="row"]').length),
          rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')),
        },
        emptyNote: section.querySelector('details.values p')?.textContent ?? null,
      };
    });
  });
}

/** Numbers written in German in a row: "1.234", "41,7 %", "3.829 €", "0,37". */
function germanNumbers(row: string[]): { value: number; percent: boolean }[] {
  const out: { value: number; percent: boolean }[] = [];
  for (const cell of row) {
    for (const m of cell.matchAll(/(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(\u00a0%)?/g)) {
      const value = Number(m[1]!.replace(/\./g, '') + (m[2] ? `.${m[2].slice(1)}` : ''));
      out.push({ value: m[3] ? value / 100 : value, percent: Boolean(m[3]) });
    }
  }
  return out;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The figures a data row shows, with the rounding the chart writes them with. */
function figures(d: Record<string, unknown>): { name: string; value: number; percent: boolean; tolerance: number }[] {
  const out: { name: string; value: number; percent: boolean; tolerance: number }[] = [];
  const add = (name: string, percent: boolean, tolerance: number) => {
    const value = d[name];
    if (isNum(value)) out.push({ name, value, percent, tolerance });
  };
  const cost = String(d['ind'] ?? '').startsWith('cost_');
  // v is a rate where it has a denominator (a funnel count step's v is the count itself)
  if (cost) add('v', false, 0.5);
  else if (isNum(d['d'])) add('v', true, 0.0005);
  add('n', false, 0);
  add('d', false, 0);
  add('survival', true, 0.0005);
  add('at_risk', false, 0);
  // a provider's row of the funnel data ('exits' elsewhere is a helper for ordering measures,
  // and measure rows name their provider too)
  if ('observed' in d) {
    add('observed', false, 0);
    add('exits', false, 0);
    add('oe', false, 0.005);
  }
  add('cost_per_participant', false, 0.5);
  add('cost_per_successful_exit', false, 0.5);
  return out;
}

/** A table row read once: its numbers and its text. */
interface ReadRow {
  readonly numbers: { value: number; percent: boolean }[];
  readonly text: string;
}

function rowShows({ numbers, text }: ReadRow, d: Record<string, unknown>): boolean {
  const hidden = d['s'] === 1 || d['c'] === 1;
  return (
    figures(d).every((f) => numbers.some((n) => n.percent === f.percent && Math.abs(n.value - f.value) <= f.tolerance + 1e-9)) &&
    (!hidden || text.includes('unterdrückt')) &&
    (d['p'] !== 1 || hidden || text.includes('vorläufig'))
  );
}

describe.skipIf(!run)('every chart has its values as a table', () => {
  let pages: BrowserPages;
  beforeAll(async () => {
    pages = await browserPages('almp-value-tables-');
  });
  afterAll(async () => {
    await pages?.close();
  });

  it('in every filter state, each figure drawn from the data is in a row of the chart\'s table', async () => {
    expect(pages.files).toHaveLength(8);
    let checked = 0;
    // each kind of page once: the second Jobcenter's page is the first's template with other data
    for (const file of pageKinds(pages.files)) {
      const page = await pages.open(file);
      // one other option per select shows the tables following a filter, as in the axe test
      // (three: 40 s → 33 s alone, two: 53 s of a clean-clone CI near its 10-minute budget)
      await eachFilterState(page, async (state) => {
        for (const chart of await chartStates(page)) {
          const where = `${file} [${state}] ${chart.id}`;
          // rows of the marts: not the funnel plot's control limits and reference line
          const drawn = chart.data.filter((d) => !('limit' in d) && !('one' in d));
          if (drawn.length === 0) {
            expect(chart.table === null ? chart.emptyNote : 'table', where).toMatch(/^Keine Werte/);
            continue;
          }
          expect(chart.table, where).not.toBeNull();
          const table = chart.table!;
          expect(table.caption, where).toContain(chart.title);
          expect(table.caption, where).toMatch(/Datenstand \d\d\.\d\d\.\d{4}/);
          expect(table.columns.length, where).toBeGreaterThanOrEqual(2);
          for (const headers of table.rowHeaders) expect(headers, where).toBeGreaterThanOrEqual(1);
          // each row parsed once (the Kaplan–Meier tables have hundreds of rows and points)
          const read = table.rows.map((row) => ({ numbers: germanNumbers(row), text: row.join(' ') }));
          const missing = drawn.filter((d) => !read.some((row) => rowShows(row, d)));
          expect(missing.length, `${where}: ${JSON.stringify(missing[0])} in\n${table.rows.map((r) => r.join(' | ')).join('\n')}`).toBe(0);
          checked += drawn.length;
        }
      }, 1);
    }
    expect(checked).toBeGreaterThan(1000);
  }, 300_000);
});
