/**
 * Codes written with decomposed umlauts (NFD: a + U+0308, as macOS and PDFs give them) read
 * as the composed ones they look like: 'Träger' in "Abbruch durch" was rejected as unknown
 * beside the allowed 'träger'. Ids are compared as written (id-characters.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storePerTest, writeSheet } from './helpers.ts';

const store = storePerTest();

const NFD_TRAEGER = 'Tra\u0308ger';
const HEADER = ['Träger-Nr', 'Maßnahme-Nr', 'Kundennummer', 'Berichtsdatum', 'Eintritt', 'Ergebnis', 'Abbruch durch', 'Begründung'];
const rows = [
  ['001001', '06411-0001', '200G658486', '30.06.2024', '05.02.2024', 'Abbruch', NFD_TRAEGER, NFD_TRAEGER],
  ['001001', 'M-A\u03081', '200G658487', '30.06.2024', '04.03.2024', 'Abbruch', NFD_TRAEGER.toLowerCase(), 'x'],
];

async function expectRead(path: string): Promise<void> {
  const [result] = await store().ingest([path], { kind: 'final_reports' });
  expect(result).toMatchObject({ status: 'success', rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 });
  expect(await store().db.json('SELECT measure_id, dropout_initiator, reason_text FROM raw.final_reports ORDER BY _row')).toEqual([
    // free text is stored as sent
    { measure_id: '06411-0001', dropout_initiator: 'provider', reason_text: NFD_TRAEGER },
    // an id is compared as written: not mapped to 'M-Ä1'
    { measure_id: 'M-A\u03081', dropout_initiator: 'provider', reason_text: 'x' },
  ]);
}

describe('codes with decomposed umlauts', () => {
  it('CSV', async () => {
    const path = join(store().dir, 'abschlussberichte_mac.csv');
    writeFileSync(path, [HEADER, ...rows].map((r) => r.join(';')).join('\n') + '\n');
    await expectRead(path);
  });

  it('XLSX', async () => {
    const path = join(store().dir, 'abschlussberichte_mac.xlsx');
    await writeSheet(path, [HEADER, ...rows]);
    await expectRead(path);
  });

  it('JSON', async () => {
    const path = join(store().dir, 'abschlussberichte_mac.json');
    writeFileSync(path, JSON.stringify(rows.map((row) => Object.fromEntries(HEADER.map((h, i) => [h, row[i]])))));
    await expectRead(path);
  });

  it('an enum word of another kind: Geschlecht männlich', async () => {
    const path = join(store().dir, 'teilnahmen_mac.csv');
    writeFileSync(path, ['Kundennummer;Dienststelle;Maßnahme-Nr;Zuweisungsdatum;Geschlecht', '200G658486;06411;06411-0001;01.02.2024;ma\u0308nnlich', ''].join('\n'));
    const [result] = await store().ingest([path], { kind: 'participations' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 0 });
    expect(await store().db.json('SELECT gender FROM raw.participations')).toEqual([{ gender: 'm' }]);
  });
});
