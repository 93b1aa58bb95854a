/**
 * `almp rejects N` for a number no file has: "No rejected rows are recorded for file 99"
 * read as if file 99 had loaded cleanly. It says there is no such file and which numbers
 * there are — counting a file refused as a whole, which has its number in the rejects only.
 * A file loaded whole says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { rejectsCommand } from '../../pipelines/ops/rejects.ts';
import { queryCommand } from '../../pipelines/ops/query.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('almp rejects of a file number that does not exist', () => {
  it('names the numbers there are, a refused file among them', async () => {
    const p = (project = tempProject());
    const options = { dbPath: p.config.dbPath, snapshots: join(p.dir, 'snapshots'), maxRows: 10, format: 'table' as const };
    mkdirSync(join(p.dir, 'in'));
    writeFileSync(join(p.dir, 'in', 'unbekannt.csv'), 'foo;bar\n1;2\n');
    const key = Buffer.from('test-key-0123456789abcdef');
    await p.withWriter((db) => ingestPaths(db, { paths: [join(p.dir, 'in', 'unbekannt.csv')], key }, quietEffects()));
    await expect(rejectsCommand({ ...options, fileId: 5 }, quietEffects())).rejects.toThrow('There is no file 5: the files read are numbered 1 to 1.');
    // a wrong argument: exit 2, as the README's exit codes say (it was 1, "not done")
    await expect(rejectsCommand({ ...options, fileId: 5 }, quietEffects())).rejects.toMatchObject({ exitCode: 2 });
    const refused = quietEffects();
    await rejectsCommand({ ...options, fileId: 1 }, refused);
    expect(refused.lines[0]).toBe('unbekannt.csv: refused as a whole, no row loaded:');
  });

  it('says there is no database, with exit code 2, as every other command does', async () => {
    // rejects said 'No database at …' and query 'No published snapshot in …', both with exit code 1
    const p = (project = tempProject());
    const missing = join(p.dir, 'tippfehler', 'almp.duckdb');
    const expected = { exitCode: 2, message: `There is no database at ${missing}.` };
    await expect(rejectsCommand({ dbPath: missing, snapshots: join(p.dir, 'tippfehler', 'snapshots'), fileId: 1, maxRows: 10, format: 'table' }, quietEffects())).rejects.toMatchObject(expected);
    await expect(queryCommand({ sql: 'select 1', db: missing, snapshots: join(p.dir, 'tippfehler', 'snapshots'), format: 'table', maxRows: 10 }, quietEffects())).rejects.toMatchObject(expected);
  });

  it('says a file loaded whole has no rejected row, with exit code 0', async () => {
    // it answered 'Error: No rejected rows are recorded for file 1' with exit code 1
    const p = (project = tempProject());
    const options = { dbPath: p.config.dbPath, snapshots: join(p.dir, 'snapshots'), maxRows: 10, format: 'table' as const };
    mkdirSync(join(p.dir, 'in'));
    writeFileSync(join(p.dir, 'in', 'traeger.csv'), 'provider_id;name\nP1;Bildung gGmbH\nP2;Lernwerk\n');
    const key = Buffer.from('test-key-0123456789abcdef');
    await p.withWriter((db) => ingestPaths(db, { paths: [join(p.dir, 'in', 'traeger.csv')], kind: 'providers', key }, quietEffects()));
    const clean = quietEffects();
    expect(await rejectsCommand({ ...options, fileId: 1 }, clean)).toBe(0);
    expect(clean.lines).toEqual(['providers/traeger.csv: 2 of 2 rows loaded; no row rejected.']);
    // the other formats are those of no row: nothing at all was no CSV, no JSON and no workbook (a review)
    const csv = quietEffects();
    expect(await rejectsCommand({ ...options, fileId: 1, format: 'csv' }, csv)).toBe(0);
    expect(csv.lines.join('\n').trim()).toBe('row,column,in file,value,reason');
    const json = quietEffects();
    await rejectsCommand({ ...options, fileId: 1, format: 'json' }, json);
    expect(JSON.parse(json.lines.join('\n'))).toEqual([]);
    const xlsx = quietEffects();
    await rejectsCommand({ ...options, fileId: 1, format: 'xlsx' }, xlsx);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(xlsx.bytes) as unknown as ArrayBuffer);
    expect([1, 2, 3, 4, 5].map((c) => workbook.worksheets[0]!.getRow(1).getCell(c).text)).toEqual(['Zeile', 'Feld', 'Spalte in der Datei', 'Wert', 'Grund']);
    expect(workbook.worksheets[0]!.rowCount).toBe(1);
  });
});
