/**
 * A buffered CSV file writer: each formatted line is encoded straight into a reused
 * 256 KB byte block, which goes to the file descriptor when full, so 10^7 rows never
 * sit in memory and no large intermediate strings are built (they would cost more in
 * joining and garbage collection than the formatting itself).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import iconv from 'iconv-lite';
import type { Kind } from '../schema/kinds.ts';
import { CsvFormatter, type CsvDialect } from './dialect.ts';
import type { Row, RowSink } from './row.ts';

const BLOCK = 1 << 18;
// A line longer than this is encoded on its own (free text can be long).
const LONG_LINE = 1 << 14;

export interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export class CsvFileSink implements RowSink {
  private readonly fd: number;
  private readonly formatter: CsvFormatter;
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private rows = 0;
  private bytes = 0;

  constructor(
    readonly path: string,
    kind: Kind,
    private readonly dialect: CsvDialect,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
    this.formatter = new CsvFormatter(kind, dialect);
    if (dialect.bom) this.emit(Buffer.from([0xef, 0xbb, 0xbf]));
    this.put(this.formatter.header());
  }

  write(row: Row): void {
    this.put(this.formatter.line(row));
    this.rows++;
  }

  close(): WrittenFile {
    this.flush();
    closeSync(this.fd);
    return { path: this.path, rows: this.rows, bytes: this.bytes };
  }

  private flush(): void {
    if (this.used === 0) return;
    this.emit(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private put(text: string): void {
    if (this.dialect.encoding === 'win1252') {
      const bytes = iconv.encode(text, 'win1252');
      if (this.used + bytes.length > BLOCK) this.flush();
      if (bytes.length > BLOCK) this.emit(bytes);
      else this.used += bytes.copy(this.block, this.used);
      return;
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (text.length > LONG_LINE) {
      this.flush();
      this.emit(Buffer.from(text, 'utf8'));
      return;
    }
    if (this.used + text.length * 3 > BLOCK) this.flush();
    this.used += this.block.write(text, this.used, 'utf8');
  }

  private emit(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    this.bytes += bytes.length;
  }
}
