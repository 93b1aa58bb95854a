/**
 * Detects a CSV file's dialect from its first bytes instead of asking the user: encoding
 * (BOM, UTF-8 vs Windows-1252), separator, the header row (title rows above it are
 * skipped) and the decimal mark. DuckDB then reads the file with these settings fixed.
 */
import { KIND_SPECS, type Kind } from '../schema/kinds.ts';
import { findHeaderRow, mapHeader, withSubHeader } from './header-mapping.ts';
import { decodeWindows1252Lines } from './transcode.ts';
import { bareAmount } from './value-shapes.ts';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type DecimalMark = ',' | '.';

export interface CsvDialect {
  readonly encoding: TextEncoding;
  readonly bom: boolean;
  readonly delimiter: string;
  /** Header cells as written. */
  readonly header: readonly string[];
  /** Records (title rows) before the header, blank lines not counted. */
  readonly headerIndex: number;
  /** The header's spreadsheet row (1-based): title rows and blank lines above it count. */
  readonly headerRow: number;
  /** Physical lines DuckDB must skip to reach the first data record. */
  readonly skipLines: number;
  readonly decimalMark: DecimalMark;
  /**
   * Records end in more than one way in the sample (CRLF and LF, say: a title line written
   * by another tool, rows appended by hand). DuckDB's strict reader then returns no records
   * at all or stops with "invalid state"; only its non-strict reader reads such a file.
   */
  readonly mixedLineEnds: boolean;
  /** No number in the sample tells the decimal mark: it is the separator's convention (decideDecimalMark reads on). */
  readonly decimalMarkGuessed: boolean;
  /** Records after the header in the sample (a read that returns none has failed). */
  readonly sampleRecords: number;
}

/** Why a sample is not a CSV at all (binary, a zip/xlsx, empty), or undefined when it is text. */
export function notTextReason(sample: Buffer): string | undefined {
  if (sample.length === 0) return 'the file is empty';
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    return 'the file is a zip archive (an Excel workbook saved with a .csv name?), not text';
  }
  if (utf16Encoding(sample)) return undefined;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return 'the file holds binary data (NUL bytes), not text';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > sample.length / 100 ? 'the file holds binary data (control characters), not text' : undefined;
}

function utf16Encoding(sample: Buffer): TextEncoding | undefined {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return bomlessUtf16(sample);
}

/**
 * UTF-16 written without a byte-order mark (some database and reporting tools): refused as
 * „binary data (NUL bytes)“, though it is text. Latin and German text in UTF-16 has a NUL in
 * one byte of nearly every pair (ä is E4 00) and almost never in the other; random or binary
 * bytes do not keep to one side. 90 % of the first 2,048 pairs on one side, at most 1 % on the other.
 */
function bomlessUtf16(sample: Buffer): TextEncoding | undefined {
  const pairs = Math.min(Math.floor(sample.length / 2), 2048);
  if (pairs < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenNul++;
    if (sample[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.9 && evenNul <= pairs * 0.01) return 'utf-16le';
  if (evenNul >= pairs * 0.9 && oddNul <= pairs * 0.01) return 'utf-16be';
  return undefined;
}

/**
 * UTF-8 if the sample decodes strictly as UTF-8 (a cut multi-byte character at the end of
 * a partial sample is allowed), otherwise Windows-1252, the encoding of German Excel exports.
 */
export function detectEncoding(sample: Buffer, complete: boolean): { encoding: TextEncoding; bom: boolean } {
  const utf16 = utf16Encoding(sample);
  if (utf16) return { encoding: utf16, bom: bomlessUtf16(sample) === undefined };
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return { encoding: 'utf-8', bom: false };
    } catch {
      // try again without a possibly cut last character
    }
  }
  return { encoding: 'windows-1252', bom: false };
}

const ASCII_LETTER = (byte: number | undefined) => byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
/** ä ö ü Ä Ö Ü ß in Windows-1252 (and Latin-1). */
const WINDOWS_1252_UMLAUTS = new Set([0xe4, 0xf6, 0xfc, 0xc4, 0xd6, 0xdc, 0xdf]);
/**
 * ä ö ü in code page 850: „ and " in Windows-1252, where 0x81 is no character. (Its Ä Ö Ü ß
 * are š Ž ™ á there, which names hold: 'Dušan', 'Sánchez'.)
 */
const CP850_UMLAUTS = new Set([0x84, 0x94, 0x81]);

/**
 * Excel's "CSV (MS-DOS)" export: code page 850. Its umlauts stand inside words ('Tr\x84ger',
 * 'f\x81r'), where Windows-1252 has typographic quotes only at a word's edge; so: such a byte
 * between two ASCII letters, and no Windows-1252 umlaut anywhere.
 */
export function looksLikeDosCodePage(sample: Buffer): boolean {
  let inWord = false;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (WINDOWS_1252_UMLAUTS.has(byte)) return false;
    if (CP850_UMLAUTS.has(byte) && ASCII_LETTER(sample[i - 1]) && ASCII_LETTER(sample[i + 1])) inWord = true;
  }
  return inWord;
}

export interface SampleRecord {
  readonly fields: string[];
  /** Character offset just after the record's line end. */
  readonly end: number;
  /** Spreadsheet row (1-based): blank lines count, a multi-line quoted record is one row. */
  readonly row: number;
}

/**
 * Splits text into records: fields separated by `delimiter`, '"' quotes with '""' inside,
 * line breaks inside quotes belong to the field. A record not finished by the end of a
 * partial sample is dropped.
 */
export function splitRecords(text: string, delimiter: string, max: number, complete: boolean): SampleRecord[] {
  const records: SampleRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length && records.length < max) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ fields, end: i + 1, row: records.length + 1 });
      fields = [];
      field = '';
    } else {
      field += ch;
    }
    i++;
  }
  if (complete && records.length < max && (field !== '' || fields.length > 0)) {
    fields.push(field);
    records.push({ fields, end: text.length, row: records.length + 1 });
  }
  // Blank lines are no records for DuckDB either.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
}

export const DELIMITERS = [';', ',', '\t', '|'] as const;
const SAMPLE_RECORDS = 40;

/**
 * Chooses the separator under which a header naming most contract columns appears, then the
 * most regular one; undefined when the sample holds no record at all (nothing but a BOM or
 * blank lines, or a first line longer than the sample).
 */
export function sniffCsv(kind: Kind, sample: Buffer, complete: boolean): CsvDialect | undefined {
  const { encoding, bom } = detectEncoding(sample, complete);
  const text = decodeSample(sample, encoding);
  let best: { rank: number[]; dialect: Omit<CsvDialect, 'decimalMark' | 'mixedLineEnds' | 'decimalMarkGuessed'>; records: SampleRecord[] } | undefined;
  for (const delimiter of DELIMITERS) {
    const records = splitRecords(text, delimiter, SAMPLE_RECORDS, complete);
    if (records.length === 0) continue;
    const headerIndex = findHeaderRow(kind, records.map((r) => r.fields));
    const header = records[headerIndex]!.fields;
    const score = mapHeader(kind, header).columns.size;
    const regular = records.slice(headerIndex + 1).filter((r) => r.fields.length === header.length).length;
    const rank = [score, header.length > 1 ? 1 : 0, regular, header.length];
    if (!best || compareRank(rank, best.rank) > 0) {
      const headerEnd = records[headerIndex]!.end;
      const skipLines = linesThrough(text, headerEnd);
      const dataRecords = records.slice(headerIndex + 1);
      const headerRow = records[headerIndex]!.row;
      const dialect = { encoding, bom, delimiter, header, headerIndex, headerRow, skipLines, sampleRecords: dataRecords.length };
      best = { rank, records: dataRecords, dialect };
    }
  }
  if (!best) return undefined;
  // a header over two rows (xlsx: see withSubHeader) saved as CSV: ';Fehltage;;' above ';E;UE;K'
  const sub = best.records[0];
  const combined = sub?.row === best.dialect.headerRow + 1 ? withSubHeader(kind, best.dialect.header, sub.fields) : undefined;
  if (sub && combined) {
    const skipLines = linesThrough(text, sub.end);
    best = { ...best, records: best.records.slice(1), dialect: { ...best.dialect, header: combined, headerRow: sub.row, skipLines, sampleRecords: best.records.length - 1 } };
  }
  // 'sep=;' on the first line tells Excel the separator; Excel does not show it as a row
  if (/^sep=[^\r\n]?(\r\n|\n|\r)/i.test(text)) best = { ...best, dialect: { ...best.dialect, headerRow: best.dialect.headerRow - 1 } };
  const mark = sniffDecimalMark(numberValues(kind, best.dialect.header, best.records));
  return {
    ...best.dialect,
    decimalMark: mark ?? conventionalMark(best.dialect.delimiter),
    decimalMarkGuessed: mark === undefined,
    mixedLineEnds: lineEndKinds(text, best.dialect.delimiter) > 1,
  };
}

const conventionalMark = (delimiter: string): DecimalMark => (delimiter === ',' ? '.' : ',');

function numberValues(kind: Kind, header: readonly string[], records: readonly SampleRecord[]): string[] {
  const mapping = mapHeader(kind, header);
  const numeric = KIND_SPECS[kind].columns.filter((c) => c.type === 'int' || c.type === 'decimal');
  return records.flatMap((r) => numeric.map((c) => r.fields[mapping.columns.get(c.name) ?? -1] ?? ''));
}

/**
 * The decimal mark read from the whole text of a file whose sample did not tell it: 45 rows
 * of whole euros and then 1234.56 in a ';' file was rejected as "not a number in this file's
 * format" (an audit). Only kinds with a decimal column ask (measures: small files), and only
 * that column's values count, by majority: the first value that told decided, and one stray
 * 99.90 before 54 amounts written 1.234,56 rejected the 54 (a review). A tie keeps the
 * separator's convention.
 */
export function decideDecimalMark(kind: Kind, file: () => Buffer | undefined, dialect: CsvDialect): DecimalMark {
  const decimal = KIND_SPECS[kind].columns.filter((c) => c.type === 'decimal');
  if (!dialect.decimalMarkGuessed || decimal.length === 0) return dialect.decimalMark;
  const bytes = file();
  if (bytes === undefined) return dialect.decimalMark;
  const records = splitRecords(decodeSample(bytes, dialect.encoding), dialect.delimiter, Number.POSITIVE_INFINITY, true).slice(dialect.headerIndex + 1);
  const mapping = mapHeader(kind, dialect.header);
  const votes = { ',': 0, '.': 0 };
  for (const r of records) {
    for (const c of decimal) {
      const mark = sniffDecimalMark([r.fields[mapping.columns.get(c.name) ?? -1] ?? '']);
      if (mark) votes[mark]++;
    }
  }
  return votes[','] > votes['.'] ? ',' : votes['.'] > votes[','] ? '.' : dialect.decimalMark;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * How many kinds of record end (CRLF, LF, CR) the text uses outside quoted fields; line
 * breaks inside a quoted field (LF in the cells of a CRLF Excel export) do not count. A
 * quote opens a field only at its start, as in splitRecords.
 */
export function lineEndKinds(text: string, delimiter: string): number {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      crlf++;
      i++;
      fieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\n') lf++;
      else cr++;
      fieldStart = true;
    } else if (ch === delimiter) {
      fieldStart = true;
    } else if (ch !== ' ' && ch !== '\t') {
      fieldStart = false;
    }
  }
  return Number(crlf > 0) + Number(lf > 0) + Number(cr > 0);
}

/**
 * The lines DuckDB is to skip to pass the record ending at `end`. A header that ends the file
 * without a line end is a line too: counted as none, a header-only file (or one cut off after
 * its header) was read with its header as a data row, rejected as 'row 2, referral_date
 * 'referral_date': not a date'.
 */
function linesThrough(text: string, end: number): number {
  const lines = countLines(text.slice(0, end));
  return end === text.length && !/[\r\n]$/.test(text) ? lines + 1 : lines;
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) lines++;
  }
  return lines;
}

/** Decoded sample text; TextDecoder drops a BOM by itself. Windows-1252 as transcode.ts reads it. */
function decodeSample(sample: Buffer, encoding: TextEncoding): string {
  return encoding === 'windows-1252' ? decodeWindows1252Lines(sample) : new TextDecoder(encoding).decode(sample);
}

/**
 * Decimal comma if a number is written the German way (1.234,56 or 12,5), point if the
 * English way (1,234.56 or 12.50); undefined when no value tells.
 */
export function sniffDecimalMark(values: readonly string[]): DecimalMark | undefined {
  for (const raw of values) {
    const v = bareAmount(raw);
    if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v) || /^[+-]?\d+,\d{1,2}$/.test(v) || /^[+-]?\d+,\d{4,}$/.test(v)) return ',';
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) || /^[+-]?\d+\.\d{1,2}$/.test(v) || /^[+-]?\d+\.\d{4,}$/.test(v)) return '.';
  }
  return undefined;
}
