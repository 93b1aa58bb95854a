/**
 * The ingest's summary for a file with many rejects: 10^6 rows bad in gender and referral_date
 * showed 'rejected row 2, gender …', 'rejected row 2, referral_date …', 'rejected row 3,
 * gender …' — the same two reasons five times and no count of either. It counts them by column
 * and reason now; a file whose rejects all differ keeps its rows (rejects.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reasonCountLines } from '../../pipelines/ingest/reject-counts.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('reject counts in the ingest summary', () => {
  it('counts 5,000 rows bad in the same two columns by column and reason, with the first row and its value', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `06411;2023-13;x${i};55;72`);
    const csv = join(store.dir, 'bestand_kaputt.csv');
    writeFileSync(csv, `Dienststelle;Monat;ELB;Arbeitslose;Langzeitleistungsbeziehende\n${rows.join('\n')}\n06411;2023-10;115;viele;72\n06412;2023-10;115;55;72\n`);
    const [result] = await store.ingest([csv], { kind: 'jobcenter_stocks' });
    expect([result!.rowsLoaded, result!.rowsRejected]).toEqual([1, 5001]);
    expect(store.lines.slice(0, 6)).toEqual([
      'bestand_kaputt.csv (jobcenter_stocks): 5.002 rows read, 1 row loaded, 5.001 rejected',
      '  rejected, by column and reason:',
      `    elb ("ELB"): 5.000 rows (first: row 2, 'x0'): not a whole number`,
      `    month ("Monat"): 5.000 rows (first: row 2, '2023-13'): not a month (YYYY-MM or MM.YYYY, years 1900-2100)`,
      `    unemployed ("Arbeitslose"): 1 row (row 5002, 'viele'): not a whole number`,
      `  … the reasons for all 5.001 rejected rows: almp rejects ${result!.fileId}`,
    ]);
  });

  it('says how many columns and reasons it left out, and names a reason for the whole file or row', () => {
    const group = { header: null, reason: 'r', firstValue: null };
    expect(
      reasonCountLines({
        groups: [
          { ...group, column: 'gender', count: 1_000_000, firstRow: 2, firstValue: 'q' },
          { ...group, column: null, count: 2, firstRow: 7 },
          { ...group, column: null, count: 1, firstRow: null },
        ],
        total: 1204,
      }),
    ).toEqual(["gender: 1.000.000 rows (first: row 2, 'q'): r", 'whole row: 2 rows (first: row 7): r', 'file: 1 row: r', '… and 1.201 more columns or reasons']);
  });
});
