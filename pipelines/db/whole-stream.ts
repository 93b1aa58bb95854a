/**
 * A streamed result that DuckDB ends part-way — memory running out, a value that fails to
 * convert in a later chunk — ends exactly as one that is complete: the C API's fetch returns
 * NULL for both, and @duckdb/node-api does not read the error (duckdb-rs fixed the same in
 * its #664). A workbook of 114,688 of 300,000 rows was written with exit 0. Whoever streams
 * counts the rows first (Db.countRows, or a count it has) and passes its batches through here.
 */
import type { Effects, Progress } from '../effects.ts';
import { AlmpError } from '../errors.ts';

/**
 * `progress`, when given, counts the rows as they pass (a workbook of 10^6 rows takes 3.5
 * minutes: the bar says how far it is) and is stopped however the stream ends.
 */
export async function* wholeStream<T>(batches: AsyncIterable<T[]>, expected: number, progress?: Progress): AsyncGenerator<T[]> {
  let got = 0;
  try {
    for await (const batch of batches) {
      got += batch.length;
      yield batch;
      progress?.tick(batch.length);
    }
  } finally {
    progress?.stop();
  }
  if (got !== expected) {
    throw new AlmpError(
      `DuckDB gave ${got.toLocaleString('de-DE')} rows where it had counted ${expected.toLocaleString('de-DE')}: it stopped without saying why (it reports no error while it streams), or the query gives other rows each time it runs (random(), USING SAMPLE). What was written is incomplete — do not use it.`,
      'Run it again. A sampled query: make it repeatable (USING SAMPLE 10 PERCENT (bernoulli, 42)). If it stops short again, DuckDB probably ran out of memory: give it more with ALMP_MEMORY_LIMIT (docs/operations.md) or ask for fewer rows.',
    );
  }
}

/**
 * A progress bar for rows written to standard output — none when that is the terminal
 * itself: the bar's saved and restored cursor put the prompt over the rows printed.
 */
export function rowsProgress(effects: Effects, total: number): Progress | undefined {
  return process.stdout.isTTY ? undefined : effects.progress('Rows', total);
}
