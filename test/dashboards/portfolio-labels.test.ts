/**
 * The portfolio charts say what their figures are: "Jahr" means the calendar year for
 * occupancy, the exit year for rates, the contract start for costs (one subtitle said
 * "Austrittsjahr bzw. Vertragsbeginn" on the occupancy chart); the occupancy denominator
 * is place-days ("n = 549" read as 549 cases); costs are the whole contract's cost.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { costsPerMeasure, measuresTable } from '../../dashboards/charts/portfolio-measures.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };
const subtitle = (spec: Record<string, unknown>) => ((spec['title'] as { subtitle: string[] }).subtitle).join(' ');

describe('portfolio labels', () => {
  it('name each chart\'s own year anchor', () => {
    expect(subtitle(instrumentYears(CTX, 'occupancy_rate', 'a').spec)).toMatch(/^Jahr = Kalenderjahr: Teilnahmetage im Jahr/);
    expect(subtitle(instrumentYears(CTX, 'occupancy_rate', 'a').spec)).not.toMatch(/Austrittsjahr|Vertragsbeginn/);
    for (const rate of ['dropout_rate', 'goal_progress_rate', 'integration_rate_6m']) {
      expect(subtitle(instrumentYears(CTX, rate, 'a').spec), rate).toMatch(/^Jahr = Austrittsjahr/);
    }
    for (const chart of [instrumentYears(CTX, 'cost_per_participant', 'a'), instrumentYears(CTX, 'cost_per_successful_exit', 'b'), costsPerMeasure(CTX)]) {
      const text = `${subtitle(chart.spec)} ${chart.description}`;
      expect(text, chart.id).toContain('Gesamtkosten des Vertrags über die bisherigen Teilnahmen, gebucht auf das Jahr des Vertragsbeginns');
      expect(text, chart.id).toContain('vorläufig (hohl), solange der Vertrag läuft und 3 Monate danach');
    }
  });

  it('label the occupancy denominator as place-days', async () => {
    const row = (ind: string, n: number, d: number) => ({ ind, yr: '2025', mea: 'M1', jc: '06411', ins: '16i', br: '*', n, d, v: n / d, lo: 0.1, hi: 0.9, s: 0, p: 0 });
    const view = await drawSpec(measuresTable(CTX, { M1: 'M1' }).spec, { measures: [row('occupancy_rate', 33, 549), row('dropout_rate', 2, 7)] });
    const texts = markItems(view, 'text').filter((i) => i.datum!['ind'] !== undefined).map((i) => String(i.text).trim());
    expect(texts).toContain('549 Platztage');
    expect(texts).toContain('n = 7');
  });

  it('say what a successful exit is: completed or early into work, not integration after 6 months', () => {
    // "Kosten je erfolgreichem Austritt" read as cost per integration: a planner put it next to
    // the Eingliederungsquote as its price, but nearly 9 in 10 of the exits it counts are completions
    for (const chart of [instrumentYears(CTX, 'cost_per_successful_exit', 'b'), costsPerMeasure(CTX)]) {
      const text = `${subtitle(chart.spec)} ${chart.description}`;
      expect(text, chart.id).toContain('erfolgreich = regulär abgeschlossen oder vorzeitig in Arbeit/Ausbildung ausgetreten; nicht: eingegliedert 6 Monate nach Austritt');
    }
    expect(subtitle(instrumentYears(CTX, 'cost_per_participant', 'a').spec)).not.toContain('erfolgreich =');
  });
});
