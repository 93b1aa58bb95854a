/**
 * A CSV whose lines are partly UTF-8 and partly Windows-1252: rows from an Excel "CSV
 * (Trennzeichen-getrennt)" export pasted under a "CSV UTF-8" export, or appended by a tool
 * that writes the system code page. Each line reads in the encoding it is written in.
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

const HEADER = 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Titel\r\n';
const line = (id: number, title: string) => `M-${id};06411;T-1;45_MAT;${title}\r\n`;

describe('CSV with UTF-8 and Windows-1252 lines', () => {
  it('a short file: the UTF-8 header and rows and the Windows-1252 row all keep their umlauts', async () => {
    const path = join(store.dir, 'massnahmen_gemischt.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(HEADER + line(1, 'Übung für Ältere'), 'utf8'), iconv.encode(line(2, 'Bewerbung für Jüngere – Los 2'), 'win1252')]));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 2, rowsRejected: 0 });
    expect(await store.db.json('SELECT measure_id, title FROM raw.measures ORDER BY measure_id')).toEqual([
      { measure_id: 'M-1', title: 'Übung für Ältere' },
      { measure_id: 'M-2', title: 'Bewerbung für Jüngere – Los 2' },
    ]);
  });

  it('a long file whose Windows-1252 rows come after the sniffed sample: the UTF-8 rows are not re-read as Windows-1252', async () => {
    const path = join(store.dir, 'massnahmen_angehaengt.csv');
    const utf8 = Array.from({ length: 1500 }, (_, i) => line(i + 1, `Maßnahme für Ältere Nr. ${i + 1} – Qualifizierung`)).join('');
    writeFileSync(path, Buffer.concat([Buffer.from(HEADER + utf8, 'utf8'), iconv.encode(line(9001, 'Übergänge begleiten'), 'win1252')]));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1501, rowsRejected: 0 });
    expect(await store.db.json("SELECT measure_id, title FROM raw.measures WHERE measure_id IN ('M-1', 'M-1500', 'M-9001') ORDER BY _row")).toEqual([
      { measure_id: 'M-1', title: 'Maßnahme für Ältere Nr. 1 – Qualifizierung' },
      { measure_id: 'M-1500', title: 'Maßnahme für Ältere Nr. 1500 – Qualifizierung' },
      { measure_id: 'M-9001', title: 'Übergänge begleiten' },
    ]);
  });
});
