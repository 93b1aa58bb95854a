/** How many rows reach Node in one piece, for the tests of commands that stream from DuckDB. */
import { vi } from 'vitest';
import { Db, type Params, type Row } from '../../pipelines/db/database.ts';

/** The largest number of rows one call handed to Node (a whole result, or one streamed batch). */
export function largestRead(): () => number {
  let largest = 0;
  const note = (rows: readonly unknown[]) => void (largest = Math.max(largest, rows.length));
  for (const method of ['all', 'json', 'jsonTyped', 'typed'] as const) {
    const original = Db.prototype[method] as (this: Db, ...args: unknown[]) => Promise<Row[] | { rows: Row[] }>;
    vi.spyOn(Db.prototype, method).mockImplementation(async function (this: Db, ...args: unknown[]) {
      const result = await original.apply(this, args);
      note(Array.isArray(result) ? result : result.rows);
      return result;
    } as never);
  }
  for (const method of ['streamJson', 'streamTyped'] as const) {
    const original = Db.prototype[method] as (this: Db, sql: string, params?: Params) => Promise<{ columns: unknown; batches: AsyncIterable<Row[]> }>;
    vi.spyOn(Db.prototype, method).mockImplementation(async function (this: Db, sql: string, params?: Params) {
      const { columns, batches } = await original.call(this, sql, params);
      async function* noted() {
        for await (const batch of batches) {
          note(batch);
          yield batch;
        }
      }
      return { columns, batches: noted() };
    } as never);
  }
  return () => largest;
}
