/**
 * The Kaplan–Meier curves pool every entry since the data began: they do not follow the
 * page's year filter, unlike every chart around them, and said nothing about it (a reader
 * with 2025 selected took them for the 2025 entries).
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { retentionCurves } from '../../dashboards/charts/curves.ts';

const CTX: ChartContext = { bound: new Set(['year', 'jc', 'instr']), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

describe('retention curves', () => {
  it('say that they cover all entries and that the year filter does not apply', () => {
    const chart = retentionCurves(CTX);
    const subtitle = ((chart.spec['title'] as { subtitle: string[] }).subtitle).join(' ');
    for (const text of [subtitle, chart.description]) {
      expect(text).toContain('alle Eintritte seit Beginn der Daten bis zum Datenstand');
    }
    expect(chart.description).toContain('Der Jahresfilter wirkt hier nicht');
  });
});
