/**
 * Benchmark of the model build: wall time of buildModels on a loaded database, rows per
 * second (participations of the dataset), and the process's peak RSS. The lead's bench
 * loads data of a given size (generator + ingest) and calls this; timing lives here, never
 * in tests.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { ModelError } from '../errors.ts';
import { buildModels } from '../models/build.ts';

export interface BenchRow {
  stage: string;
  size: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
}

/** Builds all models once; `size` = participations in the database (for rows per second). */
export async function benchModels(db: Db, size: number, effects: Effects): Promise<BenchRow> {
  const started = performance.now();
  const result = await buildModels(db, {}, effects);
  const ms = performance.now() - started;
  const failed = result.models.find((m) => m.status === 'error');
  if (failed) throw new ModelError(`Model ${failed.name} failed during the benchmark: ${failed.error ?? ''}`, failed.name, '', 'Run `almp run` to see the error.');
  // The slowest models, so a regression points at its model.
  const slowest = [...result.models].sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 5);
  effects.log.info({ size, ms, slowest: slowest.map((m) => `${m.name} ${m.ms} ms`) }, 'models benchmark');
  return {
    stage: 'models',
    size,
    ms,
    rowsPerSec: size / (ms / 1000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
