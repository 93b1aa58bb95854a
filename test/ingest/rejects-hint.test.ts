/**
 * The hint under the first reject reasons must name a way to see all of them that works:
 * `almp query` reads the published snapshot, which holds a file's rejects only after the
 * next `almp run` (before, the hint "meta.rejects where file_id = 9" gave "(no rows)");
 * `almp rejects` reads the live database.
 */
import { describe, expect, it } from 'vitest';
import { emptyResult } from '../../pipelines/ingest/load-file.ts';
import { summaryLines } from '../../pipelines/ingest/summary.ts';

describe('ingest summary with many rejects', () => {
  it('tells how to list all rejects, and when almp query can show them', () => {
    const result = {
      ...emptyResult('/in/teilnahmen.csv', 'participations'),
      status: 'success' as const,
      rowsRead: 7,
      rowsLoaded: 3,
      rowsRejected: 6,
      fileId: 9,
      firstReasons: ['row 3, a', 'row 4, b', 'row 5, c', 'row 6, d', 'row 6, e'],
    };
    expect(summaryLines(result).at(-1)).toBe(
      '  … the reasons for all 6 rejected rows: almp rejects 9',
    );
  });

  it('counts one row as a row and large counts with German digits', () => {
    const base = { ...emptyResult('/in/t.csv', 'participations'), status: 'success' as const };
    expect(summaryLines({ ...base, rowsRead: 1, rowsLoaded: 1 })[0]).toBe('t.csv (participations): 1 row read, 1 row loaded, 0 rejected');
    expect(summaryLines({ ...base, rowsRead: 12345, rowsLoaded: 12344, rowsRejected: 1 })[0]).toBe('t.csv (participations): 12.345 rows read, 12.344 rows loaded, 1 rejected');
  });
});
