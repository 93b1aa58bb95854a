/**
 * NULL written for an empty field, as SQL tools export one: an empty value in every column
 * but free text (any case, padded too), which then follows the rules of an empty value — a
 * required one is still rejected. Read as written, every row of such an export was rejected
 * ("first_warning_date 'NULL': not a date", "unknown dropout reason code 'null'").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pid, storePerTest, writeSheet } from './helpers.ts';

const store = storePerTest();

const HEADER = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Eintritt', 'Ergebnis', 'Abbruch durch', 'Abbruchgründe', 'Begründung', 'erstes Warnsignal', 'Soll-Tage', 'Zwischenziele', 'Anschlussempfehlung', 'Zufriedenheit'];
const rows = [
  ['001001', '06411-0001', '200G658486', '30.06.2024', '05.02.2024', 'abgeschlossen', 'NULL', 'null', 'NULL', 'Null', ' NULL ', 'NULL', 'NULL', 'NULL'],
  ['001001', '06411-0001', '200G658487', 'NULL', '04.03.2024', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'],
  ['001001', '06411-0001', 'NULL', '30.06.2024', 'NULL', 'NULL', 'NULL', 'NULL', 'nullable', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'],
];

/** `first`: the row number of the first record (a spreadsheet's 2, the header being 1; a JSON list's 1). */
async function expectRead(kind: 'csv' | 'xlsx' | 'json', path: string, first = 2): Promise<void> {
  const [result] = await store().ingest([path], { kind: 'final_reports' });
  expect(result).toMatchObject({ status: 'success', rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
  expect(
    await store().db.json(
      'SELECT participant_id, entry_date, outcome, dropout_initiator, dropout_reasons, reason_text, first_warning_date, days_planned, goals, follow_up_recommendation, participant_feedback FROM raw.final_reports',
    ),
  ).toEqual([
    {
      participant_id: pid('200G658486'),
      entry_date: '2024-02-05',
      outcome: 'completed',
      dropout_initiator: null,
      dropout_reasons: null,
      // free text is never read: what the sender wrote
      reason_text: 'NULL',
      first_warning_date: null,
      days_planned: null,
      goals: null,
      follow_up_recommendation: 'NULL',
      participant_feedback: null,
    },
  ]);
  const rejects = await store().db.json('SELECT "row", "column", reason FROM meta.rejects ORDER BY "row"');
  // a required value NULL is an empty required value: the row is rejected with that reason
  expect(rejects, kind).toEqual([
    { row: first + 1, column: 'report_date', reason: expect.stringContaining('required value is empty') },
    { row: first + 2, column: 'participant_id', reason: expect.stringContaining('participant id is empty') },
  ]);
}

describe('NULL for an empty field', () => {
  it('CSV: an empty value in every column but free text', async () => {
    const path = join(store().dir, 'abschlussberichte_export.csv');
    writeFileSync(path, [HEADER, ...rows].map((r) => r.join(';')).join('\n') + '\n');
    await expectRead('csv', path);
  });

  it('XLSX: a text cell NULL, the Kundennummer included', async () => {
    const path = join(store().dir, 'abschlussberichte_export.xlsx');
    await writeSheet(path, [HEADER, ...rows]);
    await expectRead('xlsx', path);
  });

  it('JSON: a string "NULL", the Kundennummer included', async () => {
    const path = join(store().dir, 'abschlussberichte_export.json');
    writeFileSync(path, JSON.stringify(rows.map((row) => Object.fromEntries(HEADER.map((h, i) => [h, row[i]])))));
    await expectRead('json', path, 1);
  });
});
