/**
 * A portal's "nothing this month" is an empty list: `[]` or `{"stand": …, "daten": []}`. It
 * was refused as 'no records found' (and almp status stayed red for 7 days), while a CSV of
 * its header alone loads as 0 rows. A JSON file that is no list of records at all is still
 * refused, with its reason — and so are a failed download's error wrapper around an empty
 * list and an empty or blank NDJSON file (a download cut off), which loaded as 0 rows and
 * turned almp status green (a review).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('an empty JSON or NDJSON delivery', () => {
  it.each([
    ['an empty array', 'berichte.json', '[]', 'json array, no records'],
    ['an empty array with a BOM and white space', 'berichte.json', '\uFEFF [ ]\r\n', 'json array, no records'],
    ['an empty array wrapped beside metadata', 'berichte.json', '{"exportDate": "2025-03-11", "count": 0, "data": []}', "json object, records in 'data', no records"],
    // an empty error field, a count of 0 faulty rows, a nested page or meta object: metadata of an empty delivery (a review)
    ['an empty list beside error: null', 'berichte.json', '{"success": true, "error": null, "data": []}', "json object, records in 'data', no records"],
    ['an empty list beside fehler: 0', 'berichte.json', '{"status": "ok", "fehler": 0, "daten": []}', "json object, records in 'daten', no records"],
    ['an empty list beside a count of faulty rows', 'berichte.json', '{"stand": "2025-03", "anzahl": 0, "fehlerhafte_zeilen": 0, "daten": []}', "json object, records in 'daten', no records"],
    ['an empty list beside a nested meta object', 'berichte.json', '{"meta": {"stand": "2025-03", "anzahl": 0}, "daten": []}', "json object, records in 'daten', no records"],
    ['an empty list beside a page', 'berichte.json', '{"data": [], "pagination": {"page": 1, "total": 0}}', "json object, records in 'data', no records"],
    ['an empty list beside a note', 'berichte.json', '{"hinweis": "Keine fehlerhaften Datensätze", "daten": []}', "json object, records in 'daten', no records"],
  ])('%s loads as 0 rows, naming no column missing', async (_, name, text, dialect) => {
    const path = join(store.dir, name);
    writeFileSync(path, text);
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, notes: [] });
    expect(await store.db.json('SELECT kind, dialect FROM meta.files')).toEqual([{ kind: 'final_reports', dialect }]);
    expect(await store.db.scalar('SELECT count(*) FROM meta.rejects')).toBe(0);
  });

  it.each([
    ['a number', '42', 'The JSON file is not an array of objects.'],
    ['an object without a list of records', '{"exportDate": "2025-03-11", "count": 0}', 'The JSON file is not an array of objects.'],
    ['an object with two empty lists', '{"data": [], "errors": []}', 'The JSON file is not an array of objects.'],
    // one report lacking a required field: its empty goals list is no empty delivery
    ['one report whose only list is its goals', '{"provider_id": "T-1", "measure_id": "M-1", "participant_id": "962D600071", "goals": []}', 'The JSON file is not an array of objects.'],
    ['an empty file', '', 'the file is empty'],
    ['an error wrapper around an empty list', '{"status": "error", "fehler": "Sitzung abgelaufen - bitte neu anmelden", "daten": []}', "reports a failure ('status'): a download or export that failed"],
    ['an error object beside an empty list', '{"error": {"code": 401, "message": "Unauthorized"}, "items": []}', "reports a failure ('error')"],
    ['an HTTP status beside an empty list', '{"status": 401, "daten": []}', "reports a failure ('status')"],
    ['ok: false beside an empty list', '{"ok": false, "daten": []}', "reports a failure ('ok')"],
    ['a login message beside an empty list', '{"status": "Anmeldung erforderlich", "daten": []}', "reports a failure ('status')"],
    ['an NDJSON file of no lines', '', 'the file is empty', 'berichte.ndjson'],
    ['an NDJSON file of a BOM and blank lines', '\uFEFF\n\r\n  \n', 'the file is empty', 'berichte.ndjson'],
  ])('%s is still refused with its reason', async (_, text, reason, name = 'berichte.json') => {
    const path = join(store.dir, name);
    writeFileSync(path, text);
    const [result] = await store.ingest([path], { kind: 'final_reports' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result!.error).toContain(reason);
  });
});
