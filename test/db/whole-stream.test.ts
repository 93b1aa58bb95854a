/**
 * DuckDB ends a streamed result that fails part-way (memory, a value failing in a later
 * chunk) as a complete one, and @duckdb/node-api raises nothing: a reader that streams
 * compares the rows it got with the count it took first, and fails once the stream is
 * short — after the rows it had, so a workbook or export is never finished as if whole.
 */
import { describe, expect, it } from 'vitest';
import { wholeStream } from '../../pipelines/db/whole-stream.ts';
import type { Progress } from '../../pipelines/effects.ts';

/** A progress bar that remembers its ticks and whether it was stopped. */
function recorder(): Progress & { ticks: number[]; stopped: boolean } {
  const r = { ticks: [] as number[], stopped: false, tick: (n = 1) => void r.ticks.push(n), stop: () => void (r.stopped = true) };
  return r;
}

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
    await expect(run).rejects.toThrow('DuckDB gave 4.096 rows where it had counted 300.000: it stopped without saying why');
    expect(seen).toEqual([2048, 2048]);
  });

  it('moves a progress bar by the rows passed (a workbook of 10^6 rows takes minutes) and stops it, whole or short', async () => {
    const whole = recorder();
    expect(await collect(wholeStream(batches(2048, 17), 2065, whole))).toBe(2065);
    expect(whole).toMatchObject({ ticks: [2048, 17], stopped: true });
    const short = recorder();
    await expect(collect(wholeStream(batches(2048), 5000, short))).rejects.toThrow(/gave 2.048 rows where it had counted 5.000/);
    expect(short).toMatchObject({ ticks: [2048], stopped: true });
  });
});
