/**
 * No raw participant id reaches the database file, its WAL, the rejects, the summary or the
 * log — also not from rejected rows or cut-off records.
 */
import ExcelJS from 'exceljs';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { recordManualRun } from '../../pipelines/schedule/job-ledger.ts';
import { FIXTURES, KEY, openStore } from './helpers.ts';

/** Every raw id written in the fixtures (962D + six digits), as written there. */
function rawIdsInFixtures(): string[] {
  const ids = new Set<string>();
  for (const name of readdirSync(FIXTURES)) {
    for (const match of readFileSync(join(FIXTURES, name), 'latin1').matchAll(/962D\d{6}/gi)) ids.add(match[0].toUpperCase());
  }
  return [...ids].sort();
}

function bytesContain(path: string, text: string): boolean {
  if (!existsSync(path)) return false;
  const bytes = readFileSync(path);
  return [text, text.toUpperCase(), text.toLowerCase()].some((variant) => bytes.includes(Buffer.from(variant)));
}

describe('no raw participant ids', () => {
  it('after ingesting every fixture (rejected rows included) no raw id is in the DB file, the WAL, rejects, output or log', async () => {
    const ids = rawIdsInFixtures();
    expect(ids.length).toBe(18); // distinct ids in the fixtures (counted by hand)
    const store = await openStore();
    try {
      const truncatedQuote = join(store.dir, 'abschlussberichte_cut.csv');
      // A cut-off file whose last record breaks off inside a quoted value.
      writeFileSync(truncatedQuote, 'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Begründung\nT-1;M-1;962D900001;01.07.2024;"kurz"\nT-1;M-1;962D900002;01.07.2024;"Teilnehmer hat');
      ids.push('962D900001', '962D900002');
      // A file without a header row and a broken JSON file: their error messages must not quote the data.
      const headerless = join(store.dir, 'teilnahmen_ohne_kopf.csv');
      writeFileSync(headerless, '962D900003;06411;M-1;01.02.2024\n962D900004;06411;M-1;02.02.2024\n');
      const brokenJson = join(store.dir, 'abschlussberichte_kaputt.json');
      writeFileSync(brokenJson, '[{"participant_id": "962D900005", "provider_id": T-1}]');
      ids.push('962D900003', '962D900004', '962D900005');
      // What a file's creator names: the file, a header cell, a JSON key, a sheet (in a note
      // and in an error). Each reached the terminal, the log, meta.files or meta.job_runs.
      const named = join(store.dir, 'teilnahmen_962D900006.csv');
      writeFileSync(named, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum\nA1;06411;M-1;01.02.2024\n');
      const header = join(store.dir, 'teilnahmen_kopf.csv');
      writeFileSync(header, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;962D900007\nA2;06411;M-1;01.02.2024;x\n');
      const jsonKey = join(store.dir, 'abschlussberichte_schluessel.json');
      writeFileSync(jsonKey, JSON.stringify([{ provider_id: 'T-1', measure_id: 'M-1', participant_id: 'A3', report_date: '2024-07-01', '962D900008': 'x' }]));
      const columns = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum'];
      const sheets = new ExcelJS.Workbook();
      for (const name of ['Q1', 'Q2 962D900009']) sheets.addWorksheet(name).addRows([columns, ['T-1', 'M-1', 'A4', '01.07.2024']]);
      const laterSheet = join(store.dir, 'abschlussberichte_blaetter.xlsx');
      await sheets.xlsx.writeFile(laterSheet);
      const hidden = new ExcelJS.Workbook();
      hidden.addWorksheet('Deckblatt').addRow(['Berichte']);
      hidden.addWorksheet('Daten 962D900010', { state: 'hidden' }).addRows([columns, ['T-1', 'M-1', 'A5', '01.07.2024']]);
      const hiddenSheet = join(store.dir, 'abschlussberichte_versteckt.xlsx');
      await hidden.xlsx.writeFile(hiddenSheet);
      ids.push('962D900006', '962D900007', '962D900008', '962D900009', '962D900010');
      // the sheet read named after a person (the ledger's dialect names it), a title row above the header
      const titled = new ExcelJS.Workbook();
      titled.addWorksheet('Q1 962D900011').addRows([['Abschlussberichte Q1'], columns, ['T-1', 'M-1', 'A6', '01.07.2024']]);
      const titledSheet = join(store.dir, 'abschlussberichte_titel.xlsx');
      await titled.xlsx.writeFile(titledSheet);
      // another person named by number in provider free text, also with a separator; a
      // Kundennummer typed with a separator into the measure column
      const freeText = join(store.dir, 'abschlussberichte_text.csv');
      writeFileSync(
        freeText,
        'Träger-Nr;Maßnahme-Nr;Kundennummer;Berichtsdatum;Begründung;Anschlussempfehlung\nT-1;M-1;A7;01.07.2024;"TN 962D900012 (Bruder) war ebenfalls da";Anschluss bei 962D 900013\n' +
          // as pasted from Word: a no-break space, a zero-width space, full-width digits
          'T-1;M-1;A11;01.07.2024;"TN 962D\u00a0900016 und 962D\u200b900017";"TN ９６２D900018"\n',
      );
      const separated = join(store.dir, 'teilnahmen_getrennt.csv');
      writeFileSync(separated, 'Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum\nA8;06411;962D-900014;01.02.2024\nA9;06411;M-1;01.02.2024\n');
      // a sheet chosen by name (--sheet): the ledger tells sheets of one workbook apart
      const chosen = new ExcelJS.Workbook();
      chosen.addWorksheet('Deckblatt').addRow(['Berichte']);
      chosen.addWorksheet('Q2 962D900015').addRows([columns, ['T-1', 'M-1', 'A10', '01.07.2024']]);
      const chosenSheet = join(store.dir, 'abschlussberichte_gewaehlt.xlsx');
      await chosen.xlsx.writeFile(chosenSheet);
      ids.push('962D900011', '962D900012', '962D 900013', '962D-900014', '962D900015', '962D\u00a0900016', '962D\u200b900017', '９６２D900018');
      store.db.close();

      const logLines: string[] = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
      const effects = { ...quietEffects(), log: pino({ level: 'debug' }, sink) };
      const db = await Db.open(store.dbPath);
      store.db = db;
      await bootstrap(db);
      const files = readdirSync(FIXTURES).map((name) => join(FIXTURES, name));
      const kinds = { massnahmen_cp1252: 'measures' } as const;
      const results = [];
      for (const file of [...files, truncatedQuote, headerless, brokenJson, named, header, jsonKey, laterSheet, hiddenSheet, titledSheet, freeText, separated]) {
        const stem = file.split('/').pop()!.replace(/\..*$/, '');
        const kind = stem in kinds ? kinds[stem as keyof typeof kinds] : undefined;
        results.push(...(await ingestPaths(db, { paths: [file], key: KEY, kind }, effects)));
      }
      results.push(...(await ingestPaths(db, { paths: [chosenSheet], key: KEY, sheet: 'Q2 962D900015' }, effects)));
      expect(results.at(-1)?.status).toBe('success');
      expect(results.filter((r) => r.status === 'success').length).toBeGreaterThanOrEqual(14);
      expect(results.find((r) => r.file === hiddenSheet)?.error).toContain("Sheet 'Daten …' holds the columns but is hidden");
      // the free text loaded with the numbers masked; the separated one refused as a Kundennummer
      expect(await db.json("SELECT reason_text AS r, follow_up_recommendation AS f FROM raw.final_reports WHERE reason_text LIKE 'TN %' ORDER BY 1")).toEqual([
        { r: 'TN … (Bruder) war ebenfalls da', f: 'Anschluss bei …' },
        { r: 'TN … und …', f: 'TN …' },
      ]);
      expect(await db.json("SELECT reason FROM meta.rejects WHERE file_name = 'teilnahmen_getrennt.csv' AND \"column\" = 'measure_id'")).toEqual([
        { reason: 'looks like a Kundennummer (a participant id): only participant_id may hold one (columns swapped?)' },
      ]);
      await recordManualRun(db, 'ingest', new Date(), new Date(), results); // as almp ingest does: meta.job_runs
      expect(await db.scalar('SELECT count(*) FROM meta.rejects')).toBeGreaterThanOrEqual(12);

      // Every text in every table, row by row, as the database holds it: an id's shape, not
      // '962D' alone, which a SHA-256 content hash holds by chance (the workbooks written
      // above carry the time they were made, so their hashes change at every run: ~0.1 %
      // each; a clean-clone run failed with 'meta.files: 1').
      const tables = await db.all<{ schema: string; name: string }>(
        "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE'",
      );
      for (const { schema, name } of tables) {
        const hits = await db.scalar(`SELECT count(*) FROM "${schema}"."${name}" AS t WHERE regexp_matches(upper(CAST(t AS VARCHAR)), '962D[ ./-]?[0-9]{6}')`);
        expect(`${schema}.${name}: ${hits}`).toBe(`${schema}.${name}: 0`);
      }
      const said = [...effects.lines, ...results.flatMap((r) => [...r.firstReasons, r.error ?? ''])].join('\n');
      for (const id of ids) expect(said.toUpperCase()).not.toContain(id);
      for (const id of ids) expect(logLines.join('').toUpperCase()).not.toContain(id);

      // The WAL before the checkpoint holds the committed rows as written (positive control: a title).
      const wal = `${store.dbPath}.wal`;
      expect(bytesContain(wal, 'Bewerbungstraining') || bytesContain(store.dbPath, 'Bewerbungstraining')).toBe(true);
      for (const id of ids) expect(bytesContain(wal, id)).toBe(false);
      await db.checkpoint();
      db.close();
      store.db = await Db.open(store.dbPath);
      for (const id of ids) {
        expect(bytesContain(store.dbPath, id)).toBe(false);
        expect(bytesContain(wal, id)).toBe(false);
      }
    } finally {
      store.close();
    }
  });
});
