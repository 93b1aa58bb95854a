/**
 * `almp query` as csv, json and table read the whole result into Node: all 10^6
 * participations as csv 5.8 GB and 69 s, as a table showing 200 of them 5.7 GB and 47 s. csv
 * and json now stream from DuckDB (rows-text-stream.ts), the table asks for its rows with a
 * LIMIT; the count comes first, every column evaluated, so a query failing in any row fails
 * before a line is printed.
 *
 * `almp query --format xlsx` read the whole result into Node, then built the workbook in
 * memory: 10^5 participations took 2 min and 4.8 GB, 10^6 died out of memory at 6 GB, and a
 * result too long for a sheet was read whole before it was refused. The rows now come from
 * DuckDB a chunk at a time, counted there first. By hand: the cells of a small mixed result
 * are the ones the in-memory writer gave (read back with exceljs), free text that starts
 * like a formula stays text, and no call hands Node more than one chunk (2,048 rows).
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { queryCommand, render } from '../../pipelines/ops/query.ts';
import { largestRead } from './largest-read.ts';
import { loadPlainWorkbook } from '../helpers/plain-workbook.ts';
import { emptySnapshots, SNAPSHOT_FILE } from './empty-snapshot.ts';

const place = emptySnapshots('almp-query-xlsx-');
afterEach(() => vi.restoreAllMocks());

async function workbook(sql: string): Promise<{ ws: ExcelJS.Worksheet; read: number }> {
  const read = largestRead();
  const effects = quietEffects();
  await queryCommand({ sql, snapshots: place.snapshots, format: 'xlsx', maxRows: 10 }, effects);
  expect(effects.lines).toEqual([]);
  const wb = await loadPlainWorkbook(Buffer.concat(effects.bytes));
  return { ws: wb.getWorksheet('Abfrage')!, read: read() };
}

const MIXED = `SELECT * FROM (VALUES
  ('06411', '=HYPERLINK("http://x.invalid","klick")', 0.253::DOUBLE, 1185::BIGINT, 12.5::DECIMAL(9,2), DATE '2026-12-31', TIMESTAMP '2026-10-01 07:09:00', true, [1, 2]),
  ('001066', '+49 30 1234', -1.5, 9007199254740993, 0.1, DATE '2025-02-01', TIMESTAMP '2026-01-15 23:30:00', false, []),
  (NULL, '-5 Tage', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('Träger ä ö ü ß', '@SUM(A1)', 3, 0, 0, DATE '1999-12-31', TIMESTAMP '2026-07-01 00:00:00', NULL, [3])
) AS t(jobcenter_id, note, value, n, amount, exit_date, loaded_at, ok, ids) ORDER BY jobcenter_id NULLS LAST`;

describe('almp query --format xlsx', () => {
  it('writes a mixed result as the in-memory writer did: types, formats, widths, formulas kept text', async () => {
    const { ws } = await workbook(MIXED);
    expect(ws.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : r))).toEqual([
      undefined,
      ['jobcenter_id', 'note', 'value', 'n', 'amount', 'exit_date', 'loaded_at (Ortszeit Europe/Berlin)', 'ok', 'ids'],
      // a BIGINT past 2^53 as its digits, text: as a number Excel would show ...992
      ['001066', '\'+49 30 1234', -1.5, '9007199254740993', 0.1, new Date('2025-02-01T00:00:00Z'), new Date('2026-01-16T00:30:00Z'), false, '[]'],
      ['06411', '\'=HYPERLINK("http://x.invalid","klick")', 0.253, 1185, 12.5, new Date('2026-12-31T00:00:00Z'), new Date('2026-10-01T09:09:00Z'), true, '[1,2]'],
      ['Träger ä ö ü ß', '\'@SUM(A1)', 3, 0, 0, new Date('1999-12-31T00:00:00Z'), new Date('2026-07-01T02:00:00Z'), undefined, '[3]'],
      [undefined, '\'-5 Tage'],
    ]);
    // no cell is a formula: free text from input files that starts with = + - @ stays text
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ws.getRow(3).getCell(i).numFmt ?? 'General')).toEqual(
      ['General', 'General', 'General', 'General', 'General', 'dd.mm.yyyy', 'dd.mm.yyyy hh:mm:ss', 'General', 'General'],
    );
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:I1');
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ws.getColumn(i).width)).toEqual([16, 40, 10, 18, 10, 12, 36, 10, 10]);
  });

  it('reads the rows from DuckDB a chunk at a time, every row, the widths from the first 1,000', async () => {
    const { ws, read } = await workbook("SELECT i AS nr, CASE WHEN i < 1000 THEN repeat('x', 30) ELSE repeat('y', 40) END AS text, DATE '2026-01-01' + i::INTEGER AS d FROM range(5000) t(i) ORDER BY i");
    expect(read).toBeLessThanOrEqual(2048);
    expect(ws.rowCount).toBe(5001);
    expect(ws.getRow(5001).values).toEqual([undefined, 4999, 'y'.repeat(40), new Date('2039-09-09T00:00:00Z')]);
    // rows 1-1,000 count (30 + 2), row 1,001 and after do not (40 + 2)
    expect([1, 2, 3].map((i) => ws.getColumn(i).width)).toEqual([10, 32, 12]);
  });

  it('refuses a workbook for more rows than a worksheet holds before reading them, and says what to do', async () => {
    const read = largestRead();
    const effects = quietEffects();
    const refused = queryCommand({ sql: 'SELECT i, i * 2 AS j FROM range(1048576) t(i)', snapshots: place.snapshots, format: 'xlsx', maxRows: 10 }, effects);
    await expect(refused).rejects.toThrow('1.048.576 rows do not fit one worksheet (at most 1.048.575 lines); nothing was written.');
    await expect(refused).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('--format csv > abfrage.csv') });
    expect(read()).toBeLessThanOrEqual(1);
    expect(effects.bytes).toEqual([]);
  });

  it('counts a statement that cannot be a subquery by running it, and keeps its own error', async () => {
    const { ws } = await workbook('CALL pragma_version()');
    expect((ws.getRow(1).values as unknown[])[1]).toBe('library_version');
    expect(ws.rowCount).toBe(2);
    await expect(queryCommand({ sql: 'SELECT * FROM no_such_table', snapshots: place.snapshots, format: 'xlsx', maxRows: 10 }, quietEffects())).rejects.toThrow(/The query failed: .*no_such_table/);
  });

  it('fails before writing a byte when a row after the first chunk fails, instead of a workbook cut short with exit 0', async () => {
    // DuckDB ends a stream that fails part-way as a complete one (whole-stream.ts): this wrote
    // 114,688 of 300,000 rows, exit 0; a count(*) skipped the failing column and said 300,000
    const effects = quietEffects();
    const sql = "SELECT i, CAST(CASE WHEN i = 200000 THEN 'x' ELSE i::VARCHAR END AS INTEGER) AS v FROM range(300000) t(i)";
    await expect(queryCommand({ sql, snapshots: place.snapshots, format: 'xlsx', maxRows: 10 }, effects)).rejects.toThrow(/The query failed: Conversion Error: Could not convert string 'x'/);
    expect(effects.bytes).toEqual([]);
  });
});

describe('almp query as csv, json and table', () => {
  const run = async (sql: string, format: 'csv' | 'json' | 'table', maxRows = 10) => {
    vi.restoreAllMocks();
    const read = largestRead();
    const effects = quietEffects();
    await queryCommand({ sql, snapshots: place.snapshots, format, maxRows }, effects);
    return { text: effects.lines.join('\n'), read: read() };
  };

  it('writes a large csv or json a chunk at a time, the same text as for all rows at once', async () => {
    const sql = "SELECT i, 'Träger ' || i AS t, DATE '2026-01-01' + (i % 1000)::INTEGER AS d FROM range(30000) t(i)";
    const db = await Db.open(join(place.snapshots, SNAPSHOT_FILE));
    const rows = await db.json(sql).finally(() => db.close());
    const csv = await run(sql, 'csv');
    expect(csv.text).toBe(render(rows, { format: 'csv', maxRows: 10 }).join('\n'));
    // a result of up to 10,000 rows is read in one run; beyond, the first 10,001 tell so
    expect(csv.read).toBeLessThanOrEqual(10_001);
    const json = await run(sql, 'json');
    // a BIGINT is a number in json (it arrives as a string to keep its digits)
    expect(JSON.parse(json.text)).toEqual(rows.map((r) => ({ ...r, i: Number(r.i) })));
  });

  it('reads a small result in one run: a random sample is not counted in another run than it is written from', async () => {
    const sample = await run('SELECT i FROM range(1000) t(i) WHERE random() < 0.5', 'csv');
    expect(sample.text.split('\n')[0]).toBe('i');
    // a repeated column name keeps both values (the header named both 'a', the rows held the first twice)
    expect((await run('SELECT 1 AS a, 2 AS a', 'csv')).text.split('\n')[1]).toBe('1,2');
  });

  it('asks DuckDB for the rows a table shows, in the query\'s order, and counts the rest', async () => {
    const table = await run('SELECT i FROM range(5000) t(i) ORDER BY i DESC', 'table', 3);
    expect(table.read).toBeLessThanOrEqual(4);
    expect(table.text.split('\n')).toEqual(['i', '----', '4999', '4998', '4997', '5.000 rows (first 3 shown)']);
  });

  it('streams a statement with comments after its semicolon (it was read whole to be counted)', async () => {
    const sql = "SELECT i, 'Träger ' || i AS t FROM range(30000) t(i) ORDER BY i DESC";
    const plain = await run(sql, 'csv');
    const commented = await run(`${sql}; -- Stand: Q3\n/* für das Controlling */\n`, 'csv');
    expect(commented.text).toBe(plain.text);
    expect(commented.read).toBeLessThanOrEqual(10_001);
  });

  it('fails before printing a line when a row fails, also with a comment after its semicolon, and heads an empty csv', async () => {
    const sql = "SELECT i, CAST(CASE WHEN i = 200000 THEN 'x' ELSE i::VARCHAR END AS INTEGER) AS v FROM range(300000) t(i)";
    for (const text of [sql, `${sql}; -- a comment after the statement`]) {
      const effects = quietEffects();
      await expect(queryCommand({ sql: text, snapshots: place.snapshots, format: 'csv', maxRows: 10 }, effects)).rejects.toThrow(/The query failed: Conversion Error/);
      expect(effects.lines).toEqual([]);
    }
    expect((await run('SELECT 1 AS a, 2 AS b WHERE false', 'csv')).text).toBe('a,b');
  });
});

describe('almp query: the columns as the query names and orders them', () => {
  // a column named by a number (a PIVOT by year) went first in csv, json and the table (an
  // object's keys that read as numbers come first); a repeated name in a workbook held the
  // first column's value in both
  const sql = (rows: number) => `SELECT 'x' || i AS name, i AS "2024", i + 1 AS a, -i AS a FROM range(${rows}) t(i) ORDER BY i DESC`;
  const texts = async (rows: number, format: 'csv' | 'json' | 'table') => {
    const effects = quietEffects();
    await queryCommand({ sql: sql(rows), snapshots: place.snapshots, format, maxRows: 2 }, effects);
    return effects.lines.join('\n');
  };

  it('in csv and json, small or streamed, and in the table', async () => {
    for (const rows of [3, 12_000]) {
      const csv = (await texts(rows, 'csv')).split('\n');
      expect(csv.slice(0, 2)).toEqual(['name,2024,a,a_1', `x${rows - 1},${rows - 1},${rows},-${rows - 1}`]);
      expect(csv).toHaveLength(rows + 1);
      const json = await texts(rows, 'json');
      expect(json.startsWith(`[\n  {\n    "name": "x${rows - 1}",\n    "2024": ${rows - 1},\n    "a": ${rows},\n    "a_1": -${rows - 1}\n  },`)).toBe(true);
      expect(JSON.parse(json)).toHaveLength(rows);
    }
    expect((await texts(3, 'table')).split('\n').slice(0, 3)).toEqual(['name  2024  a  a_1', '----  ----  -  ---', 'x2    2     3  -2']);
  });

  it('writes a negative BIGINT or DECIMAL as a number, text that starts like a formula as text', async () => {
    const numbers = "SELECT -5::BIGINT AS b, -1.5::DECIMAL(9,2) AS d, -12345678901234567890::HUGEINT AS h, -2 AS i, '-5 Tage' AS t";
    const text = async (format: 'csv' | 'json') => {
      const effects = quietEffects();
      await queryCommand({ sql: numbers, snapshots: place.snapshots, format, maxRows: 2 }, effects);
      return effects.lines.join('\n');
    };
    // the csv had '-5 and '-1.50: a script read text
    expect((await text('csv')).split('\n')[1]).toBe("-5,-1.50,-12345678901234567890,-2,'-5 Tage");
    expect(await text('json')).toContain('"b": -5,\n    "d": -1.50,\n    "h": "-12345678901234567890",\n    "i": -2,\n    "t": "-5 Tage"');
    // beyond 15 significant digits a string, as in the workbook: JSON.parse read 9007199254740993 as …992
    const effects = quietEffects();
    await queryCommand(
      { sql: 'SELECT 9007199254740993::BIGINT AS big, 12345678901234500000::HUGEINT AS zeros, 10::BIGINT ^ 18 AS round, 1234567890123.45::DECIMAL(18,2) AS m', snapshots: place.snapshots, format: 'json', maxRows: 2 },
      effects,
    );
    expect(JSON.parse(effects.lines.join('\n'))).toEqual([{ big: '9007199254740993', zeros: '12345678901234500000', round: 1e18, m: 1234567890123.45 }]);
    // a BLOB's printable bytes are written as they are: text that starts like a formula keeps its apostrophe
    const blob = quietEffects();
    await queryCommand({ sql: "SELECT '=1+2'::BLOB AS b", snapshots: place.snapshots, format: 'csv', maxRows: 2 }, blob);
    expect(blob.lines.join('\n').split('\n')[1]).toBe("'=1+2");
  });

  it('in a workbook', async () => {
    const { ws } = await workbook(sql(3));
    expect(ws.getSheetValues().slice(1, 3).map((r) => (r as unknown[]).slice(1))).toEqual([
      ['name', '2024', 'a', 'a_1'],
      ['x2', 2, 3, -2],
    ]);
  });

  it('keeps a column named __proto__ (as an object key it set the row prototype: printed {})', async () => {
    const proto = (rows: number) => `SELECT i AS "__proto__", 'c' || i AS "constructor" FROM range(${rows}) t(i) ORDER BY i`;
    for (const rows of [2, 12_000]) {
      const effects = quietEffects();
      await queryCommand({ sql: proto(rows), snapshots: place.snapshots, format: 'csv', maxRows: 2 }, effects);
      expect(effects.lines.join('\n').split('\n').slice(0, 3)).toEqual(['__proto__,constructor', '0,c0', '1,c1']);
      const json = quietEffects();
      await queryCommand({ sql: proto(rows), snapshots: place.snapshots, format: 'json', maxRows: 2 }, json);
      expect(JSON.parse(json.lines.join('\n'), (key, value) => value)[1]).toEqual(JSON.parse('{"__proto__": 1, "constructor": "c1"}'));
    }
    const table = quietEffects();
    await queryCommand({ sql: proto(2), snapshots: place.snapshots, format: 'table', maxRows: 2 }, table);
    expect(table.lines.join('\n').split('\n')[2]).toBe('0          c0');
    const { ws } = await workbook(proto(2));
    expect(ws.getSheetValues().slice(1, 3).map((r) => (r as unknown[]).slice(1))).toEqual([['__proto__', 'constructor'], [0, 'c0']]);
  });
});
