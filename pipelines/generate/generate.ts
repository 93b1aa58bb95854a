/**
 * `almp generate`: writes a consistent synthetic dataset of every kind, seeded and of any
 * size, as DIR/<kind>/<kind>.csv in the German Jobcenter export dialect, so that
 * `almp ingest DIR` infers each kind from its folder.
 */
import { rows } from '../counts.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Effects } from '../effects.ts';
import { CliError } from '../errors.ts';
import { refuseUnwritableOut } from '../folders.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';
import { CsvFileSink, type WrittenFile } from './csv-file-sink.ts';
import { parseIsoDay } from './days.ts';
import { GERMAN_EXPORT } from './dialect.ts';
import { generateWorld } from './world.ts';

export interface GenerateOptions {
  participations: number;
  outDir: string;
  seed?: number;
  /** Data cut-off, YYYY-MM-DD; nothing generated is dated after it. */
  asOf?: string;
}

export interface GenerateResult {
  readonly outDir: string;
  readonly seed: number;
  readonly asOf: string;
  readonly participations: number;
  /** Per kind: the file written, its data rows and its size in bytes. */
  readonly files: Readonly<Record<Kind, WrittenFile>>;
}

export const DEFAULT_SEED = 42;
export { DEFAULT_AS_OF } from './days.ts';
import { DEFAULT_AS_OF } from './days.ts';

/**
 * A folder that already holds input files (--out data-samples/inbox): the generated ones were
 * written beside them, and the next ingest of the folder loaded both. Only the generator's own
 * files (<kind>/<kind>.csv, from an earlier run) are replaced.
 */
function refuseOtherInputs(outDir: string): void {
  const others = KINDS.flatMap((kind) => {
    const dir = join(outDir, kind);
    return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => f !== `${kind}.csv`).map((f) => join(kind, f)) : [];
  });
  if (others.length === 0) return;
  throw new CliError(
    `${outDir} already holds input files the generator does not write (${others.slice(0, 3).join(', ')}${others.length > 3 ? `, and ${others.length - 3} more` : ''}): an ingest of the folder would load them with the generated data.`,
    'Give an empty or new folder as --out.',
  );
}

export async function generate(options: GenerateOptions, effects: Effects): Promise<GenerateResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const asOfText = options.asOf ?? DEFAULT_AS_OF;
  const asOf = parseIsoDay(asOfText);
  if (asOf === undefined) throw new CliError(`as-of date '${asOfText}' is not a valid YYYY-MM-DD date`, 'give e.g. --as-of 2026-09-30');
  if (!Number.isInteger(options.participations) || options.participations < 1) {
    throw new CliError(`participations must be a positive integer, got ${options.participations}`, 'give e.g. --participations 10000');
  }
  refuseUnwritableOut(options.outDir, 'Nothing was generated');
  refuseOtherInputs(options.outDir);
  const sinks = Object.fromEntries(KINDS.map((kind) => [kind, new CsvFileSink(join(options.outDir, kind, `${kind}.csv`), kind, GERMAN_EXPORT)])) as Record<Kind, CsvFileSink>;
  const progress = effects.progress('generate', options.participations);
  let reported = 0;
  try {
    await generateWorld({ participations: options.participations, seed, asOf }, sinks, async (done) => {
      progress.tick(done - reported);
      reported = done;
      await new Promise((resolve) => setImmediate(resolve));
    });
  } finally {
    progress.stop();
  }
  const files = Object.fromEntries(KINDS.map((kind) => [kind, sinks[kind].close()])) as Record<Kind, WrittenFile>;
  for (const kind of KINDS) {
    const f = files[kind];
    // German figures, as every terminal line but the bench's ('547.902 rows  26,7 MB')
    const size = (f.bytes / 1e6).toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    effects.out(`${kind.padEnd(18)} ${rows(f.rows).padStart(16)}  ${size.padStart(8)} MB  ${f.path}`);
  }
  effects.log.info({ seed, asOf: asOfText, participations: options.participations }, 'generated dataset');
  return { outDir: options.outDir, seed, asOf: asOfText, participations: options.participations, files };
}
