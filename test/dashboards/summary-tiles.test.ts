/**
 * The controlling pages open with the year's key figures for the selection (a visual review:
 * thirteen charts and no figure at the top). Each tile is the mart's row for the selected
 * Jobcenter, year and instrument — never a figure computed on the page.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { summaryTiles } from '../../dashboards/charts/summary.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '06411', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

const row = (ind: string, jc: string, yr: string, ins: string, n: number | null, d: number | null, p = 0) => ({
  ind, per: yr, date: null, yr, jc, ins, br: '*', n, d, v: n === null ? null : d === null ? n : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p,
});
const overdue = (jc: string, ins: string, date: string, n: number | null) => ({
  ind: 'reports_overdue', per: date, date: `${date.slice(0, 7)}-01`, yr: date.slice(0, 4), jc, ins, br: '*', n, d: null, v: n, lo: null, hi: null, s: n === null ? 1 : 0, p: 1,
});

const YEAR = [
  row('entries', '06411', '2025', '*', 142, null), row('exits', '06411', '2025', '*', 138, null),
  { ...row('days_referral_to_entry_median', '06411', '2025', '*', null, null), s: 0 as const, v: 18.5 },
  row('dropout_rate', '06411', '2025', '*', 28, 138), row('completion_rate', '06411', '2025', '*', 78, 138, 1),
  // another year, another Jobcenter, an instrument: not the selection
  row('entries', '06411', '2024', '*', 99, null), row('entries', '06412', '2025', '*', 7, null), row('entries', '06411', '2025', '16k', 3, null),
  row('dropout_rate', '06411', '2025', '16k', null, null),
];
const MONTH = [overdue('06411', '*', '2026-06-30', 30), overdue('06411', '*', '2026-09-30', 47), overdue('06411', '16k', '2026-09-30', null)];

async function tiles(instr = '*', begin: unknown[] = []) {
  const spec = summaryTiles(CTX).spec;
  const params = (spec['params'] as { name: string; value: string }[]).map((p) => (p.name === 'f_instr' ? { ...p, value: instr } : p));
  const view = await drawSpec({ ...spec, params }, { year: YEAR, month: MONTH, begin });
  const byLabel = new Map<string, Record<string, string>>();
  for (const t of markItems(view, 'text')) {
    const d = t.datum as Record<string, string>;
    byLabel.set(d['label']!, { big: d['big']!, counts: d['counts']!, flag: d['flag']! });
  }
  return byLabel;
}

describe('key figures at the top of a controlling page', () => {
  it('show the selected Jobcenter and year: counts, rates with numerator and denominator, overdue at the latest date', async () => {
    const t = await tiles();
    expect(t.get('Eintritte')).toEqual({ big: '142', counts: '', flag: '' });
    expect(t.get('Austritte')?.big).toBe('138');
    // a median of an even count is the mean of the middle two: shown as it is, not rounded to 19
    expect(t.get('Tage bis Eintritt')).toEqual({ big: '18,5', counts: 'Median ab Zuweisung', flag: '' });
    expect(t.get('Abbruchquote')).toEqual({ big: '20,3\u00a0%', counts: '28 von 138', flag: '' });
    expect(t.get('Abschlussquote')).toEqual({ big: '56,5\u00a0%', counts: '78 von 138', flag: 'vorläufig' });
    expect(t.get('Überfällige Berichte')).toEqual({ big: '47', counts: 'zum Datenstand', flag: 'vorläufig' });
  });

  it('follow the instrument filter and mark a hidden figure as hidden', async () => {
    const t = await tiles('16k');
    expect(t.get('Eintritte')?.big).toBe('3');
    expect(t.get('Abbruchquote')).toMatchObject({ big: '•', counts: 'unterdrückt' });
    expect(t.get('Überfällige Berichte')).toMatchObject({ big: '•', counts: 'unterdrückt' });
    // no row for the instrument's exits: the tile stays empty rather than borrowing another's
    expect(t.has('Austritte')).toBe(false);
  });

  it('say "Datenlage unvollständig" on the exit tiles of a year before the data hold every stay, as the funnel below does', async () => {
    // 06411's exits are complete from 2026: its 2025 exits miss the long stays begun before the data
    const t = await tiles('*', [{ key: '06411|*|*', fy: 2026, cf: '01.04.2023' }]);
    expect(t.get('Abbruchquote')?.flag).toBe('Daten unvollständig');
    expect(t.get('Austritte')?.flag).toBe('Daten unvollständig');
    // entries of that year are all in the data
    expect(t.get('Eintritte')?.flag).toBe('');
  });
});
