/**
 * JSON as Windows tools write it: Windows PowerShell 5.1's Out-File writes UTF-16 with a BOM,
 * Set-Content the ANSI code page (Windows-1252). Read as UTF-8, the first was refused for
 * missing columns the clerk sees in it, and the second lost every umlaut ('Tr�ger-Nr', so a
 * missing provider_id; with English keys the values' umlauts became '�' without a word).
 * They are read like the CSV encodings.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const report = { 'Träger-Nr': 'T-1', 'Maßnahme-Nr': 'M-1', Kundennummer: '962D990301', Berichtsdatum: '01.03.2024', Ergebnis: 'Abbruch', Anschlussempfehlung: 'Übergang in § 16i' };

describe('JSON and NDJSON encodings', () => {
  it('UTF-16 with BOM, Windows-1252 and UTF-8 with BOM load the same values', async () => {
    const text = JSON.stringify([report], null, 2).replaceAll('\n', '\r\n');
    const files = {
      'berichte_utf16.json': Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]),
      'berichte_ansi.json': iconv.encode(text, 'win1252'),
      'berichte_ansi.ndjson': iconv.encode(`${JSON.stringify({ ...report, Kundennummer: '962D990302' })}\r\n`, 'win1252'),
      'berichte_bom.ndjson': Buffer.from(`\uFEFF${JSON.stringify({ ...report, Kundennummer: '962D990303' })}\n`, 'utf8'),
    };
    const paths = Object.entries(files).map(([name, bytes]) => {
      writeFileSync(join(store.dir, name), bytes);
      return join(store.dir, name);
    });
    const results = await store.ingest(paths, { kind: 'final_reports' });
    expect(results.map((r) => [r.name, r.status, r.rowsLoaded])).toEqual(Object.keys(files).map((name) => [name, 'success', 1]));
    expect(await store.db.json('SELECT DISTINCT provider_id, outcome, follow_up_recommendation FROM raw.final_reports')).toEqual([
      { provider_id: 'T-1', outcome: 'dropout', follow_up_recommendation: 'Übergang in § 16i' },
    ]);
  });
});

describe('a JSON file refused for missing columns', () => {
  it("names the keys it did not read: a portal's nested records were refused naming only what was missing", async () => {
    const store = await openStore();
    try {
      const path = join(store.dir, 'portal.json');
      writeFileSync(path, JSON.stringify([{ provider: { id: '001001' }, measure: { id: '06411-0001' }, participant: { id: '907H000001' }, report_date: '2025-03-10' }]));
      const [result] = await store.ingest([path], { kind: 'final_reports' });
      expect(result?.status).toBe('error');
      expect(result?.error).toContain("are missing (the file's keys not read: 'provider', 'measure', 'participant' — a record nesting objects");
    } finally {
      store.close();
    }
  });
});

describe('messages name no Kundennummer typed apart', () => {
  it('masks one with separators anywhere between its parts', async () => {
    const { notReadText } = await import('../../pipelines/ingest/missing-columns.ts');
    expect(notReadText(['914P_000002', '914 P000005', '123A456789', '123A-456789', '914P—000003', 'Bemerkung'], 'json')).toMatch(/^ \(the file's keys not read: '…', '…', '…', '…', '…', 'Bemerkung'/);
  });
});
