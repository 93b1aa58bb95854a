/**
 * Values a worksheet cell cannot hold as they are, from `almp query --format xlsx` (and so
 * `check --show`, `rejects`): NaN and infinity were written as numbers, which no cell has
 * (LibreOffice read Infinity as 0); U+0001 was dropped without a word and a U+FFFF made
 * LibreOffice drop the whole row; a text over Excel's 32,767 characters went into one cell;
 * an INTERVAL was {"months":…,"micros":…}, a TIME a count of microseconds, a BLOB a Node
 * Buffer's JSON, and a DATE 'infinity' stopped the workbook part-way. The same values in
 * csv and json are DuckDB's text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { queryCommand } from '../../pipelines/ops/query.ts';
import { loadPlainWorkbook } from '../helpers/plain-workbook.ts';
import { emptySnapshots } from './empty-snapshot.ts';
import { requireApp } from '../helpers/require-app.ts';
import { recalcWithLibreOffice } from '../reports/helpers/libreoffice.ts';

const place = emptySnapshots('almp-query-odd-');

const ODD = `SELECT 0::DOUBLE / 0 AS nan, 1::DOUBLE / 0 AS inf, -1::DOUBLE / 0 AS neg_inf,
  'a' || chr(1) || 'b' || chr(11) || 'c' AS controls, 'c' || chr(65535) || 'd' AS ffff, repeat('x', 40000) AS long_text,
  INTERVAL '3.486 seconds' AS duration, TIME '13:45:30.5' AS at_time, '\\xAA\\x00abc'::BLOB AS bytes,
  'infinity'::DATE AS open_end, 'infinity'::TIMESTAMP_S AS open_s, TIMESTAMP '2026-01-01 08:00' - TIMESTAMP '2026-01-01 09:30' AS back,
  DATE '2026-12-31' AS day, 'danach' AS last`;

async function run(format: 'xlsx' | 'csv' | 'json') {
  const effects = quietEffects();
  await queryCommand({ sql: ODD, snapshots: place.snapshots, format, maxRows: 10 }, effects);
  return effects;
}

const EXPECTED_TEXT = {
  nan: 'NaN',
  inf: 'Infinity',
  neg_inf: '-Infinity',
  controls: 'a\\x01b\\x0bc',
  ffff: 'c\\uffffd',
  duration: '00:00:03.486',
  at_time: '13:45:30.5',
  bytes: '\\xAA\\x00abc',
  open_end: 'infinity',
  // TIMESTAMP_S 'infinity' was the year 292277026596; a negative INTERVAL got the formula apostrophe ("'-01:30:00")
  open_s: 'infinity',
  back: '-01:30:00',
  last: 'danach',
};

describe('almp query --format xlsx: values a cell cannot hold as they are', () => {
  it('writes them as text a reader can see, the row whole, a too long text cut saying so', async () => {
    const effects = await run('xlsx');
    const ws = (await loadPlainWorkbook(Buffer.concat(effects.bytes))).getWorksheet('Abfrage')!;
    // a time column's head names the zone its times are shown in
    const names = ((ws.getRow(1).values as unknown[]).slice(1) as string[]).map((n) => n.replace(/ \(Ortszeit .*\)$/, ''));
    const row = Object.fromEntries(names.map((n, i) => [n, ws.getRow(2).getCell(i + 1).value]));
    expect(row).toMatchObject(EXPECTED_TEXT);
    expect(row['day']).toEqual(new Date(Date.UTC(2026, 11, 31)));
    const long = row['long_text'] as string;
    expect(long).toHaveLength(32_767);
    expect(long).toMatch(/^x+ … \[gekürzt: 40\.000 Zeichen, eine Zelle fasst 32\.767; ganz mit --format csv\]$/);
  });

  it.runIf(requireApp('soffice', 'libreoffice-calc-nogui'))('opens in LibreOffice with its row whole', async () => {
    const effects = await run('xlsx');
    const path = join(place.dir, 'odd.xlsx');
    writeFileSync(path, Buffer.concat(effects.bytes));
    const [copy] = recalcWithLibreOffice([path]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(copy!);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    // a time column's head names the zone its times are shown in
    const names = ((ws.getRow(1).values as unknown[]).slice(1) as string[]).map((n) => n.replace(/ \(Ortszeit .*\)$/, ''));
    const text = (name: string) => String(ws.getRow(2).getCell(names.indexOf(name) + 1).text);
    expect(Object.fromEntries(Object.keys(EXPECTED_TEXT).map((n) => [n, text(n)]))).toEqual(EXPECTED_TEXT);
  });
});

describe('almp query --format csv and json: the same values as DuckDB writes them', () => {
  it('an INTERVAL, a TIME, a BLOB and an infinite DATE as their text', async () => {
    const json = JSON.parse((await run('json')).lines.join('\n')) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ duration: '00:00:03.486', at_time: '13:45:30.5', bytes: '\\xAA\\x00abc', open_end: 'infinity', day: '2026-12-31' });
    const csv = (await run('csv')).lines.join('\n').split('\n');
    const names = csv[0]!.split(',');
    const values = csv[1]!.split(',');
    expect(values[names.indexOf('duration')]).toBe('00:00:03.486');
    expect(values[names.indexOf('open_end')]).toBe('infinity');
    expect(values[names.indexOf('open_s')]).toBe('infinity');
    expect(values[names.indexOf('back')]).toBe('-01:30:00');
  });
});
