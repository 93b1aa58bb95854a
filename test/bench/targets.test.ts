/**
 * The bench judges the issues' targets on its own figures (README "Against the targets"):
 * each at the size it is set for, only where the run measured what it needs.
 */
import { describe, expect, it } from 'vitest';
import type { BenchRow, PipelineRow } from '../../pipelines/bench/options.ts';
import { checkTargets, targetLines } from '../../pipelines/bench/targets.ts';

const M = 1_000_000;
const row = (stage: string, ms: number, peakRssMb: number, extra: Partial<BenchRow> = {}, size = M): BenchRow => ({ stage, size, ms, rows: size, peakRssMb, ...extra });

/** A run at 10^6 whose figures are those of the eighteenth bench run (docs/bench-history.md). */
const run: BenchRow[] = [
  row('generate', 9110, 174),
  row('ingest:participations', 3318, 556, { refMs: 1526, ratio: 3318 / 1526 }),
  row('ingest:attendance', 11374, 1444, { refMs: 4477, ratio: 11374 / 4477 }),
  row('models', 31555, 1417),
  row('dashboards', 5598, 1164, { largestPageBytes: 2_852_000 }),
  row('returns', 9560, 955),
  row('snapshot', 515, 151),
  row('refresh (1,000 reports)', 32981, 1408, { refMs: 53726, ratio: 32981 / 53726 }),
];
const pipelines: PipelineRow[] = [{ size: M, ms: 69399, wallMs: 130393 }];

const judged = (results: BenchRow[], p: PipelineRow[] = pipelines) => Object.fromEntries(checkTargets(results, p).map((t) => [t.target, t.met]));

describe('bench targets', () => {
  it('judges every 10^6 target of the run, met or not', () => {
    const targets = checkTargets(run, pipelines);
    expect(targets.map((t) => [t.target, t.measured, t.met])).toEqual([
      ['participations ingest within 2.5× of raw read_csv', '2.17×', true],
      ['peak RSS under 2 GB in every stage', '1.51 GB = 1,444 MiB (ingest:attendance)', true],
      ['each dashboard page under 3 MB', '2.85 MB', true],
      ['dashboards under 5 s', '5.6 s', false],
      ['returns under 5 s', '9.6 s', false],
      ['all models under 15 s', '31.6 s', false],
      ['whole pipeline under 40 s', '69.4 s', false],
      ['refresh under 20 % of ingest all + models', '61 %', false],
    ]);
    expect(targetLines(targets)).toContain('  NOT MET  all models under 15 s                              31.6 s');
    // a run at smaller sizes says why it judges nothing
    expect(targetLines(checkTargets(run.map((r) => ({ ...r, size: 10_000 })), []))).toEqual([expect.stringMatching(/^Targets \(issues\): none at these sizes — they are judged at 10\^6/)]);
  });

  it('draws each line at its limit', () => {
    const at = (changes: Record<string, Partial<BenchRow>>) => run.map((r) => ({ ...r, ...changes[r.stage] }));
    expect(judged(at({ models: { ms: 14_999 }, dashboards: { ms: 5000 }, 'ingest:participations': { ratio: 2.5 } }))).toMatchObject({
      'all models under 15 s': true,
      'dashboards under 5 s': false,
      'participations ingest within 2.5× of raw read_csv': true,
    });
    // 2 GB is 2·10^9 bytes = 1,907.3 MiB
    expect(judged(at({ models: { peakRssMb: 1907 } }))['peak RSS under 2 GB in every stage']).toBe(true);
    expect(judged(at({ models: { peakRssMb: 1908 } }))['peak RSS under 2 GB in every stage']).toBe(false);
    expect(judged(at({ dashboards: { largestPageBytes: 3_000_000 } }))['each dashboard page under 3 MB']).toBe(false);
    expect(judged(at({ 'refresh (1,000 reports)': { ratio: 0.19 } }))['refresh under 20 % of ingest all + models']).toBe(true);
  });

  it('judges only what the run measured: no stage, no size, no verdict', () => {
    expect(checkTargets(run.filter((r) => r.stage !== 'returns'), pipelines).map((t) => t.target)).not.toContain('returns under 5 s');
    expect(checkTargets(run.map((r) => ({ ...r, size: 100_000 })), [{ size: 100_000, ms: 1, wallMs: 1 }])).toEqual([]);
    expect(judged(run, [])).not.toHaveProperty('whole pipeline under 40 s');
    // --stages generate,ingest: the stages' sum is no whole pipeline
    expect(judged(run.filter((r) => r.stage === 'generate' || r.stage.startsWith('ingest:')))).not.toHaveProperty('whole pipeline under 40 s');
  });

  it('judges 10^7 only once every stage of it has run, by its highest peak', () => {
    const T = 10_000_000;
    const done = [{ size: T, ms: 829_000, wallMs: 900_000 }];
    const big = [
      row('ingest:participations', 37_000, 2663, {}, T),
      row('models', 403_000, 5368, {}, T),
      row('dashboards', 55_900, 3913, {}, T),
      row('returns', 139_000, 3660, {}, T),
      row('snapshot', 6_000, 160, {}, T),
    ];
    expect(checkTargets(big, [])).toEqual([]); // failed part-way: no pipeline row
    // --stages generate,ingest: through, but no pipeline
    expect(checkTargets(big.slice(0, 1), done)).toEqual([]);
    expect(checkTargets(big, done)).toEqual([{ target: '10^7 completes with peak RSS under 6 GB', size: T, measured: '5.63 GB = 5,368 MiB (models)', met: true }]);
    const over = big.map((r) => (r.stage === 'models' ? { ...r, peakRssMb: 5723 } : r));
    expect(checkTargets(over, done)[0]!.met).toBe(false);
  });
});
