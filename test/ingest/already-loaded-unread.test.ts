/**
 * A file whose bytes are loaded already is skipped before it is read: re-sent, the 2.7 GB
 * attendance file was parsed, checked and pseudonymised for 316 s to say "already loaded".
 * Which files are skipped stays as it was: the same bytes for the same kind (a workbook's
 * sheet chosen with --sheet by the sheet too); a refused file is read again.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';
import { hashFile, recordFileReject } from '../../pipelines/ingest/ledger.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => {
  vi.restoreAllMocks();
  store.close();
});

const HEADER = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum'];
const CSV = `${HEADER.join(';')}\n962D300001;06411;M-1;01.02.2024\n962D300002;06411;M-1;02.02.2024\n`;

/** The statements the ingest runs from now on that read or check the file's rows. */
function fileReads(): () => string[] {
  const run = vi.spyOn(store.db, 'run');
  return () => run.mock.calls.map(([sql]) => String(sql)).filter((sql) => !sql.startsWith('DROP') && /read_csv|_ingest_parsed|_ingest_src/.test(sql));
}

describe('a file loaded already', () => {
  it('is skipped without being read or checked, renamed or not', async () => {
    const path = join(store.dir, 'teilnahmen.csv');
    writeFileSync(path, CSV);
    expect((await store.ingest([path], { kind: 'participations' }))[0]).toMatchObject({ status: 'success', rowsLoaded: 2 });
    const copy = join(store.dir, 'teilnahmen_kopie.csv');
    copyFileSync(path, copy);

    const reads = fileReads();
    const again = await store.ingest([path, copy], { kind: 'participations' });
    expect(again.map((r) => [r.status, r.alreadyLoaded, r.loadedAs])).toEqual([
      ['skipped', true, undefined],
      ['skipped', true, 'teilnahmen.csv'],
    ]);
    expect(reads()).toEqual([]);
    expect(store.lines.at(-1)).toBe('teilnahmen_kopie.csv (participations): already loaded as teilnahmen.csv, nothing changed');
  });

  it('a workbook\'s sheet chosen by --sheet is skipped unread; another sheet of it is loaded', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Q1').addRows([HEADER, ['962D300011', '06411', 'M-1', '01.02.2024']]);
    workbook.addWorksheet('Q2').addRows([HEADER, ['962D300012', '06411', 'M-1', '01.05.2024'], ['962D300013', '06411', 'M-1', '02.05.2024']]);
    const path = join(store.dir, 'teilnahmen.xlsx');
    await workbook.xlsx.writeFile(path);
    expect((await store.ingest([path], { kind: 'participations', sheet: 'Q1' }))[0]).toMatchObject({ status: 'success', rowsLoaded: 1 });

    const reads = fileReads();
    expect((await store.ingest([path], { kind: 'participations', sheet: ' q1' }))[0]).toMatchObject({ status: 'skipped', alreadyLoaded: true });
    expect(reads()).toEqual([]);
    expect((await store.ingest([path], { kind: 'participations', sheet: 'Q2' }))[0]).toMatchObject({ status: 'success', alreadyLoaded: false, rowsLoaded: 2 });
    expect(reads()).not.toEqual([]);
  });

  it('a file refused before is read again and loaded', async () => {
    const path = join(store.dir, 'teilnahmen.csv');
    writeFileSync(path, CSV);
    // a refusal (the disk was full) keeps the file's hash, in meta.rejects, not in the ledger
    await recordFileReject(store.db, { kind: 'participations', path, reason: 'IO Error: No space left on device', at: new Date(), contentHash: await hashFile(path) });
    expect((await store.ingest([path], { kind: 'participations' }))[0]).toMatchObject({ status: 'success', rowsLoaded: 2 });
    expect((await store.ingest([path], { kind: 'participations' }))[0]).toMatchObject({ status: 'skipped', alreadyLoaded: true });
  });
});
