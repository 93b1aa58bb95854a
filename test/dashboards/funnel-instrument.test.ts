/**
 * The provider funnel plot answers "which providers of instrument X drop out more than
 * their participant mix predicts": with an instrument selected it shows each provider's
 * observed ÷ expected within that instrument (mart.dropout_funnel, provider × instrument).
 * It showed the providers' ratios over all their instruments whatever the filter said,
 * while every other chart of the page followed it.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { providerFunnelPlot } from '../../dashboards/charts/curves.ts';
import { loadFunnel } from '../../dashboards/data/curves.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { controllingDashboard, loadDashboardSource } from '../../dashboards/pages.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { openFixtureDb } from './setup.ts';

const ctx = (instr: string): ChartContext => ({ bound: new Set(), defaults: { jc: '*', year: '2025', instr }, labels: { instruments: { '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5 } });

const row = (prv: string, ins: string, observed: number, expected: number) =>
  ({ jc: '*', prv, ins, yr: '2025', exits: 300, observed, expected, oe: observed / expected, lo: 0.8, hi: 1.3, s: 0, p: 0 });
const FUNNEL = [row('P1', '*', 90, 100), row('P2', '*', 40, 50), row('P1', '45_MAT', 30, 20), row('P1', '16i', 60, 80), row('P2', '45_MAT', 40, 50)];
const LIMITS = [{ expected: 1, lower_95: 0, upper_95: 3, lower_998: 0, upper_998: 4 }, { expected: 120, lower_95: 0.8, upper_95: 1.2, lower_998: 0.7, upper_998: 1.3 }];

async function points(instr: string) {
  const view = await drawSpec(providerFunnelPlot(ctx(instr)).spec, { funnel: FUNNEL, limits: LIMITS });
  // the legend's symbols have no provider
  return markItems(view, 'symbol').filter((i) => i.datum!['prv'] !== undefined);
}

describe('provider funnel plot', () => {
  it('shows the providers of the selected instrument, compared within it', async () => {
    const shown = await points('45_MAT');
    expect(shown.map((i) => `${String(i.datum!['prv'])}/${String(i.datum!['ins'])}`).sort()).toEqual(['P1/45_MAT', 'P2/45_MAT']);
    expect(shown.find((i) => i.datum!['prv'] === 'P1')?.tooltip).toMatchObject({ Instrument: '45_MAT – Maßnahme bei einem Träger', 'Beobachtet ÷ erwartet': '1,50' });
  });

  it('shows each provider over all its instruments when all are selected', async () => {
    const shown = await points('*');
    expect(shown.map((i) => String(i.datum!['prv'])).sort()).toEqual(['P1', 'P2']);
    expect(shown.every((i) => i.datum!['ins'] === '*')).toBe(true);
  });

  it('on the overall page, whatever instrument is selected, never draws an empty plot while providers have figures', async () => {
    // The overall page embeds the providers over all instruments only (its size at 10^6):
    // with an instrument selected, the plot filtered to it drew the limits and no provider.
    const fx = await openFixtureDb('almp-funnel-overall-');
    try {
      const page = controllingDashboard(await loadDashboardSource(fx.db), await loadCodeLabels(fx.db));
      const chart = page.charts.find((c) => c.id === 'traegervergleich-funnel')!;
      const datasets = { funnel: page.datasets['funnel'] as unknown[], limits: page.datasets['limits'] as unknown[] };
      const drawn = async (instr: string) => {
        const params = (chart.spec['params'] as { name: string; value: string }[]).map((p) => (p.name === 'f_instr' ? { ...p, value: instr } : p));
        const view = await drawSpec({ ...chart.spec, params }, datasets);
        return markItems(view, 'symbol').filter((i) => i.datum!['prv'] !== undefined).length;
      };
      const all = await drawn('*');
      expect(all).toBeGreaterThan(0);
      for (const instr of ['45_MAT', '16i']) expect(await drawn(instr), instr).toBe(all);
      // and the chart says so
      const subtitle = [(chart.spec['title'] as { subtitle: string | string[] }).subtitle].flat().join(' ');
      expect(subtitle).toContain('der Instrumentfilter gilt für dieses Diagramm nicht');
    } finally {
      fx.close();
    }
  });

  it('reads the provider × instrument rows of the mart', async () => {
    const fx = await openFixtureDb('almp-funnel-ins-');
    try {
      const rows = await loadFunnel(fx.db);
      expect(new Set(rows.map((r) => r.ins))).toEqual(new Set(['*', '45_MAT', '16i', '81_FBW', '16k']));
    } finally {
      fx.close();
    }
  });
});
