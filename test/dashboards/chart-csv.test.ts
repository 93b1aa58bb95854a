/**
 * A planning paper needs the numbers behind a chart, not only its picture: every chart saves
 * the figures it draws for the current selection as a CSV for Excel (semicolon, German
 * numbers as the tooltips show them, a first line with period, selection and Datenstand).
 * Only SVG and PNG could be saved; the tables' numbers had to be typed off the screen.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { providerYears } from '../../dashboards/charts/portfolio-providers.ts';
import { processFunnel } from '../../dashboards/charts/controlling.ts';
import { csvText } from '../../dashboards/html/chart-table.mjs';
import { tableRows } from '../../dashboards/html/value-table.mjs';
import { dropoutTrend } from '../../dashboards/charts/controlling.ts';
import { renderPage } from '../../dashboards/html/template.ts';
import { drawSpec } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '45_MAT' }, labels: { instruments: { '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5 } };
const funnel = (prv: string, yr: string, observed: number, expected: number, lo: number, hi: number, extra: Record<string, unknown> = {}) =>
  ({ jc: '*', prv, ins: '45_MAT', yr, exits: observed * 4, observed, expected, oe: observed / expected, lo, hi, s: 0, p: 0, ...extra });

describe('figures of a chart as CSV', () => {
  it('one line per row of the chart\'s value table, German numbers, caption first', async () => {
    const chart = providerYears(CTX);
    const view = await drawSpec(chart.spec, {
      funnel: [funnel('001118', '2025', 1093, 873.6, 1.02, 1.55), funnel('001209', '2025', 39, 50.1, 0.55, 0.96, { p: 1 }), funnel('=1+2', '2025', 10, 10, 0.5, 1.8)],
      begin: [],
    });
    const csv = csvText(tableRows((view.scenegraph() as unknown as { root: unknown }).root, chart.table), 'Jahre 2023–2026 · Alle Jobcenter · 45_MAT – Maßnahme bei einem Träger · Datenstand 30.11.2026');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\ufeffJahre 2023–2026 · Alle Jobcenter · 45_MAT – Maßnahme bei einem Träger · Datenstand 30.11.2026');
    expect(lines[1]).toBe('Träger;Austrittsjahr;Instrument;Beobachtete Abbrüche;Erwartete Abbrüche;Beobachtet ÷ erwartet;95-%-Konfidenzintervall;Austritte;Bewertung;Datenlage;Status');
    expect(lines).toContain('001118;2025;45_MAT – Maßnahme bei einem Träger;1.093;873,6;1,25;1,02 – 1,55;4.372;mehr Abbrüche als erwartet (95-%-Intervall über 1);vollständig;endgültig');
    expect(lines.find((l) => l.startsWith('001209'))).toMatch(/;vorläufig$/);
    // a value Excel would run as a formula is written as text
    expect(lines.find((l) => l.includes('1+2'))).toMatch(/^'=1\+2;/);
    expect(lines.at(-1)).toBe('');
  });

  it('writes a step shown twice (bar and label) once', async () => {
    const row = (ind: string, n: number) => ({ ind, yr: '2025', jc: '*', ins: '45_MAT', br: '*', n, d: null, v: n, lo: null, hi: null, s: 0, p: 0 });
    const chart = processFunnel(CTX);
    const view = await drawSpec(chart.spec, { year: [row('referrals', 74), row('entries', 60)] });
    const { rows } = tableRows((view.scenegraph() as unknown as { root: unknown }).root, chart.table);
    expect(rows.map((r) => r[0]).sort()).toEqual(['Eintritte', 'Zuweisungen']);
  });

  it('writes a month once: its hidden rate and its exits on one line, and a month whose exits are hidden too', async () => {
    const month = (per: string, n: number | null, d: number | null) => ({ ind: 'dropout_rate', per, date: `${per}-01`, yr: '2024', jc: '*', ins: '*', br: '*', n, d, v: n === null || d === null ? null : n / d, lo: null, hi: null, s: n === null ? 1 : 0, p: 0 });
    const den = (per: string, d: number | null) => ({ ind: 'dropout_rate', per, date: `${per}-01`, yr: '2024', jc: '*', ins: '*', br: '*', d, s: d === null ? 1 : 0, p: 0 });
    const chart = dropoutTrend({ ...CTX, defaults: { jc: '*', year: '2024', instr: '*' } });
    const view = await drawSpec(chart.spec, { month: [month('2024-01', null, null), month('2024-02', null, null), month('2024-03', 6, 20)], denominators: [den('2024-01', 15), den('2024-02', null), den('2024-03', 20)] });
    const lines = csvText(tableRows((view.scenegraph() as unknown as { root: unknown }).root, chart.table), 'c').split('\r\n').slice(2, -1);
    expect(lines.map((l) => l.split(';')[0])).toEqual(['Januar 2024', 'Februar 2024', 'März 2024']);
    expect(lines[0]).toContain('15');
  });

  it('writes the rows in the chart\'s reading order, as its value table does (the funnel came out as Abschlüsse, Abbrüche, Eintritte, …, Zuweisungen)', async () => {
    const row = (ind: string, n: number, d: number | null = null) => ({ ind, yr: '2025', jc: '*', ins: '45_MAT', br: '*', n, d, v: d ? n / d : n, lo: null, hi: null, s: 0, p: 0 });
    const chart = processFunnel(CTX);
    const view = await drawSpec(chart.spec, {
      year: [row('completion_rate', 703, 1182), row('dropout_rate', 270, 1182), row('entries', 1301), row('exits', 1182), row('no_show_rate', 150, 1292), row('positive_early_exit_rate', 170, 1182), row('referrals', 1445)],
    });
    const { rows } = tableRows((view.scenegraph() as unknown as { root: unknown }).root, chart.table);
    expect(rows.map((r) => r[0])).toEqual(['Zuweisungen', 'davon Nichtantritte', 'Eintritte', 'Austritte', 'davon Abschlüsse', 'davon vorzeitig positiv', 'davon Abbrüche']);
  });

  it('is offered next to every chart of a page', () => {
    const html = renderPage({ title: 'T', intro: 'I', notes: [], filters: [], charts: [{ id: 'traeger-jahre', title: 'Träger', description: 'D' }], payload: {} });
    expect(html).toContain('<button type="button" class="csv" data-chart="traeger-jahre" aria-label="Daten als CSV (Excel): Träger">Daten als CSV (Excel)</button>');
  });
});
