/**
 * A streamed result that DuckDB ends part-way — memory running out, a value that fails to
 * convert in a later chunk — ends exactly as one that is complete: the C API's fetch returns
 * NULL for both, and @duckdb/node-api does not read the error (duckdb-rs fixed the same in
 * its #664). A workbook of 114,688 of 300,000 rows was written with exit 0. Whoever streams
 * counts the rows first (Db.countRows, or a count it has) and passes its batches through here.
 */
import type { Progress } from '../effects.ts';
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
      `DuckDB ended the rows after ${got.toLocaleString('de-DE')} of ${expected.toLocaleString('de-DE')} without saying why (it reports no error while it streams): what was written is incomplete — do not use it.`,
      'Run it again. If it stops short again, DuckDB probably ran out of memory: give it more with ALMP_MEMORY_LIMIT (docs/operations.md) or ask for fewer rows.',
    );
  }
}
