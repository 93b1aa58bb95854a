/**
 * Provider templates write hints into their headers: 'Eintritt (TT.MM.JJJJ)', 'Austritt*'.
 * Such a column is not an accepted name, so it is ignored (contracts.md) — and with it every
 * entry date, which turns started participations into no-shows. The summary says which
 * ignored column looks like which contract column and how to name it so that it loads.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookalikeColumn } from '../../pipelines/ingest/header-mapping.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('ignored columns that look like contract columns', () => {
  it('names the contract column an ignored header begins with', () => {
    expect(lookalikeColumn('participations', 'Eintritt (TT.MM.JJJJ)')?.name).toBe('entry_date');
    expect(lookalikeColumn('participations', 'Austrittsdatum*')?.name).toBe('exit_date');
    expect(lookalikeColumn('participations', 'Geburtsjahr (JJJJ)')?.name).toBe('birth_year');
    // an accepted name itself, or a header like no column, is no look-alike
    expect(lookalikeColumn('participations', 'Eintritt')).toBeUndefined();
    expect(lookalikeColumn('participations', 'Bearbeiter')).toBeUndefined();
  });

  it('the ingest summary says how to name such a column so that it loads', async () => {
    const path = join(store.dir, 'teilnahmen_vorlage.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt (TT.MM.JJJJ);Bearbeiter', '962D980001;06411;M-1;01.02.2024;05.02.2024;Frau K.', ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, extraColumns: ['Eintritt (TT.MM.JJJJ)', 'Bearbeiter'] });
    expect(store.lines).toContain('  ignored columns: Eintritt (TT.MM.JJJJ), Bearbeiter');
    expect(store.lines).toContain(
      "  'Eintritt (TT.MM.JJJJ)' was not read as entry_date: if it holds that, name the header 'eintritt' or 'entry_date' (case does not matter) and load the file again",
    );
  });

  it('a second column of the same meaning is named as such, not as if the field had not been read', async () => {
    const path = join(store.dir, 'teilnahmen_doppelt.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Eintritt;Austritt;Austrittsdatum', '962D980002;06411;M-1;29.08.2024;04.09.2024;05.09.2024;23.09.2024;23.09.2024', ''].join('\n'));
    const [result] = await store.ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, extraColumns: ['Eintritt', 'Austrittsdatum'] });
    expect(await store.db.json('SELECT entry_date::VARCHAR AS entry FROM raw.participations')).toEqual([{ entry: '2024-09-04' }]);
    expect(store.lines).toContain("  'Eintritt' was not read: an earlier column of the file already gives entry_date, and the first one is read; if the two differ, delete the wrong one and load the file again");
    expect(store.lines).toContain("  'Austrittsdatum' was not read: an earlier column of the file already gives exit_date, and the first one is read; if the two differ, delete the wrong one and load the file again");
  });
});
