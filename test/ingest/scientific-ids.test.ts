/**
 * Excel writes a number cell as it shows it: a 14-digit measure number in a 'Standard'
 * column becomes '9,62E+13' in the CSV. Its digits are gone, and two measures that differ in
 * them became one id: the second row replaced the first as a repeat of its key.
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

describe('ids Excel wrote in scientific notation', () => {
  it('are refused naming the cause and the fix; nothing is superseded', async () => {
    const path = join(store.dir, 'massnahmen_zahlen.csv');
    const lines = ['Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Titel', '9,62E+13;06411;T-1;45_MAT;Los 1', '9,62E+13;06411;T-1;45_MAT;Los 2', '96200012345679;06411;T-1;45_MAT;Los 3'];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 2, rowsSuperseded: 0 });
    expect(result!.firstReasons[0]).toBe(
      `row 2, measure_id ("Maßnahme-Nr") '9,62E+13': a number Excel wrote in scientific notation: its digits are lost; format the column as text in Excel and export again`,
    );
  });
});
