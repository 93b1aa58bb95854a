/**
 * The Arrow export copies DuckDB's bytes and numbers into Arrow buffers itself (arrow-columns.ts):
 * every cell of every type must read back with apache-arrow as DuckDB has it — UTF-8 beyond
 * ASCII, NULL apart from '', strings DuckDB keeps inline (≤ 12 bytes) and those it does not,
 * NULLs in each type, values either side of 1970 and of zero, across record batch boundaries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { writeArrowFile } from '../../pipelines/federation/arrow-writer.ts';

const ROWS = 70_003; // more than one record batch (65,536 rows) and not a whole number of chunks

/** An Arrow decimal's unscaled value from its four little-endian 32-bit words (two's complement). */
function unscaled(words: unknown): bigint | null {
  if (words === null) return null;
  const w = words as Uint32Array;
  return BigInt.asIntN(128, [0, 1, 2, 3].reduce((sum, k) => sum | (BigInt(w[k]!) << BigInt(32 * k)), 0n));
}

describe('Arrow export, cell by cell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-arrow-direct-'));
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(':memory:');
    // every column NULL on some rows (a different period per column, so no row is all NULL)
    await db.run(`CREATE TABLE t AS SELECT i,
        CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'ü' || (i % 100) WHEN 3 THEN 'Müller ß € ' || i
          WHEN 4 THEN repeat('0123456789abcdef', 4) ELSE 'twelve bytes' END AS s,
        CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919 - 500000000)::INTEGER END AS n32,
        CASE WHEN i % 8 = 0 THEN NULL ELSE (i % 200 - 100)::TINYINT END AS tiny,
        CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 60000 - 30000)::SMALLINT END AS small,
        CASE WHEN i % 10 = 0 THEN NULL ELSE (i - 35000) * 1000000007 END AS n64,
        CASE WHEN i % 11 = 0 THEN NULL ELSE (i - 35000)::HUGEINT * 3 END AS huge,
        CASE WHEN i % 12 = 0 THEN NULL ELSE (i - 35000) / 7 END AS dbl,
        CASE WHEN i % 13 = 0 THEN NULL ELSE ((i - 35000) / 4)::FLOAT END AS flt,
        CASE WHEN i % 14 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,
        CASE WHEN i % 15 = 0 THEN NULL ELSE DATE '1969-12-31' + (i - 35000)::INTEGER END AS day,
        CASE WHEN i % 16 = 0 THEN NULL ELSE TIMESTAMP '1970-01-01' + INTERVAL ((i - 35000) * 1001) MICROSECOND END AS at,
        CASE WHEN i % 17 = 0 THEN NULL ELSE ((i % 2000 - 1000) / 8)::DECIMAL(4, 1) END AS dec16,
        CASE WHEN i % 18 = 0 THEN NULL ELSE ((i - 35000) * 1.001)::DECIMAL(18, 3) END AS dec64,
        CASE WHEN i % 19 = 0 THEN NULL ELSE ((i - 35000)::DECIMAL(38, 0) * 1e25::DECIMAL(38, 0) + 0.5)::DECIMAL(38, 1) END AS dec128,
        CASE WHEN i % 20 = 0 THEN NULL ELSE [i, NULL] END AS list
      FROM range(${ROWS}) AS r(i)`);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back as DuckDB has each cell', async () => {
    const path = join(dir, 't.arrow');
    await writeArrowFile(db, 'SELECT * FROM t ORDER BY i', path);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(ROWS);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.schema.fields.every((f) => f.nullable)).toBe(true);
    // DuckDB's side in forms JS compares exactly: days, microseconds, decimals as text
    const expected = await db.all(`SELECT s, n32, tiny, small, n64, CAST(huge AS BIGINT) AS huge, dbl, CAST(flt AS DOUBLE) AS flt, flag,
        day - DATE '1970-01-01' AS day, epoch_us("at") AS "at", dec16::VARCHAR AS dec16, dec64::VARCHAR AS dec64, dec128::VARCHAR AS dec128,
        CAST(to_json(list) AS VARCHAR) AS list
      FROM t ORDER BY i`);
    const read = (name: string) => [...table.getChild(name)!] as unknown[];
    const decimal = (text: unknown) => (text === null ? null : BigInt(String(text).replace('.', '')));
    const checks: [string, (row: Record<string, unknown>) => unknown, (cell: unknown) => unknown][] = [
      ['s', (r) => r.s, (c) => c],
      ['n32', (r) => r.n32, (c) => c],
      ['tiny', (r) => r.tiny, (c) => c],
      ['small', (r) => r.small, (c) => c],
      ['n64', (r) => r.n64, (c) => c],
      ['huge', (r) => r.huge, (c) => c],
      ['dbl', (r) => r.dbl, (c) => c],
      ['flt', (r) => r.flt, (c) => c],
      ['flag', (r) => r.flag, (c) => c],
      ['day', (r) => (r.day === null ? null : Number(r.day)), (c) => (c === null ? null : (c as number) / 86_400_000)],
      // to the millisecond towards zero, as before
      ['at', (r) => (r.at === null ? null : (r.at as bigint) / 1000n), (c) => (c === null ? null : BigInt(c as number))],
      ['dec16', (r) => decimal(r.dec16), unscaled],
      ['dec64', (r) => decimal(r.dec64), unscaled],
      ['dec128', (r) => decimal(r.dec128), unscaled],
      ['list', (r) => r.list, (c) => c],
    ];
    for (const [name, want, got] of checks) {
      const cells = read(name).map(got);
      const mismatch = expected.findIndex((row, i) => !Object.is(want(row), cells[i]) && want(row) !== cells[i]);
      expect(mismatch === -1 ? 'equal' : `${name} row ${mismatch}: ${String(cells[mismatch])} ≠ ${String(want(expected[mismatch]!))}`).toBe('equal');
    }
    // the cases that matter, in plain sight
    expect(read('s').slice(0, 6)).toEqual([null, '', 'ü2', 'Müller ß € 3', '0123456789abcdef'.repeat(4), 'twelve bytes']);
    expect(expected.some((r) => (r.day as number) < 0) && expected.some((r) => (r.at as bigint) < 0n) && expected.some((r) => String(r.dec128).startsWith('-'))).toBe(true);
  });
});
