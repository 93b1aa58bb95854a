/**
 * The benchmark's command line and its JSON file, apart from main.ts so that both can be
 * tested without running a benchmark.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { TargetResult } from './targets.ts';

/** One stage at one size, as stage.ts prints it plus what main.ts adds. */
export interface BenchRow {
  stage: string;
  size: number;
  ms: number;
  rows: number;
  peakRssMb: number;
  rowsPerSec?: number;
  refMs?: number;
  ratio?: number;
  note?: string;
  /** dashboards: the largest HTML page in bytes (target: under 3 MB). */
  largestPageBytes?: number;
}

export interface BenchOptions {
  readonly sizes: number[];
  readonly stages: Set<string>;
  readonly json?: string;
  readonly keep: boolean;
}

export const STAGES = ['generate', 'ingest', 'models', 'dashboards', 'returns', 'snapshot', 'refresh'];
/** The largest size the benchmark is made for (issue 7); 10^8 would need ~300 GB of disk. */
export const MAX_SIZE = 10_000_000;

export const USAGE = `Usage: npm run bench -- [options]

Wall time, rows/s and peak RSS per stage and size, each stage in its own process;
ingest compared with DuckDB's raw read_csv of the same file.

Options:
  --sizes LIST     participations per run, comma-separated whole numbers from 1 to
                   10000000 (default 10000,100000,1000000)
  --stages LIST    any of ${STAGES.join(',')} (default: all)
  --json FILE      also write the results as JSON: { machine, results: [one per stage and size] }
  --keep           keep the generated data and database (printed at the end)
  --ten-million    add 10^7 (about 30 GB of disk, ~15 minutes)
  --help           this text
`;

export type Refusal = { readonly text: string; readonly code: number };

/** The options, or the text to print and the exit code (0 for --help, 2 for a bad option). */
export function parseOptions(args: string[]): BenchOptions | Refusal {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        sizes: { type: 'string', default: '10000,100000,1000000' },
        json: { type: 'string' },
        keep: { type: 'boolean', default: false },
        // 10^7 takes ~15 minutes and ~30 GB of disk: only on request.
        'ten-million': { type: 'boolean', default: false },
        stages: { type: 'string', default: STAGES.join(',') },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return { text: `${(error as Error).message}\n\n${USAGE}`, code: 2 };
  }
  if (values.help) return { text: USAGE, code: 0 };
  const sizes: number[] = [];
  for (const entry of values.sizes.split(',')) {
    const refused = sizeRefusal(entry.trim());
    if (refused) return { text: `--sizes '${values.sizes}': ${refused}; pass whole numbers of participations from 1 to 10000000, e.g. --sizes 10000,100000\n\n${USAGE}`, code: 2 };
    sizes.push(Number(entry.trim().replaceAll('_', '')));
  }
  if (values['ten-million'] && !sizes.includes(MAX_SIZE)) sizes.push(MAX_SIZE);
  const stages = new Set(values.stages.split(','));
  const unknown = [...stages].filter((s) => !STAGES.includes(s));
  if (unknown.length) return { text: `unknown stage ${unknown.map((s) => `'${s}'`).join(', ')}\n\n${USAGE}`, code: 2 };
  return { sizes, stages, json: values.json, keep: values.keep };
}

/** Why one entry of --sizes is no size, or undefined. */
function sizeRefusal(entry: string): string | undefined {
  if (entry === '') return 'an empty entry';
  // Digits (10_000 allowed) only: '1e9' would generate for minutes before running out of memory.
  if (!/^-?\d[\d_]*$/.test(entry)) return `'${entry}' is not a whole number written in digits`;
  const n = Number(entry.replaceAll('_', ''));
  if (n < 1) return `'${entry}' is below 1`;
  if (n > MAX_SIZE) return `'${entry}' is above 10000000 (10^7, the largest the benchmark is made for)`;
  return undefined;
}

/** The whole pipeline at one size: the stages' own times summed (no generate, no refresh), and the wall time with process starts. */
export interface PipelineRow {
  readonly size: number;
  readonly ms: number;
  readonly wallMs: number;
}

/**
 * The environment settings that change the figures (DuckDB's memory limit and threads, its
 * allocator's page purging: keeping pages cut the 10^6 build's CPU by 7 % and raised its peak
 * RSS by 500 MB), as set for this run: two runs compare only with the same ones.
 */
export function benchSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(['ALMP_MEMORY_LIMIT', 'ALMP_THREADS', 'DUCKDB_JE_MALLOC_CONF'].flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

/** The settings line under the benchmark's header, or nothing with none set. */
export function settingsLine(settings: Record<string, string>): string {
  const set = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
  return set.length === 0 ? '' : `settings: ${set.join(', ')} (figures compare only with runs of the same settings)\n`;
}

/** Writes the results as the README describes: { machine: { cores, memGiB, node, settings }, results, pipelines, targets }. */
export function writeBenchJson(file: string, results: readonly BenchRow[], pipelines: readonly PipelineRow[] = [], targets: readonly TargetResult[] = []): void {
  const machine = { cores: cpus().length, memGiB: totalmem() / 2 ** 30, node: process.version, settings: benchSettings() };
  writeFileSync(file, `${JSON.stringify({ machine, results, pipelines, targets }, null, 2)}\n`);
}
