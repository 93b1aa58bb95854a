/**
 * A quote that opens a field and is never closed. DuckDB's reader (strict or not, with the
 * null_padding csv-source.ts needs) reads everything after it to the end of the file as
 * that one field and pads the record: a stray '"DE' in row 10 of 100,000 rows gave
 * "9 rows read, 8 loaded, 1 rejected" with exit 0, and the 99,990 rows after it were
 * neither loaded nor rejected. The ALMP_MAX_ROW_KB limit does not see such a field.
 *
 * The signal: the end of the file reached inside quotes, which no complete file has (a
 * quoted field with line breaks — free text in final reports — closes again). What follows
 * such a quote cannot be told apart (text cut off, or records), so the file is refused
 * whole, naming the row and column of the quote. A quote on the very last line (a file cut
 * off inside its last record, nothing after it) is left to the row reject 'record ends
 * early', as before: no other row is lost.
 *
 * A quote opens a field as DuckDB reads it: at the start of the file, after the separator
 * or a line end, spaces before it allowed (a tab before it makes it a character); '""' inside is one quote; a quote
 * inside an unquoted value (p"q) is a character of it. The scan reads the bytes DuckDB
 * reads (UTF-8; quote, separator and line ends are ASCII in every encoding read), jumping
 * from quote to quote; only a refused file is read a second time, for its row and column.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const CHUNK = 1 << 20;

/** Where the quote opened that is never closed. */
export interface UnclosedQuote {
  /** Line ends before the quote's line that end a record (not those inside quoted fields), from the first byte of the file. */
  readonly recordsBefore: number;
  /** The field the quote opens (0-based) within its record. */
  readonly field: number;
  /** Lines after the quote's line that hold anything: all of them would have been read as that one value. */
  readonly linesAfter: number;
}

/** Calls `visit` with each chunk of the file and its offset; stops when it returns false. */
function eachChunk(path: string, visit: (buf: Buffer, n: number, offset: number) => boolean): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (let offset = 0; ; ) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0 || !visit(buf, n, offset)) return;
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The byte offset of a quote that opens a field and is never closed, or undefined. */
function openQuoteAtEnd(path: string, delimiter: number): number | undefined {
  let inQuote = false;
  let quoteAtChunkEnd = false; // inside quotes, the chunk ended on a quote: closing or doubled?
  let openedAt = 0;
  let before = LF; // the last byte other than a space before the current position
  eachChunk(path, (buf, n, offset) => {
    // DuckDB reads a file's byte-order mark as none of its text
    let pos = offset === 0 && hasBom(buf) ? 3 : 0;
    if (quoteAtChunkEnd) {
      quoteAtChunkEnd = false;
      if (buf[0] === QUOTE) pos = 1;
      else {
        inQuote = false;
        before = QUOTE;
      }
    }
    while (pos < n) {
      const found = buf.indexOf(QUOTE, pos);
      const quote = found === -1 || found >= n ? n : found;
      if (inQuote) {
        if (quote === n) break;
        if (quote + 1 === n) {
          quoteAtChunkEnd = true;
          break;
        }
        if (buf[quote + 1] === QUOTE) {
          pos = quote + 2;
          continue;
        }
        inQuote = false;
        before = QUOTE;
        pos = quote + 1;
        continue;
      }
      const prev = lastSignificant(buf, pos, quote);
      if (prev !== undefined) before = prev;
      if (quote === n) break;
      if (before === delimiter || before === LF || before === CR) {
        inQuote = true;
        openedAt = offset + quote;
      } else before = QUOTE;
      pos = quote + 1;
    }
    return true;
  });
  // a quote as the file's last byte closes its field
  return inQuote && !quoteAtChunkEnd ? openedAt : undefined;
}

function hasBom(buf: Buffer): boolean {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** The last byte in [from, to) that is not a space, or undefined. */
function lastSignificant(buf: Buffer, from: number, to: number): number | undefined {
  for (let i = to - 1; i >= from; i--) {
    const b = buf[i]!;
    if (b !== SPACE) return b;
  }
  return undefined;
}

/**
 * The quote that opens a field and is never closed, when lines follow it; undefined for a
 * file whose quotes all close (or whose only open quote is on its last line).
 */
export function findUnclosedQuote(path: string, delimiter: string): UnclosedQuote | undefined {
  const openedAt = openQuoteAtEnd(path, delimiter.charCodeAt(0));
  if (openedAt === undefined) return undefined;
  const found = locate(path, delimiter.charCodeAt(0), openedAt);
  return found.linesAfter > 0 ? found : undefined;
}

/** Row and field of the quote at `openedAt` and the lines with content after its line (a second, byte-by-byte read). */
function locate(path: string, delimiter: number, openedAt: number): UnclosedQuote {
  let recordsBefore = 0;
  let field = 0;
  let inQuote = false;
  let justClosed = false; // a quote inside quotes: closing, or the first of '""'
  let fieldStart = true;
  let linesAfter = 0;
  let lineHasContent = false;
  let previous = 0;
  eachChunk(path, (buf, n, offset) => {
    for (let i = offset === 0 && hasBom(buf) ? 3 : 0; i < n; i++) {
      const b = buf[i]!;
      const at = offset + i;
      if (at > openedAt) {
        // after the quote: count the lines that hold anything
        if (b === LF || b === CR) {
          if (!(b === LF && previous === CR)) {
            if (lineHasContent) linesAfter++;
            lineHasContent = false;
          }
        } else if (b !== SPACE && b !== TAB) lineHasContent = true;
        previous = b;
        continue;
      }
      if (at === openedAt) {
        lineHasContent = true; // the rest of the quote's own line, counted and taken off below
        previous = b;
        continue;
      }
      if (justClosed && b === QUOTE) {
        inQuote = true;
        justClosed = false;
      } else if (inQuote) {
        if (b === QUOTE) {
          inQuote = false;
          justClosed = true;
          fieldStart = false;
        }
      } else if (b === QUOTE && fieldStart) {
        inQuote = true;
      } else if (b === LF || b === CR) {
        if (!(b === LF && previous === CR)) recordsBefore++;
        field = 0;
        fieldStart = true;
      } else if (b === delimiter) {
        field++;
        fieldStart = true;
      } else if (b !== SPACE) {
        fieldStart = false;
      }
      if (!inQuote && b !== QUOTE) justClosed = false;
      previous = b;
    }
    return true;
  });
  if (lineHasContent) linesAfter++;
  // the first line after the quote's own line: the rest of the quote's line is no line after it
  return { recordsBefore, field, linesAfter: Math.max(0, linesAfter - 1) };
}
