/**
 * A NUL byte in the first 64 KB of a CSV refuses the file as binary (dialect.ts); the same
 * byte further down was stored in the value ('Stra\x00e GmbH' in raw.providers, dropped by
 * the dashboards when they printed it). It now rejects its row, naming the column, like an
 * id holding a control character; a JSON value "\u0000" too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './helpers.ts';

const store = storePerTest();

describe('a NUL byte in a text value', () => {
  it('after the sniffed 64 KB of a CSV: rejects its row naming the column, the other rows load', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `${910_000 + i};Traeger ${i} mit einem etwas laengeren Namen;frei`);
    rows.push('912000;Stra\u0000e GmbH;frei', '912001;Letzter Traeger;frei');
    const path = join(store().dir, 'traeger.csv');
    writeFileSync(path, ['Träger-Nr;Name des Trägers;Trägerart', ...rows, ''].join('\r\n'));
    const [result] = await store().ingest([path], { kind: 'providers' });
    expect(result).toMatchObject({ status: 'success', rowsRead: 2_002, rowsLoaded: 2_001, rowsRejected: 1 });
    expect(await store().db.json('SELECT "row", "column", "value", reason FROM meta.rejects')).toEqual([
      { row: 2_002, column: 'name', value: 'Stra\\x00e GmbH', reason: expect.stringContaining('holds a NUL byte') },
    ]);
    expect(await store().db.scalar(`SELECT count(*) FROM raw.providers WHERE contains(name, chr(0))`)).toBe(0);
  });

  it('in a JSON value: the same reject', async () => {
    const path = join(store().dir, 'traeger.json');
    writeFileSync(path, JSON.stringify([{ provider_id: '910001', name: 'Stra\u0000e GmbH' }, { provider_id: '910002', name: 'Gut' }]));
    const [result] = await store().ingest([path], { kind: 'providers' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 1, rowsRejected: 1 });
    expect(await store().db.json('SELECT "row", "column", reason FROM meta.rejects')).toEqual([{ row: 1, column: 'name', reason: expect.stringContaining('holds a NUL byte') }]);
  });
});
