/**
 * A hidden figure is marked, a shown one drawn: a suppressed rate (3 dropouts of 15 exits)
 * used to take its denominator with it, so the exits bar was empty for months of 15 exits,
 * and a hidden month or at-risk count left nothing behind (read as 0 or as no data).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { View } from 'vega';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { activationRates, atRisk, dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { exitsTable } from '../../dashboards/charts/ministry.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { controllingDashboard, loadDashboardSource } from '../../dashboards/pages.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2024', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

const month = (ind: string, per: string, n: number | null, d: number | null, p: 0 | 1 = 0) => ({
  ind, per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*',
  n, d, v: n === null || d === null ? (n === null ? null : n) : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p,
});
const denominator = (ind: string, per: string, d: number | null) => ({ ind, per, date: `${per}-01`, yr: per.slice(0, 4), jc: '*', ins: '*', br: '*', d, s: d === null ? 1 : 0, p: 0 });

/** The marks of hidden rows of a series in the strip: symbols in the series' shape, whose status says unterdrückt. */
const stripSymbols = (view: View) => markItems(view, 'symbol').filter((i) => i.tooltip?.['Status']?.startsWith('unterdrückt'));

describe('monthly rate trend', () => {
  it('draws a denominator that is not small under a hidden rate, and marks hidden months and hidden denominators', async () => {
    const rows = [month('dropout_rate', '2024-01', null, null), month('dropout_rate', '2024-02', 6, 20), month('dropout_rate', '2024-03', null, null)];
    const denominators = [denominator('dropout_rate', '2024-01', 15), denominator('dropout_rate', '2024-02', 20), denominator('dropout_rate', '2024-03', null)];
    const def = dropoutTrend(CTX);
    expect(def.datasets).toContain('denominators');
    const view = await drawSpec(def.spec, { month: rows, denominators });
    // the bars (not the ground of the strip the hidden marks stand in)
    const bars = markItems(view, 'rect').filter((i) => 'per' in i.datum!).map((i) => [i.datum!['per'], i.datum!['d']]);
    expect(bars).toEqual([['2024-01', 15], ['2024-02', 20]]);
    const marks = markItems(view, 'text').filter((i) => i.text === '•').map((i) => `${String(i.datum!['per'])}:${'n' in i.datum! ? 'rate' : 'den'}`);
    expect(marks.sort()).toEqual(['2024-01:rate', '2024-03:den', '2024-03:rate']);
    expect(JSON.stringify(def.spec['title'])).toContain('• = unterdrückt (kleine Fallzahl)');
  });
});

describe('at-risk participants', () => {
  it('mark a month with 1–4 people at risk instead of leaving it like 0', async () => {
    const rows = [month('participants_active', '2024-01', 40, null), month('at_risk_participants', '2024-01', null, null), month('participants_active', '2024-02', 41, null), month('at_risk_participants', '2024-02', 0, null)];
    const view = await drawSpec(atRisk(CTX).spec, { month: rows });
    const marks = markItems(view, 'text').filter((i) => i.text === '•').map((i) => `${String(i.datum!['per'])}/${String(i.datum!['ind'])}`);
    expect(marks).toEqual(['2024-01/at_risk_participants']);
    // both counts are participations (a person in two measures counts twice), as the notes say; the axis read "Personen"
    const axisTitles = JSON.stringify(atRisk(CTX).spec).match(/"quantitative","title":"[^"]*"/g);
    expect(axisTitles).toEqual(['"quantitative","title":"Teilnahmen"']);
  });
});

describe('activation rates (several series)', () => {
  it('mark a hidden month of one series in that series, keeping one legend', async () => {
    const rows = [
      month('activation_rate_aq1', '2024-01', 40, 400), month('activation_rate_ltr', '2024-01', null, null),
      month('activation_rate_aq1', '2024-02', 42, 400), month('activation_rate_ltr', '2024-02', 6, 90),
    ];
    const def = activationRates(CTX);
    const view = await drawSpec(def.spec, { month: rows });
    // a series' mark is its point shape in the strip (hidden-strip.test.ts), its status unterdrückt
    const marks = stripSymbols(view).map((i) => `${String(i.datum!['per'])}/${String(i.datum!['ind'])}`);
    expect(marks).toEqual(['2024-01/activation_rate_ltr']);
    // and the subtitle says so: no "•" is drawn
    expect((def.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toContain('Zeichen einer Kennzahl im Streifen „unterdrückt“ = unterdrückt (kleine Fallzahl)');
    expect(compile(def.spec as unknown as TopLevelSpec).spec.legends).toHaveLength(1);
  });
});

describe('embedded denominators', () => {
  let fx: FixtureDb;
  beforeAll(async () => {
    fx = await openFixtureDb('almp-dash-hidden-');
  });
  afterAll(() => fx.close());

  it('carry the denominator of a hidden rate unless it is small itself, and never a small one', async () => {
    // a month without exits: the mart has exits = 0 and no dropout rate
    await fx.db.run(
      `INSERT INTO mart.indicator_values BY NAME SELECT 'exits' AS indicator, 'month' AS period_type, '2024-02' AS period, '*' AS jobcenter_id, '*' AS provider_id,
         '16h' AS instrument, '*' AS measure_id, '*' AS breakdown, 0 AS numerator, 0 AS value, false AS suppressed, false AS provisional, DATE '2026-09-30' AS as_of`,
    );
    const page = controllingDashboard(await loadDashboardSource(fx.db), await loadCodeLabels(fx.db));
    const rows = page.datasets['denominators']!;
    const truth = await fx.db.json<{ ind: string; per: string; jc: string; ins: string; den: number; suppressed: boolean }>(
      `SELECT indicator AS ind, period AS per, jobcenter_id AS jc, instrument AS ins, denominator AS den, suppressed FROM mart.indicator_values
       WHERE period_type = 'month' AND indicator IN ('dropout_rate', 'report_on_time_rate', 'attendance_rate') AND provider_id = '*' AND measure_id = '*' AND breakdown = '*'
       UNION ALL -- a month without exits: no dropout rate or report timeliness, its bar 0 exits
       SELECT unnest(['dropout_rate', 'report_on_time_rate']), period, jobcenter_id, instrument, 0, false FROM mart.indicator_values
       WHERE period_type = 'month' AND indicator = 'exits' AND numerator = 0 AND provider_id = '*' AND measure_id = '*' AND breakdown = '*'`,
    );
    for (const rate of ['dropout_rate', 'report_on_time_rate']) {
      expect(rows.filter((r) => r['ind'] === rate && r['d'] === 0).map((r) => [r['per'], r['ins'], r['s']]), rate).toContainEqual(['2024-02', '16h', 0]);
    }
    const byKey = new Map(truth.map((t) => [`${t.ind}|${t.per}|${t.jc}|${t.ins}`, t]));
    let shownUnderHiddenRate = 0;
    for (const r of rows) {
      const t = byKey.get(`${String(r['ind'])}|${String(r['per'])}|${String(r['jc'])}|${String(r['ins'])}`)!;
      const small = t.den >= 1 && t.den < 5;
      expect(r['d'], JSON.stringify(r)).toBe(small ? null : t.den);
      expect(r['s']).toBe(small ? 1 : 0);
      if (t.suppressed && !small) shownUnderHiddenRate++;
    }
    expect(shownUnderHiddenRate).toBeGreaterThan(0);
  });
});

describe('portfolio years by instrument', () => {
  it('mark a hidden year under the axis and break the line there instead of drawing through it', async () => {
    const year = (yr: string, n: number | null, d: number | null) => ({
      ind: 'dropout_rate', per: yr, date: null, yr, jc: '*', ins: '16i', br: '*', n, d, v: n === null || d === null ? null : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p: 0,
    });
    const def = instrumentYears({ ...CTX, labels: { instruments: { '16i': '16i' }, reasons: {}, goals: {}, threshold: 5 } }, 'dropout_rate', 'abbruch-jahre');
    const view = await drawSpec(def.spec, { year: [year('2023', 10, 40), year('2024', null, null), year('2025', 12, 30)] });
    expect(stripSymbols(view).map((i) => i.datum!['yr'])).toEqual(['2024']);
    // the two shown years are not joined: no line segment spans the hidden one
    const lines = markItems(view, 'line');
    expect(lines.map((i) => [i.datum!['yr'], (i as { defined?: boolean }).defined !== false])).toEqual([['2023', true], ['2024', false], ['2025', true]]);
    const subtitle = (def.spec['title'] as { subtitle: string[] }).subtitle.join(' ');
    expect(subtitle).toContain('Zeichen eines Instruments im Streifen „unterdrückt“ = unterdrückt (kleine Fallzahl)');
  });
});

describe('count table (exits by Jobcenter and instrument)', () => {
  it('a hidden cell says "• unterdrückt" in its tooltip, never "null"; the column is named as what it is', async () => {
    const cell = (ins: string, n: number | null) => ({ ind: 'exits', yr: '2024', per: '2024', jc: '*', ins, br: '*', n, d: null, v: n, lo: null, hi: null, s: n === null ? 1 : 0, c: 0, p: 0 });
    const def = exitsTable(CTX, { '*': 'Land gesamt' }, { '*': 'Summe', '16i': '16i' });
    const view = await drawSpec(def.spec, { year: [cell('*', 1234), cell('16i', null)] });
    const tooltips = markItems(view, 'rect').map((i) => i.tooltip!);
    expect(tooltips).toEqual([
      { 'Jobcenter': 'Land gesamt', 'Instrument': 'Summe', 'Anzahl': '1.234', 'Status': 'endgültig' },
      { 'Jobcenter': 'Land gesamt', 'Instrument': '16i', 'Anzahl': '• unterdrückt', 'Status': 'unterdrückt (kleine Fallzahl)' },
    ]);
  });
});
