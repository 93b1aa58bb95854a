/**
 * Exit years before a slice's data are complete (mart.data_begin) are not drawn as part of
 * the trend: data from 06/2023 gave 16i a dropout rate of 93 % in 2023 and 88 % in 2024
 * against 40 % in 2025, a line a planner read as a success of the instrument. Those years
 * are drawn pale, outside the line, and the tooltip says why; the figures stay as they are.
 */
import { describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { instrumentYears } from '../../dashboards/charts/portfolio.ts';
import { processFunnel } from '../../dashboards/charts/controlling.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';

const CTX: ChartContext = { bound: new Set(), defaults: { jc: '*', year: '2025', instr: '*' }, labels: { instruments: { '16i': '16i – Teilhabe am Arbeitsmarkt', '45_MAT': '45_MAT – Maßnahme bei einem Träger' }, reasons: {}, goals: {}, threshold: 5 } };
const rate = (ind: string, ins: string, yr: string, n: number, d: number) => ({ ind, yr, jc: '*', ins, br: '*', n, d, v: n / d, lo: n / d - 0.05, hi: n / d + 0.05, s: 0, p: 0 });
const YEAR = ['2023', '2024', '2025', '2026'].flatMap((yr, i) => [
  rate('dropout_rate', '16i', yr, [14, 42, 59, 83][i]!, [15, 48, 148, 385][i]!),
  rate('dropout_rate', '45_MAT', yr, [376, 978, 944, 1088][i]!, [1084, 4234, 4177, 4750][i]!),
  rate('occupancy_rate', '16i', yr, 50, 100),
]);
const BEGIN = [
  { key: '*|*|16i', fy: 2029, cf: '01.06.2023' },
  { key: '*|*|45_MAT', fy: 2024, cf: '01.06.2023' },
];

async function draw(indicator: string) {
  const chart = instrumentYears(CTX, indicator, 'x');
  return drawSpec(chart.spec, chart.datasets.includes('begin') ? { year: YEAR, begin: BEGIN } : { year: YEAR });
}

describe('exit years before the data are complete', () => {
  it('stay out of the line, are drawn pale and say why', async () => {
    const view = await draw('dropout_rate');
    const points = markItems(view, 'symbol').filter((i) => i.datum!['ind'] !== undefined);
    const pale = points.filter((i) => ((i as { fillOpacity?: number }).fillOpacity ?? 1) < 0.5).map((i) => `${String(i.datum!['ins'])}/${String(i.datum!['yr'])}`);
    expect(pale.sort()).toEqual(['16i/2023', '16i/2024', '16i/2025', '16i/2026', '45_MAT/2023']);
    const tip = points.find((i) => i.datum!['ins'] === '45_MAT' && i.datum!['yr'] === '2023')?.tooltip;
    expect(tip?.['Datenlage']).toBe('unvollständig: Daten ab 01.06.2023, Teilnahmen mit früherem Eintritt fehlen (vollständig ab 2024)');
    expect(points.find((i) => i.datum!['ins'] === '45_MAT' && i.datum!['yr'] === '2025')?.tooltip?.['Datenlage']).toBe('vollständig');
    // the lines join complete years only: 45_MAT 2024–2026, no line for 16i
    const lines = markItems(view, 'line').map((i) => `${String(i.datum!['ins'])}/${String(i.datum!['yr'])}`);
    expect(lines.sort()).toEqual(['45_MAT/2024', '45_MAT/2025', '45_MAT/2026']);
  });

  it('leave occupancy alone (its own reading starts each measure where its data are complete)', async () => {
    const view = await draw('occupancy_rate');
    const points = markItems(view, 'symbol').filter((i) => i.datum!['ind'] !== undefined);
    expect(points.length).toBe(4);
    expect(points.filter((i) => ((i as { fillOpacity?: number }).fillOpacity ?? 1) < 0.5)).toEqual([]);
  });

  it('say so where the controlling funnel states one year: exits and their rates of 2023, not its referrals', async () => {
    // data from 01.06.2023, all exits in the data from 2024: the 2023 dropout rate (376 of 1,084) counts short stays only
    const funnelRows = ['2023', '2025'].flatMap((yr) => [
      { ...rate('referrals', '*', yr, 1500, 1500), d: null, v: 1500 },
      { ...rate('exits', '*', yr, 1084, 1084), d: null, v: 1084 },
      rate('dropout_rate', '*', yr, yr === '2023' ? 376 : 944, 1084),
    ]);
    const text = async (year: string) => {
      const chart = processFunnel({ ...CTX, defaults: { ...CTX.defaults, year } });
      expect(chart.datasets).toContain('begin');
      const view = await drawSpec(chart.spec, { year: funnelRows, begin: [{ key: '*|*|*', fy: 2024, cf: '01.06.2023' }] });
      return Object.fromEntries(markItems(view, 'text').filter((i) => i.datum?.['ind']).map((i) => [String(i.datum!['ind']), String((i as { text?: unknown }).text)]));
    };
    const early = await text('2023');
    expect(early['dropout_rate']).toMatch(/^376 \(34,7\s%\svon 1\.084\) · Datenlage unvollständig$/);
    expect(early['exits']).toMatch(/· Datenlage unvollständig$/);
    expect(early['referrals']).not.toMatch(/Datenlage/);
    expect(Object.values(await text('2025')).filter((t) => t.includes('Datenlage'))).toEqual([]);
  });
});
