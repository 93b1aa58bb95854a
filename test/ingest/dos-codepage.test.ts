/**
 * Excel's "CSV (MS-DOS)" writes code page 850, which the contract does not accept (UTF-8 or
 * Windows-1252). Read as Windows-1252 its umlauts turn into other letters ('Maánahme-Nr',
 * 'šbung'), so the file was refused for a missing 'measure_id' the clerk can see in the
 * header, or, with plain headers, loaded with mangled text. It is refused saying how to save it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { looksLikeDosCodePage } from '../../pipelines/ingest/dialect.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

const TEXT = 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Titel\r\nM-1;06411;T-1;45_MAT;Übung für Ältere „Süd“\r\n';

describe('CSV in the DOS code page 850', () => {
  it('is told apart from Windows-1252 (typographic quotes and accents in names are no umlauts)', () => {
    expect(looksLikeDosCodePage(iconv.encode(TEXT, 'cp850'))).toBe(true);
    expect(looksLikeDosCodePage(iconv.encode(TEXT, 'win1252'))).toBe(false);
    expect(looksLikeDosCodePage(iconv.encode('Provider_id;Name\r\nT-1;„Perspektive“ Sánchez & Söhne\r\n', 'win1252'))).toBe(false);
    expect(looksLikeDosCodePage(Buffer.from('plain ASCII;text\r\n'))).toBe(false);
  });

  it('is refused naming the export and how to save it instead', async () => {
    const path = join(store.dir, 'massnahmen_dos.csv');
    writeFileSync(path, iconv.encode(TEXT, 'cp850'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'error', rowsLoaded: 0 });
    expect(result!.error).toContain('code page 850');
    expect(result!.error).toContain('CSV UTF-8');
  });
});
