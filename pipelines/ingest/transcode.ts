/**
 * Re-encodes a non-UTF-8 CSV into a temporary UTF-8 file for DuckDB, streaming.
 * Needed because DuckDB's latin-1 is ISO-8859-1, not Windows-1252: German Excel
 * exports write '€' as 0x80 and typographic quotes as 0x84/0x93, which latin-1 garbles.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { TextEncoding } from './dialect.ts';

export interface TempFile {
  readonly path: string;
  dispose(): void;
}

export async function transcodeToUtf8(path: string, encoding: TextEncoding): Promise<TempFile> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-ingest-'));
  const target = join(dir, 'utf8.csv');
  // iconv-lite strips a UTF-16 BOM while decoding; the output gets none.
  await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream('utf-8'), createWriteStream(target));
  return { path: target, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
