/**
 * The order a folder loads in decides which version of a record stays and whether ids are
 * checked against the reference lists. By code units 'Teilnahmen_06411_Korrektur.csv' loaded
 * before 'teilnahmen_06411.csv', whose older rows then replaced the correction (a sender
 * audit); and kind folders loaded alphabetically, the stock figures before the Jobcenter list.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareEntries, compareNames } from '../../pipelines/ingest/load-order.ts';
import { listFiles } from '../../pipelines/ingest/ingest.ts';
import { storePerTest } from './helpers.ts';

const store = storePerTest();

/** Names sorted as entries of a folder: one without a dot is a folder. */
const sorted = (names: string[], inKindFolder = false) =>
  names.map((name) => ({ name, isDirectory: () => !name.includes('.') })).sort((a, b) => compareEntries(a, b, inKindFolder)).map((e) => e.name);

describe('load order', () => {
  it('sorts names as a file manager does: case aside, numbers by value, ties by bytes', () => {
    const names = ['teil10.csv', 'Teilnahmen_06411_Korrektur.csv', 'teil2.csv', 'teilnahmen_06411.csv', 'a.csv', 'A.csv', 'Übersicht.csv', 'Zahlen.csv'];
    expect([...names].sort(compareNames)).toEqual(['A.csv', 'a.csv', 'teil2.csv', 'teil10.csv', 'teilnahmen_06411.csv', 'Teilnahmen_06411_Korrektur.csv', 'Übersicht.csv', 'Zahlen.csv']);
    // the kinds' folders first, reference lists leading, as the scheduler's inbox loads them
    expect(sorted(['outcomes', 'attendance', 'final_reports', 'jobcenter_stocks', 'jobcenters', 'measures', 'participations', 'providers', 'andere'])).toEqual([
      'jobcenters', 'providers', 'measures', 'participations', 'final_reports', 'attendance', 'jobcenter_stocks', 'outcomes', 'andere',
    ]);
  });

  it('a correction named with a capital loads after the file it corrects, and stays', async () => {
    const folder = join(store().dir, 'lieferung', 'participations');
    mkdirSync(folder, { recursive: true });
    const header = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Austritt;Austrittsgrund\n';
    writeFileSync(join(folder, 'teilnahmen_06411.csv'), `${header}962D800001;06411;M-1;10.01.2024;;\n`);
    writeFileSync(join(folder, 'Teilnahmen_06411_Korrektur.csv'), `${header}962D800001;06411;M-1;10.01.2024;15.09.2024;03\n`);
    const results = await store().ingest([join(store().dir, 'lieferung')]);
    expect(results.map((r) => r.name)).toEqual(['teilnahmen_06411.csv', 'Teilnahmen_06411_Korrektur.csv']);
    expect(await store().db.json("SELECT CAST(exit_date AS VARCHAR) AS exit_date, exit_reason FROM raw.participations WHERE _current")).toEqual([{ exit_date: '2024-09-15', exit_reason: '03' }]);
  });

  it('a folder of kind folders loads the reference lists first: a stock figure of 6411 is checked against the Jobcenter list', async () => {
    const root = join(store().dir, 'inbox');
    for (const kind of ['jobcenters', 'jobcenter_stocks']) mkdirSync(join(root, kind), { recursive: true });
    writeFileSync(join(root, 'jobcenters', 'dienststellen.csv'), 'Dienststelle;Bezeichnung\n06411;Jobcenter Darmstadt\n');
    writeFileSync(join(root, 'jobcenter_stocks', 'bestand.csv'), 'Dienststelle;Monat;ELB;Arbeitslose\n6411;2024-01;115;55\n06411;2024-02;117;57\n');
    expect(listFiles(root).map((f) => f.slice(root.length + 1))).toEqual(['jobcenters/dienststellen.csv', 'jobcenter_stocks/bestand.csv']);
    const results = await store().ingest([root]);
    expect(results.map((r) => [r.kind, r.rowsLoaded, r.rowsRejected])).toEqual([['jobcenters', 1, 0], ['jobcenter_stocks', 1, 1]]);
    expect(await store().db.json('SELECT "column" FROM meta.rejects')).toEqual([{ column: 'jobcenter_id' }]);
  });

  it('a loose file named for a kind goes at that kind\'s place among the kind folders', async () => {
    // ranked after every kind folder, a loose Jobcenter list loaded after the stocks, whose 6411 loaded unchecked (a review)
    expect(sorted(['jobcenter_stocks', 'participations', 'dienststellen.csv', 'notizen.csv', 'Teilnahmen_06411.csv'])).toEqual([
      'dienststellen.csv', 'participations', 'Teilnahmen_06411.csv', 'jobcenter_stocks', 'notizen.csv',
    ]);
    // a sender's folder named for a Jobcenter is no kind folder: after the lists (it went before jobcenters/)
    expect(sorted(['providers', 'Jobcenter Darmstadt', 'jobcenters'])).toEqual(['jobcenters', 'providers', 'Jobcenter Darmstadt']);
    // inside a kind folder names go as a file manager shows them, as in the inbox
    expect(sorted(['Zuweisungsliste Maßnahme 06411-0001.csv', 'teilnahmen_06411.csv', 'Nachmeldung_Mai.csv'], true)).toEqual([
      'Nachmeldung_Mai.csv', 'teilnahmen_06411.csv', 'Zuweisungsliste Maßnahme 06411-0001.csv',
    ]);
    const root = join(store().dir, 'lieferung');
    mkdirSync(join(root, 'jobcenter_stocks'), { recursive: true });
    writeFileSync(join(root, 'dienststellen.csv'), 'Dienststelle;Bezeichnung\n06411;Jobcenter Darmstadt\n');
    writeFileSync(join(root, 'jobcenter_stocks', 'bestand.csv'), 'Dienststelle;Monat;ELB;Arbeitslose\n6411;2024-01;115;55\n06411;2024-02;117;57\n');
    const results = await store().ingest([root]);
    expect(results.map((r) => [r.kind, r.rowsLoaded, r.rowsRejected])).toEqual([['jobcenters', 1, 0], ['jobcenter_stocks', 1, 1]]);
  });

  it("a correction in a kind folder loads after the file it corrects whatever its name's words", async () => {
    // ranked by its words ('Maßnahme' → measures), the correction loaded first and the older file replaced it (a review)
    const folder = join(store().dir, 'ord', 'participations');
    mkdirSync(folder, { recursive: true });
    const header = 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Austritt;Austrittsgrund\n';
    writeFileSync(join(folder, 'teilnahmen_06411.csv'), `${header}962D800001;06411;M-1;10.01.2024;;\n`);
    writeFileSync(join(folder, 'Zuweisungsliste Maßnahme 06411-0001.csv'), `${header}962D800001;06411;M-1;10.01.2024;15.09.2024;03\n`);
    const results = await store().ingest([join(store().dir, 'ord')]);
    expect(results.map((r) => r.name)).toEqual(['teilnahmen_06411.csv', 'Zuweisungsliste Maßnahme 06411-0001.csv']);
    expect(await store().db.json('SELECT exit_reason FROM raw.participations WHERE _current')).toEqual([{ exit_reason: '03' }]);
    // given a folder inside the kind folder (participations/2024/), as the kind's inference sees it (a review)
    const year = join(folder, '2024');
    mkdirSync(year);
    for (const name of ['teilnahmen_06411.csv', 'Zuweisungsliste Maßnahme 06411-0001.csv']) writeFileSync(join(year, name), '');
    expect(listFiles(year).map((f) => f.slice(year.length + 1))).toEqual(['teilnahmen_06411.csv', 'Zuweisungsliste Maßnahme 06411-0001.csv']);
  });
});
