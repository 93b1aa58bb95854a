import { describe, expect, it } from 'vitest';
import { checkNamedKind, inferKind, kindFromName, kindsFromName, resolveKind } from '../../pipelines/ingest/kind-inference.ts';
import { IngestError } from '../../pipelines/errors.ts';
import { summaryLines } from '../../pipelines/ingest/summary.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storePerTest } from './helpers.ts';

describe('kind inference', () => {
  it('reads the kind from the folder, the file name, or German words for it', () => {
    expect(inferKind('/data/inbox/participations/x.csv')).toBe('participations');
    expect(inferKind('/data/final_reports_2024.xlsx')).toBe('final_reports');
    expect(inferKind('/data/Abschlussberichte Träger 17.csv')).toBe('final_reports');
    expect(inferKind('/data/inbox/Maßnahmen/lose.xlsx')).toBe('measures');
    expect(inferKind('/data/inbox/fehlzeiten/2024-03.csv')).toBe('attendance');
    expect(inferKind('/data/Teilnahmen_JC_06411.csv')).toBe('participations');
  });

  it('prefers the longest name (jobcenter_stocks over jobcenter) and the folder over the file name', () => {
    expect(kindFromName('jobcenter_stocks_2024')).toBe('jobcenter_stocks');
    expect(kindFromName('jobcenters')).toBe('jobcenters');
    // a reference list only when nothing else is named: the stock figures loaded as the Jobcenters' list
    expect(inferKind('/data/Eckwerte_Jobcenter_06411.csv')).toBe('jobcenter_stocks');
    expect(kindFromName('Jobcenter_Teilnahmen')).toBe('participations');
    // both lists named: either is possible, and each loads from its id column alone (the provider list became the Jobcenters')
    expect(kindFromName('Traegerverzeichnis')).toBe('providers');
    for (const name of ['Jobcenter_Trägerverzeichnis.csv', 'Träger_Jobcenter_06411.csv', 'Dienststellen_Träger.xlsx']) {
      expect(() => inferKind(`/data/${name}`), name).toThrow(/names both reference lists \((jobcenters and providers|providers and jobcenters)\)/);
    }
    expect(resolveKind('/data/Jobcenter_Trägerverzeichnis.csv', 'providers')).toBe('providers');
    // a provider's upload folder decides: a name cannot make a report file the Jobcenter's participations
    expect(inferKind('/inbox/final_reports/zz_teilnahmen_korrektur.csv')).toBe('final_reports');
    expect(inferKind('/inbox/participations/abschlussberichte.csv')).toBe('participations');
  });

  it('a folder named after people (Träger) does not make a report file the provider registry; a clash is refused', () => {
    // the clerk's own filing: nearest folder 'Träger', a far one named 'provider'
    expect(() => inferKind('/home/jc/Träger/abschlussberichte_001027_maerz.csv')).toThrow(/folder 'Träger' says providers, its name says final_reports/);
    expect(inferKind('/srv/provider/test/ingest/fehlzeiten_tab.tsv')).toBe('attendance');
    expect(inferKind('/home/jc/Träger/001027/Abschlussberichte/mai.csv')).toBe('final_reports');
    expect(inferKind('/data/archive/2026-12-03/final_reports/teilnahmen_korrektur.csv')).toBe('final_reports');
  });

  it('refuses a file whose folder or name contradicts --kind instead of loading it as that kind', () => {
    // `almp ingest inbox --kind providers` loaded the inbox's attendance as provider records
    expect(() => resolveKind('/data/inbox/attendance/fehlzeiten_2024.csv', 'providers')).toThrow(/lies in the folder 'attendance\/' but --kind providers was given: not loaded/);
    expect(() => checkNamedKind('/data/Abschlussberichte Mai.csv', 'providers', undefined)).toThrow(/is named for final_reports but --kind providers/);
    try {
      resolveKind('/data/inbox/attendance/x.csv', 'providers');
      expect.unreachable();
    } catch (error) {
      expect((error as IngestError).hint).toMatch(/^Leave out --kind/);
    }
    // agreeing, or saying nothing, --kind decides
    expect(resolveKind('/data/inbox/providers/traegerverzeichnis.csv', 'providers')).toBe('providers');
    expect(resolveKind('/data/export_2024.csv', 'providers')).toBe('providers');
    expect(resolveKind('/data/inbox/final_reports/teilnahmen_korrektur.csv', 'final_reports')).toBe('final_reports');
  });

  it('accepts a --kind that is one of the kinds a name holds words of', () => {
    // refused as 'named for participations': the longest word ('teilnehmer') overruled --kind
    expect(resolveKind('/data/Verbleib_Teilnehmer_2025.csv', 'outcomes')).toBe('outcomes');
    expect(resolveKind('/data/Eckwerte_Jobcenter_06411.csv', 'jobcenter_stocks')).toBe('jobcenter_stocks');
    expect(kindsFromName('Verbleib_Teilnehmer_2025')).toEqual(['participations', 'outcomes']);
    // a word inside a longer one is not a second kind: jobcenter_stocks files are not jobcenters by name
    expect(kindsFromName('jobcenter_stocks_2024')).toEqual(['jobcenter_stocks']);
    expect(() => checkNamedKind('/data/jobcenter_stocks_2024.csv', 'jobcenters', undefined)).toThrow(/is named for jobcenter_stocks but --kind jobcenters/);
    // one of the kinds, but the header is the other's: the stock figures loaded as the Jobcenter list
    const stocks = ['Dienststelle', 'Monat', 'eLb', 'Arbeitslose', 'LZB'];
    expect(() => checkNamedKind('/data/Eckwerte_Jobcenter_06411.csv', 'jobcenters', stocks)).toThrow(
      'Eckwerte_Jobcenter_06411.csv is named for jobcenters or jobcenter_stocks and its header is that of jobcenter_stocks, not of jobcenters (1 column read as jobcenters): not loaded',
    );
    expect(checkNamedKind('/data/Eckwerte_Jobcenter_06411.csv', 'jobcenter_stocks', stocks)).toBeUndefined();
    expect(checkNamedKind('/data/Eckwerte_Jobcenter_06411.csv', 'jobcenters', ['Dienststelle', 'Name', 'Typ', 'Bundesland'])).toBeUndefined();
    // the protection stays: a participations file given --kind final_reports by mistake
    expect(() => checkNamedKind('/data/Teilnahmen_JC_06411.csv', 'final_reports', undefined)).toThrow(/is named for participations but --kind final_reports was given: not loaded/);
  });

  it('a name pointing to another kind than --kind is decided on the header: loaded as --kind where it has every required column of it and fits the named kind less', () => {
    // refused as 'named for measures' / 'named for providers' though the columns are those of --kind (a sender audit)
    const participations = ['Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'Eintritt', 'Austritt', 'Austrittsgrund'];
    const reports = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Eintritt', 'Austritt', 'Ergebnis'];
    const attendance = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Monat', 'Soll-Tage', 'anwesend', 'E', 'UE', 'K'];
    expect(checkNamedKind('/data/Zuweisungsliste Maßnahme 06411-0001.csv', 'participations', participations)).toBe(
      "the file's name points to measures, but its header has every required column of participations and fits it better: loaded as participations, as --kind says",
    );
    expect(checkNamedKind('/data/Berichte Träger 001001 Q3.xlsx', 'final_reports', reports)).toContain('loaded as final_reports');
    expect(checkNamedKind('/data/Meldung Maßnahme 06411-0001 März.csv', 'attendance', attendance)).toContain('loaded as attendance');
    // the guard stays where the header fits the named kind as well or better: a reference list needs its id column alone
    expect(() => checkNamedKind('/data/Abschlussberichte Mai.csv', 'providers', reports)).toThrow(/is named for final_reports but --kind providers was given: not loaded/);
    const measures = ['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Titel', 'Plätze'];
    expect(() => checkNamedKind('/data/Maßnahmen 2025.csv', 'providers', measures)).toThrow(/is named for measures but --kind providers/);
    // a report file lacking one required column of its own kind fits it still better than providers (1 column)
    expect(() => checkNamedKind('/data/Abschlussberichte Mai.csv', 'providers', reports.filter((h) => h !== 'Berichtsdatum'))).toThrow(/is named for final_reports but --kind providers/);
    // not read as --kind (required columns missing): refused for the name, as before the header was read
    expect(() => checkNamedKind('/data/Zuweisungsliste Maßnahme 06411-0001.csv', 'final_reports', undefined)).toThrow(/is named for measures but --kind final_reports/);
    // nothing against --kind: no note
    expect(checkNamedKind('/data/export_2024.csv', 'participations', participations)).toBeUndefined();
    expect(checkNamedKind('/data/inbox/participations/Maßnahme 1.csv', 'participations', participations)).toBeUndefined();
  });

  it('refusing by the name alone, advises no single kind the columns may not hold', () => {
    // 'Give --kind jobcenters' loaded the stock figures as the Jobcenter list (exit 0)
    try {
      checkNamedKind('/data/Eckwerte_Jobcenter_06411.csv', 'outcomes', undefined);
      expect.unreachable();
    } catch (error) {
      expect((error as IngestError).message).toBe('Eckwerte_Jobcenter_06411.csv is named for jobcenters or jobcenter_stocks but --kind outcomes was given: not loaded (as outcomes its rows would replace records of another kind).');
      expect((error as IngestError).hint).not.toMatch(/--kind jobcenter/);
      expect((error as IngestError).hint).toContain('Compare its columns with the contract');
    }
  });

  it("heads a refused file's line with no kind where none is settled ('(unknown kind)' beside '--kind measures was given')", () => {
    const result = { file: '/data/teilnahmen.csv', status: 'error', error: 'teilnahmen.csv is named for participations but --kind measures was given' } as Parameters<typeof summaryLines>[0];
    expect(summaryLines(result)).toEqual(['teilnahmen.csv: not loaded — teilnahmen.csv is named for participations but --kind measures was given']);
    expect(summaryLines({ ...result, kind: 'measures', error: 'Required column' })[0]).toBe('teilnahmen.csv (measures): not loaded — Required column');
  });

  it('does not match a hint inside a longer word', () => {
    expect(kindFromName('teilnahmebescheinigung')).toBeUndefined();
  });

  it('an unknown or unguessable kind is an error listing the kinds', () => {
    expect(() => resolveKind('/tmp/x/daten.csv')).toThrow(IngestError);
    expect(() => resolveKind('/tmp/x/daten.csv')).toThrow(/daten\.csv/);
    try {
      resolveKind('/tmp/x/daten.csv', 'teilnehmer');
      expect.unreachable();
    } catch (error) {
      expect((error as IngestError).message).toContain("'teilnehmer'");
      expect((error as IngestError).hint).toContain('participations, final_reports');
    }
  });
});

describe('--kind against a file named for another kind, ingested', () => {
  const store = storePerTest();

  it('loads a file whose columns are those of --kind, with a note, and refuses one whose columns fit the named kind, its kind unsettled', async () => {
    const assigned = join(store().dir, 'Zuweisungsliste Maßnahme 06411-0001.csv');
    writeFileSync(assigned, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D800001;06411;06411-0001;10.01.2024;15.01.2024\n');
    const monthly = join(store().dir, 'Meldung Maßnahme 06411-0001 März.csv');
    writeFileSync(monthly, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Monat;Soll-Tage;anwesend;E;UE;K\n001001;06411-0001;962D800001;2024-03;20;18;1;0;1\n');
    const [participations] = await store().ingest([assigned], { kind: 'participations' });
    const [attendance] = await store().ingest([monthly], { kind: 'attendance' });
    expect([participations, attendance].map((r) => [r!.status, r!.kind, r!.rowsLoaded])).toEqual([['success', 'participations', 1], ['success', 'attendance', 1]]);
    expect(store().lines).toContain("  note: the file's name points to measures, but its header has every required column of participations and fits it better: loaded as participations, as --kind says");

    const reports = join(store().dir, 'Abschlussberichte Mai.csv');
    writeFileSync(reports, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Eintritt;Ergebnis\n001001;06411-0001;962D800001;30.05.2024;15.01.2024;completed\n');
    const [refused] = await store().ingest([reports], { kind: 'providers' });
    expect(refused).toMatchObject({ status: 'error', kind: undefined });
    expect(refused!.error).toMatch(/^Abschlussberichte Mai\.csv is named for final_reports but --kind providers was given: not loaded/);
    expect(await store().db.json('SELECT count(*)::INTEGER AS n FROM raw.providers')).toEqual([{ n: 0 }]);
  });

  it("refuses a data file in a reference list's folder, and loads the list itself", async () => {
    // a participations file in jobcenters/ loaded as the Jobcenter list, its Dienststelle all that kind reads (a review)
    const folder = join(store().dir, 'inbox', 'jobcenters');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'teilnahmen.csv'), 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Eintritt\n962D800001;06411;06411-0001;10.01.2024;15.01.2024\n');
    writeFileSync(join(folder, 'dienststellen.csv'), 'Dienststelle;Bezeichnung;Typ\n06411;Jobcenter Darmstadt;gE\n');
    const results = await store().ingest([join(store().dir, 'inbox')]);
    expect(results.map((r) => [r.name, r.status, r.rowsLoaded])).toEqual([['dienststellen.csv', 'success', 1], ['teilnahmen.csv', 'error', 0]]);
    expect(results[1]!.error).toMatch(/^teilnahmen.csv was taken for jobcenters \(by its folder or name\), but its header is that of participations \(1 column read as jobcenters\): not loaded .* Move it into the participations\/ folder/);
    expect(await store().db.json('SELECT jobcenter_id, name FROM raw.jobcenters')).toEqual([{ jobcenter_id: '06411', name: 'Jobcenter Darmstadt' }]);
    // the measures file too, in either list's folder (it loaded as 2 Jobcenters and 7 providers)
    for (const list of ['jobcenters', 'providers']) {
      mkdirSync(join(store().dir, 'mis', list), { recursive: true });
      writeFileSync(join(store().dir, 'mis', list, 'massnahmen.csv'), 'Maßnahme-Nr;Dienststelle;Träger-Nr;Instrument;Titel;Förderart;Plätze\n06411-0001;06411;001001;45_MAT;Aktiv;integration_budget;12\n');
    }
    const measures = await store().ingest([join(store().dir, 'mis')]);
    expect(measures.map((r) => [r.status, r.error?.match(/header is that of (\w+)/)?.[1]])).toEqual([['error', 'measures'], ['error', 'measures']]);
  });

  it("tells a file refused in another data kind's folder to move, where its header is that kind's whole (CSV and JSON)", async () => {
    // outcomes in participations/ were told to add the participations' columns (an operator's audit)
    const inbox = join(store().dir, 'wrong');
    mkdirSync(join(inbox, 'participations'), { recursive: true });
    writeFileSync(join(inbox, 'participations', 'verbleib.csv'), 'Kundennummer;Dienststelle;Statusdatum;Status\n962D800001;06411;10.01.2025;employed\n');
    writeFileSync(join(inbox, 'participations', 'verbleib.json'), JSON.stringify([{ participant_id: '962D800001', jobcenter_id: '06411', status_date: '2025-01-10', status: 'employed' }]));
    const results = await store().ingest([inbox]);
    expect(results.map((r) => [r.status, r.error?.endsWith(' Its header is that of outcomes: move it into the outcomes/ folder (or give --kind outcomes).')])).toEqual([
      ['error', true],
      ['error', true],
    ]);
  });

  it("refuses a file with a column of participant ids in a list's folder though it fits no data kind whole", async () => {
    // no Zuweisungsdatum: it fitted no kind whole and loaded as the Jobcenter list, a version of 06411's record per person, nameless
    const inbox = join(store().dir, 'lacking');
    for (const list of ['jobcenters', 'measures']) mkdirSync(join(inbox, list), { recursive: true });
    writeFileSync(join(inbox, 'jobcenters', 'dienststellen.csv'), 'Dienststelle;Bezeichnung;Typ\n06411;Jobcenter Darmstadt;gE\n');
    writeFileSync(join(inbox, 'jobcenters', 'teilnahmen.csv'), 'Kundennummer;Dienststelle;Maßnahme-Nr;Eintritt;Austritt\n962D800001;06411;06411-0001;15.01.2024;\n');
    writeFileSync(join(inbox, 'measures', 'teilnahmen.csv'), 'Kundennummer;Maßnahme-Nr;Dienststelle;Träger-Nr;Instrument;Eintritt\n962D800001;06411-0001;06411;001001;45_MAT;15.01.2024\n');
    const results = await store().ingest([inbox]);
    expect(results.map((r) => [r.name, r.status, r.rowsLoaded])).toEqual([['dienststellen.csv', 'success', 1], ['teilnahmen.csv', 'error', 0], ['teilnahmen.csv', 'error', 0]]);
    expect(results[1]!.error).toBe("teilnahmen.csv was taken for jobcenters (by its folder or name), but it has a column of participant ids ('Kundennummer'), which no jobcenters list has: not loaded (as jobcenters its rows would replace records of another kind). Move it into the folder of its kind, likely participations/ (or give --kind participations); there a column it lacks is named.");
    expect(results[2]!.error).toMatch(/^teilnahmen.csv was taken for measures .* likely participations\//);
    expect(await store().db.json('SELECT jobcenter_id, name FROM raw.jobcenters')).toEqual([{ jobcenter_id: '06411', name: 'Jobcenter Darmstadt' }]);
    expect(await store().db.json('SELECT count(*)::INTEGER AS n FROM raw.measures')).toEqual([{ n: 0 }]);
  });
});
