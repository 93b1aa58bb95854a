/**
 * The ministry's exits table (11 instruments and the sum) fits the page at a 1,366 px screen:
 * at 95 px a column it was 1,494 px wide in a 1,316 px box, the sum column and the chart menu
 * behind a sideways scroll (a visual review at 10^5 participations).
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { exitsTable } from '../../dashboards/charts/ministry.ts';
import { drawSpec } from '../helpers/scenegraph.ts';

const INSTRUMENTS = ['16d_AGH', '16e', '16h', '16i', '16k', '45_AVGS', '45_MAG', '45_MAT', '81_FBW', 'ESF', 'STATE'];
const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: {}, reasons: {}, goals: {}, threshold: 5 } };

describe('the ministry exits table', () => {
  it('is at most 1,316 px wide with 11 instruments, the sum and long Jobcenter names', async () => {
    const jobcenters: Record<string, string> = { '*': 'Land gesamt' };
    for (let i = 0; i < 40; i++) jobcenters[`0${6411 + i}`] = `Kommunales Jobcenter Landkreis Musterstadt ${i} (0${6411 + i})`;
    const instruments = { ...Object.fromEntries(INSTRUMENTS.map((i) => [i, i])), '*': 'Summe' };
    const rows = Object.keys(jobcenters).flatMap((jc) =>
      ['*', ...INSTRUMENTS].map((ins) => ({ ind: 'exits', per: '2025', yr: '2025', jc, ins, br: '*', n: 1234567, d: null, v: 1234567, lo: null, hi: null, s: 0, c: 0, p: 1 })),
    );
    const view = await drawSpec(exitsTable(CTX, jobcenters, instruments).spec, { year: rows });
    const svg = await view.toSVG();
    const width = Number(/<svg[^>]*width="([\d.]+)"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(800);
    expect(width).toBeLessThanOrEqual(1316);
  });
});
