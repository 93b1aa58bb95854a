/**
 * Re-encodes a non-UTF-8 CSV into a temporary UTF-8 file for DuckDB, streaming.
 * Needed because DuckDB's latin-1 is ISO-8859-1, not Windows-1252: German Excel
 * exports write '€' as 0x80 and typographic quotes as 0x84/0x93, which latin-1 garbles.
 *
 * A "Windows-1252" file is read line by line: a line that is valid UTF-8 is UTF-8. Files
 * mix the two when rows of an Excel "CSV (Trennzeichen-getrennt)" export are pasted under a
 * "CSV UTF-8" one; read whole as Windows-1252, every UTF-8 umlaut became two characters
 * ('Ã¼' for 'ü'). German Windows-1252 text is practically never valid UTF-8 (an umlaut
 * would have to follow 'Ã' or 'Â'), so a pure Windows-1252 file reads as before.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { detectEncoding, type TextEncoding } from './dialect.ts';
import { makeWorkFolder, removeWorkFolder } from './work-folder.ts';

export interface TempFile {
  readonly path: string;
  dispose(): void;
}

/** Text of Windows-1252 bytes in which some lines may be UTF-8 (see above). */
export function decodeWindows1252Lines(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  // runs of lines in one encoding are decoded at once (one iconv call per line cost 40 %)
  let text = '';
  let runStart = 0;
  let runUtf8 = true;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    const utf8 = isUtf8(bytes.subarray(start, end));
    if (utf8 !== runUtf8 && start > runStart) {
      text += decodeRun(bytes.subarray(runStart, start), runUtf8);
      runStart = start;
    }
    runUtf8 = utf8;
    start = end;
  }
  return text + decodeRun(bytes.subarray(runStart), runUtf8);
}

function decodeRun(bytes: Buffer, utf8: boolean): string {
  return utf8 ? bytes.toString('utf8') : iconv.decode(bytes, 'win1252');
}

/** Decodes whole lines (a line end is never inside a multi-byte character) into UTF-8. */
class Windows1252Lines extends Transform {
  #rest: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    // CR too: a file with CR line ends only would otherwise be held whole
    const end = Math.max(data.lastIndexOf(0x0a), data.lastIndexOf(0x0d)) + 1;
    this.#rest = data.subarray(end);
    done(null, end > 0 ? Buffer.from(decodeWindows1252Lines(data.subarray(0, end)), 'utf8') : undefined);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.#rest.length > 0 ? Buffer.from(decodeWindows1252Lines(this.#rest), 'utf8') : undefined);
  }
}

/** The copy goes into a folder beside the database `dbPath` (work-folder.ts): it holds raw ids. */
export async function transcodeToUtf8(path: string, encoding: TextEncoding, dbPath: string): Promise<TempFile> {
  const dir = makeWorkFolder(dbPath);
  const dispose = () => removeWorkFolder(dir);
  const target = join(dir, 'utf8.csv');
  try {
    if (encoding === 'windows-1252') {
      await pipeline(createReadStream(path), new Windows1252Lines(), createWriteStream(target));
    } else {
      // iconv-lite strips a UTF-16 BOM while decoding; the output gets none.
      await pipeline(createReadStream(path), iconv.decodeStream(encoding), iconv.encodeStream('utf-8'), createWriteStream(target));
    }
  } catch (error) {
    // a full disk or an unreadable file: the part written is not left behind
    dispose();
    throw error;
  }
  return { path: target, dispose };
}

/**
 * A whole file's text in the encodings CSV accepts (JSON arrays): UTF-8 with or without BOM,
 * UTF-16 with BOM (Windows PowerShell's Out-File), else Windows-1252 by line (Set-Content).
 */
export function decodeText(bytes: Buffer): string {
  const { encoding } = detectEncoding(bytes, true);
  if (encoding === 'windows-1252') return decodeWindows1252Lines(bytes);
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes); // drops a BOM
  return iconv.decode(bytes, encoding); // drops the UTF-16 BOM
}

/** A file as a stream of UTF-8 text (NDJSON), the encoding told by its first bytes as in decodeText. */
export function utf8TextStream(path: string, sample: Buffer): Readable {
  const { encoding } = detectEncoding(sample, false);
  const bytes = createReadStream(path);
  // UTF-8 too goes by line: a Windows-1252 line further on keeps its umlauts
  const decoder: Transform = encoding === 'utf-8' || encoding === 'windows-1252' ? new Windows1252Lines() : (iconv.decodeStream(encoding) as unknown as Transform);
  bytes.on('error', (error) => decoder.destroy(error));
  return bytes.pipe(decoder).setEncoding('utf8');
}
