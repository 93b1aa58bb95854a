/**
 * A Jobcenter's controlling page says what followed its exits (debriefing, employed on
 * leaving, in SV employment 6 months later), per instrument: a review of the users' questions
 * found these only on the ministry page and in the quarterly workbook. The overall page leaves
 * them to the ministry page (it is within 0.1 MB of 3 MB at 10^6 participations).
 */
import { describe, expect, it } from 'vitest';
import { controllingDashboard, type ControllingSource } from '../../dashboards/pages.ts';
import type { IndicatorRow } from '../../dashboards/data/indicators.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const LABELS = { instruments: { '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5 };
const rate = (ind: string, jc: string, ins: string, n: number, d: number): IndicatorRow => ({
  ind, per: '2025', date: null, yr: '2025', jc, ins, br: '*', n, d, v: n / d, lo: n / d - 0.05, hi: n / d + 0.05, s: 0, p: 0,
});
const YEAR = [
  rate('exits', '06411', '*', 40, 1), rate('integration_rate_6m', '06411', '*', 12, 40), rate('integration_rate_6m', '06411', '45_MAT', 6, 20),
  rate('debriefing_rate', '06411', '*', 30, 40), rate('employed_on_leaving_rate', '06411', '*', 9, 40),
  rate('integration_rate_6m', '06412', '*', 1, 2), rate('integration_rate_6m', '*', '*', 13, 42),
  rate('dropout_notified_before_rate', '06411', '*', 7, 20), rate('dropout_notified_before_rate', '06411', '45_MAT', 3, 10),
];
const SOURCE: ControllingSource = { year: YEAR, month: [], denominators: [], retention: [], funnel: [], limits: [], dataBegin: [], overdue: [] };

describe('after the exit, on a Jobcenter page', () => {
  it('shows the Jobcenter’s own rates per instrument, and the overall page does not carry them', async () => {
    const page = controllingDashboard(SOURCE, LABELS, '06411');
    const chart = page.charts.find((c) => c.id === 'nach-dem-austritt');
    expect(chart).toBeDefined();
    const view = await drawSpec(chart!.spec, { year: page.datasets['year'] as unknown[] });
    const tips = markItems(view, 'symbol').map((s) => s.tooltip as Record<string, string>).filter(Boolean);
    const integration = tips.filter((t) => t['Kennzahl'] === 'Eingliederungsquote (6 Monate)').map((t) => [t['Instrument'], t['Quote']]);
    expect(integration).toEqual(expect.arrayContaining([['Alle Instrumente', '30,0\u00a0%'], ['45_MAT – Maßnahme bei einem Träger', '30,0\u00a0%']]));
    expect(tips.map((t) => t['Kennzahl'])).toEqual(expect.arrayContaining(['Abschlussgespräch geführt', 'Beschäftigt bei Austritt (ESF+)']));
    // another Jobcenter's figure is not on this page
    expect((page.datasets['year'] as IndicatorRow[]).some((r) => r.jc === '06412')).toBe(false);
    const overall = controllingDashboard(SOURCE, LABELS);
    expect(overall.charts.map((c) => c.id)).not.toContain('nach-dem-austritt');
    expect((overall.datasets['year'] as IndicatorRow[]).some((r) => r.ind === 'integration_rate_6m')).toBe(false);
  });

  it('shows per instrument whether providers warned the Jobcenter before a dropout (a figure of the mart shown nowhere before)', async () => {
    const page = controllingDashboard(SOURCE, LABELS, '06411');
    const chart = page.charts.find((c) => c.id === 'abbruch-vorab-informiert');
    expect(chart).toBeDefined();
    const view = await drawSpec(chart!.spec, { year: page.datasets['year'] as unknown[] });
    const tips = markItems(view, 'symbol').map((s) => s.tooltip as Record<string, string>).filter(Boolean).map((t) => [t['Instrument'], t['Quote']]);
    expect(tips).toEqual(expect.arrayContaining([['Alle Instrumente', '35,0\u00a0%'], ['45_MAT – Maßnahme bei einem Träger', '30,0\u00a0%']]));
    expect(controllingDashboard(SOURCE, LABELS).charts.map((c) => c.id)).not.toContain('abbruch-vorab-informiert');
  });
});
