/**
 * Benchmark of the returns stage: all workbooks (state annual, ESF+, one quarterly workbook
 * per Jobcenter) written from an already built database of `size` participations.
 * Target: under 5 s for 10^6 participations. peakRssMb is the process's peak so far (run it
 * in its own process, as pipelines/bench/stage.ts does, for a figure of this stage alone).
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { writeReturns } from '../../reports/build.ts';
import type { BenchRow } from './ingest-bench.ts';

export type { BenchRow } from './ingest-bench.ts';

export async function benchReturns(db: Db, size: number, outDir: string, effects: Effects): Promise<BenchRow> {
  const started = performance.now();
  const results = await writeReturns(db, { outDir }, effects);
  const ms = performance.now() - started;
  const failed = results.filter((r) => r.status !== 'success');
  if (failed.length) throw new Error(`returns failed: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`);
  for (const r of results) effects.log.info({ return: r.name, ms: r.ms, rows: r.rows }, 'return written');
  return {
    stage: 'returns',
    size,
    ms: Math.round(ms),
    rowsPerSec: Math.round(size / (ms / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
