/**
 * A CSV file with a line break inside a quoted field is read serially from the start:
 * DuckDB's parallel reader refuses null_padding with such a field whenever one of its chunk
 * boundaries falls inside one, and the whole file was then parsed a second time (a file of
 * 653,207 generated final reports failed at its line 444,637).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsv } from '../../pipelines/ingest/csv-source.ts';
import { hasQuotedNewline } from '../../pipelines/ingest/quoted-newlines.ts';
import { openStore } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-quoted-nl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string): string => {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return path;
};

describe('quoted line breaks', () => {
  it('are found inside quotes (LF, CRLF, CR), not outside them or after a doubled quote', () => {
    expect(hasQuotedNewline(file('a;b\n1;"x\ny"\n'))).toBe(true);
    expect(hasQuotedNewline(file('a;b\r\n1;"x\r\ny"\r\n'))).toBe(true);
    expect(hasQuotedNewline(file('a;b\r1;"x\ry"\r'))).toBe(true);
    expect(hasQuotedNewline(file('a;b\n1;"x;y"\n2;"say ""hi"""\n'))).toBe(false);
    expect(hasQuotedNewline(file('a;b\n1;2\n'))).toBe(false);
    expect(hasQuotedNewline(file(''))).toBe(false);
  });

  it('are found when the quoted field spans the reader\'s 1 MiB buffers', () => {
    const filler = `${'1;2\n'.repeat((1 << 20) / 4 - 1)}1;"x`;
    expect(hasQuotedNewline(file(`${filler}\ny"\n`))).toBe(true);
    expect(hasQuotedNewline(file(`${filler}y"\n3;4\n`))).toBe(false);
  });

  it('make the file read serially from the start; a file without them stays parallel', async () => {
    const multi = await openCsv('providers', file('provider_id;name\n001;"Träger\nZweigstelle Süd"\n'));
    const plain = await openCsv('providers', file('provider_id;name\n001;"Träger, Zweigstelle Süd"\n'));
    try {
      expect(multi.source.from).toContain('parallel = false');
      expect(plain.source.from).not.toContain('parallel');
    } finally {
      multi.dispose();
      plain.dispose();
    }
  });

  it('keep row numbers in file order when the serially read rows are checked in parallel', async () => {
    // three of DuckDB's row groups (122,880 rows each) after the copy, so the checks run on
    // several threads; a multi-line record is one row, the rejected ones lie in later groups
    const lines = ['provider_id;name', '"P-0";"Träger\nZweigstelle Süd"'];
    for (let i = 1; i < 300_000; i++) lines.push(i === 150_000 || i === 299_998 ? `;"leer ${i}"` : `P-${i};"Träger ${i}"`);
    const store = await openStore();
    try {
      await store.db.run('SET threads = 2'); // the suite runs DuckDB on one thread
      const [result] = await store.ingest([file(`${lines.join('\n')}\n`)], { kind: 'providers' });
      expect(result).toMatchObject({ status: 'success', rowsRead: 300_000, rowsLoaded: 299_998, rowsRejected: 2 });
      expect(await store.db.json(`SELECT "row", "column" FROM meta.rejects ORDER BY "row"`)).toEqual([
        { row: 150_002, column: 'provider_id' },
        { row: 300_000, column: 'provider_id' },
      ]);
      expect(await store.db.json(`SELECT provider_id, name, _row FROM raw.providers WHERE _row IN (2, 150_001, 150_003, 300_001) ORDER BY _row`)).toEqual([
        { provider_id: 'P-0', name: 'Träger\nZweigstelle Süd', _row: 2 },
        { provider_id: 'P-149999', name: 'Träger 149999', _row: 150_001 },
        { provider_id: 'P-150001', name: 'Träger 150001', _row: 150_003 },
        { provider_id: 'P-299999', name: 'Träger 299999', _row: 300_001 },
      ]);
    } finally {
      store.close();
    }
  });
});
