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
});
