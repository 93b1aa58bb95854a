/**
 * DuckDB ends a streamed result that fails part-way (memory, a value failing in a later
 * chunk) as a complete one, and @duckdb/node-api raises nothing: a reader that streams
 * compares the rows it got with the count it took first, and fails once the stream is
 * short — after the rows it had, so a workbook or export is never finished as if whole.
 */
import { describe, expect, it } from 'vitest';
import { wholeStream } from '../../pipelines/db/whole-stream.ts';

async function* batches(...sizes: number[]): AsyncGenerator<number[]> {
  for (const n of sizes) yield Array.from({ length: n }, (_, i) => i);
}

async function collect(stream: AsyncIterable<number[]>): Promise<number> {
  let n = 0;
  for await (const b of stream) n += b.length;
  return n;
}

describe('a streamed result checked against its count', () => {
  it('passes every batch of a whole result through', async () => {
    expect(await collect(wholeStream(batches(2048, 2048, 17), 4113))).toBe(4113);
    expect(await collect(wholeStream(batches(), 0))).toBe(0);
  });

  it('fails at the end of a result that stopped short, naming how many rows came of how many', async () => {
    const seen: number[] = [];
    const run = (async () => {
      for await (const b of wholeStream(batches(2048, 2048), 300_000)) seen.push(b.length);
    })();
    await expect(run).rejects.toThrow('DuckDB ended the rows after 4.096 of 300.000 without saying why');
    expect(seen).toEqual([2048, 2048]);
  });
});
