/**
 * Idempotence and corrections: the same content twice is a no-op; a later file repeating a
 * record key replaces the earlier version (kept as history); within a file the last row wins.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, openStore, pid, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const counts = async () =>
  store.db.json(`SELECT (SELECT count(*) FROM raw.participations) AS rows, (SELECT count(*) FROM meta.files) AS files, (SELECT count(*) FROM meta.rejects) AS rejects`);

describe('ledger', () => {
  it('loading the same content again (even renamed) changes nothing and says "already loaded"', async () => {
    await store.ingest([fixture('participations_fehlerhaft.csv')], { kind: 'participations' });
    const before = await counts();
    expect(before).toEqual([{ rows: '2', files: '1', rejects: '4' }]);
    const renamed = join(store.dir, 'kopie.csv');
    copyFileSync(fixture('participations_fehlerhaft.csv'), renamed);
    const results = await store.ingest([fixture('participations_fehlerhaft.csv'), renamed], { kind: 'participations' });
    expect(results.map((r) => [r.status, r.alreadyLoaded, r.rowsLoaded])).toEqual([
      ['skipped', true, 0],
      ['skipped', true, 0],
    ]);
    expect(await counts()).toEqual(before);
    expect(store.lines.slice(-2)).toEqual([
      'participations_fehlerhaft.csv (participations): already loaded, nothing changed',
      'kopie.csv (participations): already loaded as participations_fehlerhaft.csv, nothing changed',
    ]);
  });

  it('a re-delivered file says how many of the versions it replaced changed and how many it repeats identically', async () => {
    const header = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Austritt;Austrittsgrund\n';
    const rows = ['962D200001;06411;M-2024-009;10.01.2024;01.02.2024;;', '962D200002;06411;M-2024-009;11.01.2024;01.02.2024;;', '962D200003;06411;M-2024-009;12.01.2024;01.02.2024;;'];
    const first = join(store.dir, 'teilnahmen_m9.csv');
    writeFileSync(first, header + rows.join('\n') + '\n');
    await store.ingest([first], { kind: 'participations' });
    const again = join(store.dir, 'teilnahmen_m9_neu.csv');
    writeFileSync(again, header + [rows[0], rows[1], '962D200003;06411;M-2024-009;12.01.2024;01.02.2024;15.03.2024;07'].join('\n') + '\n');
    const [second] = await store.ingest([again], { kind: 'participations' });
    expect(second).toMatchObject({ status: 'success', rowsReplaced: 3, rowsReplacedUnchanged: 2 });
    expect(store.lines.at(-1)).toContain('3 earlier versions replaced (1 changed, 2 identical)');
  });

  it('a corrected file replaces the earlier version of a record; the old version stays as history', async () => {
    const [first] = await store.ingest([fixture('participations_bom_iso.csv')], { kind: 'participations' });
    const correction = join(store.dir, 'teilnahmen_korrektur.csv');
    // 962D100002 in M-2024-001 referred 22.01.2024 has left; one new person.
    writeFileSync(
      correction,
      'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt;Austritt;Austrittsgrund\n' +
        '962D100002;06411;M-2024-001;22.01.2024;05.02.2024;30.04.2024;06\n' +
        '962D100010;06411;M-2024-001;23.01.2024;05.02.2024;;\n',
    );
    const [second] = await store.ingest([correction], { kind: 'participations' });
    expect(second).toMatchObject({ status: 'success', rowsLoaded: 2, rowsReplaced: 1, rowsSuperseded: 0 });
    expect(store.lines.at(-2)).toContain('1 earlier versions replaced');
    // the correction has no Geburtsjahr or Geschlecht: the record keeps them (not emptied)
    expect(store.lines.at(-1)).toBe('  note: not in the file, kept from the record it replaced: planned_start, planned_end, birth_year, gender, citizenship, education_isced, long_term_unemployed, long_term_recipient, single_parent, disability, unemployed_at_entry');
    expect(await store.db.json('SELECT birth_year, gender FROM raw.participations WHERE _current AND participant_id = $p', { p: pid('962D100002') })).toEqual([{ birth_year: 1971, gender: 'm' }]);
    const versions = await store.db.json(
      'SELECT exit_date, exit_reason, _file_id, _current, _superseded_by FROM raw.participations WHERE participant_id = $p ORDER BY _file_id',
      { p: pid('962D100002') },
    );
    expect(versions).toEqual([
      { exit_date: null, exit_reason: null, _file_id: String(first?.fileId), _current: false, _superseded_by: String(second?.fileId) },
      { exit_date: '2024-04-30', exit_reason: '06', _file_id: String(second?.fileId), _current: true, _superseded_by: null },
    ]);
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations WHERE _current')).toBe(5);
    expect(await store.db.scalar('SELECT count(*) FROM raw.participations')).toBe(6);
  });

  it('within one file a repeated key keeps the last row and stores the earlier one as superseded', async () => {
    const path = join(store.dir, 'abschlussberichte.csv');
    // final_reports key includes entry_date, which is empty here: empty equals empty.
    writeFileSync(
      path,
      'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Eintritt;Ergebnis\n' +
        'T-1;M-1;962D700001;01.07.2024;;no_show\n' +
        'T-1;M-1;962D700002;01.07.2024;01.03.2024;completed\n' +
        'T-1;M-1;962d700001;03.07.2024;;dropout\n',
    );
    const [result] = await store.ingest([path]);
    expect(result).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsSuperseded: 1, rowsRejected: 0, supersededRows: [2] });
    // the sender learns which row was superseded, not only how many
    expect(store.lines[0]).toBe('abschlussberichte.csv (final_reports): 3 rows read, 2 rows loaded, 0 rejected, 1 superseded by a later row of the same file (row 2)');
    expect(await store.db.json('SELECT _row, outcome, _current, _superseded_by FROM raw.final_reports WHERE participant_id = $p ORDER BY _row', { p: pid('962D700001') })).toEqual([
      { _row: 2, outcome: 'no_show', _current: false, _superseded_by: String(result?.fileId) },
      { _row: 4, outcome: 'dropout', _current: true, _superseded_by: null },
    ]);
    expect(await store.db.json('SELECT rows_read, rows_loaded, rows_superseded FROM meta.files')).toEqual([{ rows_read: 3, rows_loaded: 2, rows_superseded: 1 }]);
  });

  it('a folder is ingested recursively in name order, kind from the sub-folder; later files win', async () => {
    const inbox = join(store.dir, 'inbox');
    mkdirSync(join(inbox, 'participations'), { recursive: true });
    mkdirSync(join(inbox, 'measures'), { recursive: true });
    const header = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Geburtsjahr\n';
    writeFileSync(join(inbox, 'participations', '2024-02.csv'), `${header}962D800001;06411;M-1;10.01.2024;1981\n`);
    writeFileSync(join(inbox, 'participations', '2024-01.csv'), `${header}962D800001;06411;M-1;10.01.2024;1980\n`);
    writeFileSync(join(inbox, 'participations', '.~lock.2024-03.csv#'), 'lock');
    copyFileSync(fixture('massnahmen_cp1252.csv'), join(inbox, 'measures', 'lose.csv'));
    const results = await store.ingest([inbox]);
    expect(results.map((r) => [r.name, r.kind, r.status])).toEqual([
      ['lose.csv', 'measures', 'success'],
      ['2024-01.csv', 'participations', 'success'],
      ['2024-02.csv', 'participations', 'success'],
    ]);
    expect(await store.db.json('SELECT birth_year FROM raw.participations WHERE _current')).toEqual([{ birth_year: 1981 }]);
  });
});
