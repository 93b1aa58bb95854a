/**
 * "Which measures retain people?": the portfolio page had no retention at all; the
 * Kaplan–Meier curves of the controlling pages pool all entries. Here: the share without a
 * dropout 180 days after entry (retention_km, d180) per instrument and entry year.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: { '16i': '16i – Teilhabe am Arbeitsmarkt' }, reasons: {}, goals: {}, threshold: 5 } };
const km = (br: string, yr: string, v: number, p: 0 | 1 = 0) => ({ ind: 'retention_km', yr, jc: '*', ins: '16i', br, n: null, d: null, v, lo: null, hi: null, s: 0, p });

describe('retention by entry year (portfolio)', () => {
  it('draws the 180-day value per instrument and entry year, without a made-up denominator', async () => {
    const chart = instrumentYears(CTX, 'retention_km', 'verbleib-jahre', 'd180');
    const subtitle = ((chart.spec['title'] as { subtitle: string[] }).subtitle).join(' ');
    expect(subtitle).toMatch(/^Jahr = Eintrittsjahr; Kaplan-Meier: Anteil ohne Abbruch 180 Tage nach Eintritt/);
    const view = await drawSpec(chart.spec, { year: [km('d30', '2025', 0.97), km('d180', '2024', 0.9), km('d180', '2025', 0.955, 1)] });
    const points = markItems(view, 'symbol').filter((i) => i.datum!['ind'] !== undefined);
    expect(points.map((p) => `${String(p.datum!['br'])}/${String(p.datum!['yr'])}`).sort()).toEqual(['d180/2024', 'd180/2025']);
    const tip = points.find((p) => p.datum!['yr'] === '2025')!.tooltip!;
    expect(tip).toMatchObject({ Instrument: '16i – Teilhabe am Arbeitsmarkt', Jahr: '2025', 'Ohne Abbruch nach 180 Tagen': '95,5\u00a0%', Status: 'vorläufig' });
    expect(Object.keys(tip)).not.toContain('Nenner');
  });
});
