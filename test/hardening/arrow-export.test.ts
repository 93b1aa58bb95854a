/**
 * `almp export --format arrow` is for analysts in R, pandas or Polars (issue 7): the files must
 * read back with an Arrow reader as the table they came from — every type the core and mart
 * tables use, NULLs, more rows than one DuckDB chunk, and an empty table.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { writeArrowFile } from '../../pipelines/federation/arrow-writer.ts';

const ROWS = 5000; // DuckDB hands out 2,048 rows per chunk

/** An Arrow decimal's unscaled value from its four little-endian 32-bit words (two's complement). */
function unscaled(words: unknown): bigint {
  const w = words as Uint32Array;
  return BigInt.asIntN(128, [0, 1, 2, 3].reduce((sum, k) => sum | (BigInt(w[k]!) << BigInt(32 * k)), 0n));
}

describe('Arrow export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-arrow-'));
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(':memory:');
    await db.run(`CREATE TABLE t AS
      SELECT i::INTEGER AS n, i::BIGINT * 1000000000 AS big, i / 8 AS rate, (i / 4)::DECIMAL(12, 2) AS euros,
        i % 2 = 0 AS flag, DATE '2024-01-01' + i::INTEGER AS day, TIMESTAMP '2024-01-01 12:30:00' + INTERVAL (i) MINUTE AS at,
        CASE WHEN i % 7 = 0 THEN NULL ELSE 'J' || i END AS label, [i, i + 1] AS pair,
        sum(i) OVER (ORDER BY i) AS running, (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END * (9999999999999999.99 - i))::DECIMAL(18, 2) AS extreme
      FROM range(${ROWS}) AS r(i)`);
    await db.run('CREATE TABLE empty (n INTEGER, label VARCHAR)');
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back with apache-arrow as the table it was written from', async () => {
    const path = join(dir, 't.arrow');
    await writeArrowFile(db, 'SELECT * FROM t', path);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(ROWS);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'n:Int32', 'big:Int64', 'rate:Float64', 'euros:Decimal[12e+2]', 'flag:Bool', 'day:Date32<DAY>', 'at:Timestamp<MILLISECOND>', 'label:Utf8', 'pair:Utf8', 'running:Int64', 'extreme:Decimal[18e+2]',
    ]);
    for (const i of [0, 7, 2048, ROWS - 1]) {
      const row = table.get(i)!.toJSON();
      expect(row).toMatchObject({ n: i, big: BigInt(i) * 1_000_000_000n, rate: i / 8, flag: i % 2 === 0, label: i % 7 === 0 ? null : `J${i}`, pair: `[${i},${i + 1}]` });
      // amounts exact (as doubles 9999999999999999.99 read 1e16), a HUGEINT sum a whole number
      expect(unscaled(row.euros)).toBe(BigInt(Math.floor((i / 4) * 100)));
      expect(unscaled(row.extreme)).toBe((i % 2 === 0 ? 1n : -1n) * (999999999999999999n - BigInt(i) * 100n));
      expect(row.running).toBe(BigInt((i * (i + 1)) / 2));
      expect(new Date(row.day as number).toISOString().slice(0, 10)).toBe(new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
      expect(row.at).toBe(Date.UTC(2024, 0, 1, 12, 30 + i));
    }
  });

  it('writes an empty table with its columns', async () => {
    const path = join(dir, 'empty.arrow');
    await writeArrowFile(db, 'SELECT * FROM empty', path);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['n', 'label']);
  });
});
