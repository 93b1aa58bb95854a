/**
 * Benchmark of the dashboards stage: every page (HTML) and every chart of the overall
 * pages (SVG + PNG) written from an already built database of `size` participations.
 * Target: under 5 s for 10^6 participations, each HTML file under 3 MB. peakRssMb is the
 * process's peak so far (run it in its own process, as pipelines/bench/stage.ts does).
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import type { BenchRow } from './ingest-bench.ts';

export type { BenchRow } from './ingest-bench.ts';

/** Pages above this size break the target; reported as a warning, not a failure. */
const MAX_HTML_BYTES = 3 * 1024 * 1024;

export async function benchDashboards(db: Db, size: number, outDir: string, effects: Effects): Promise<BenchRow> {
  const started = performance.now();
  const results = await writeDashboards(db, { outDir }, effects);
  const ms = performance.now() - started;
  const failed = results.filter((r) => r.status !== 'success');
  if (failed.length) throw new Error(`dashboards failed: ${failed.map((r) => `${r.name}: ${r.error}`).join('; ')}`);
  const pages = results.filter((r) => r.name.endsWith('.html'));
  const largest = Math.max(0, ...pages.map((r) => statSync(r.path!).size));
  effects.log.info({ files: results.length, pages: pages.length, largestHtmlBytes: largest }, 'dashboards written');
  if (largest > MAX_HTML_BYTES) effects.warn(`largest dashboard page is ${(largest / 1e6).toFixed(2)} MB (target < 3 MB)`);
  return {
    stage: 'dashboards',
    size,
    ms: Math.round(ms),
    rowsPerSec: Math.round(size / (ms / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
