/**
 * A CSV file as a DuckDB source: dialect sniffed in Node, then read_csv with everything
 * fixed (no DuckDB auto-detection), every field as text, columns by position.
 *
 * Row numbers: a record's row is the row a spreadsheet shows when it opens the file —
 * title rows and the header count, a record with a quoted multi-line field counts as ONE
 * row (so it is not the text editor's line number), a blank line counts as the empty row
 * a spreadsheet shows. The number is the record's rowid in the parsed TEMP table plus the
 * header's row, plus the blank lines before it (DuckDB skips them; blank-lines.ts finds
 * them): CREATE TABLE AS keeps file order (DuckDB preserves insertion order by default).
 *
 * Broken records: read_csv runs with null_padding, an extra sentinel column and a NULL
 * marker no file contains, so an empty field reads as '' and a missing one as NULL. A
 * record whose last field is NULL ended early (typically the cut-off last line of a
 * truncated file); a record filling the sentinel has one field too many. strict_mode stays
 * on, so a record with two or more extra fields fails the read; load-file.ts then re-reads
 * with DuckDB skipping those records (see CsvRetry). A quote that is never closed fails no
 * read: DuckDB takes the rest of the file as its value and pads the record, so such a file
 * is refused before it is read (unclosed-quote.ts). A file whose records end in more than one way (CRLF and LF) is read non-strictly from the
 * start: the strict reader returns no records at all for some such files, without an error.
 */
import { columnsViolation, LIMITS } from './limits.ts';
import { openSync, readSync, closeSync, fstatSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kind } from '../schema/kinds.ts';
import { IngestError } from '../errors.ts';
import { differingColumnsReason, mapHeader } from './header-mapping.ts';
import { missingColumnsHint, missingColumnsText } from './missing-columns.ts';
import { decideDecimalMark, DELIMITERS, looksLikeDosCodePage, notTextReason, sniffCsv, type CsvDialect } from './dialect.ts';
import { transcodeToUtf8, type TempFile } from './transcode.ts';
import { lit, type SqlSource } from './validation-sql.ts';
import { blankLinesBetweenRecords } from './blank-lines.ts';
import { hasQuotedNewline } from './quoted-newlines.ts';
import { findUnclosedQuote } from './unclosed-quote.ts';
import { count } from '../counts.ts';

const SAMPLE_BYTES = 64 * 1024;
/**
 * Up to this size a file whose sample did not tell its decimal mark is read whole for it
 * (dialect.ts): about 1 s; 62 MB took 7.6 s and 1.6 GB (a review). Larger files keep the
 * separator's convention.
 */
const WHOLE_FILE_FOR_DECIMAL_MARK = 8 * 2 ** 20;
/** Marks a field that is absent (padding); '\x01\x02' never appears in a real export. */
const ABSENT = '\u0001\u0002';
const EXTRA_COLUMN = '_more_fields';

export function readSample(path: string): { sample: Buffer; complete: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    readSync(fd, sample, 0, sample.length, 0);
    return { sample, complete: size <= SAMPLE_BYTES };
  } finally {
    closeSync(fd);
  }
}

export interface CsvSource {
  readonly source: SqlSource;
  readonly dialect: CsvDialect;
  readonly extra: readonly string[];
  /** Each column's header cell as the file writes it (for reject messages). */
  readonly written: ReadonlyMap<string, string>;
  /** Path DuckDB reads (a UTF-8 copy for other encodings); bind as $path. */
  readonly readPath: string;
  dispose(): void;
}

export function describeDialect(d: CsvDialect): string {
  const delimiter = d.delimiter === '\t' ? 'tab' : `'${d.delimiter}'`;
  return `csv ${delimiter} ${d.encoding}${d.bom ? ' bom' : ''} decimal '${d.decimalMark}' header row ${d.headerRow}`;
}

/** How to read after a first attempt failed (see load-file.ts). */
export interface CsvRetry {
  /**
   * Re-read without strict mode: records with extra fields load (the extra column flags
   * them) instead of being skipped. DuckDB stores one reject per extra field, so a hostile
   * line with 10^5 separators would otherwise take minutes.
   */
  readonly lenient?: boolean;
  /** The file is not valid UTF-8 after all (beyond the sniffed sample). */
  readonly windows1252?: boolean;
  /** Let DuckDB skip records it cannot parse at all into this TEMP table instead of failing. */
  readonly unreadableTable?: string;
}

/**
 * A field written ="06411", as exports meant for Excel write ids so that Excel keeps the
 * leading zero, is the text Excel shows (06411); a doubled quote inside is one quote.
 */
function excelText(field: string): string {
  return `CASE WHEN ${field} LIKE '="%"' THEN replace(${field}[3:-2], '""', '"') ELSE ${field} END`;
}

/**
 * A sample without a single record: a file of nothing but a BOM or blank lines, or a first
 * line longer than the sample — 10^6 header cells were refused as 'sniffCsv needs a
 * non-empty sample', before the column limit could name itself.
 */
function noRecord(path: string, sample: Buffer, complete: boolean): never {
  const name = basename(path);
  if (complete) {
    throw new IngestError(`Cannot read ${name}: it holds no header and no rows (nothing but a byte-order mark or blank lines).`, path, undefined, undefined, 'Check that this is the export you meant to load; export it again with its header and rows.');
  }
  const text = sample.toString('latin1');
  const cells = Math.max(...DELIMITERS.map((d) => text.split(d).length));
  const wide = columnsViolation(cells);
  if (wide) throw new IngestError(`${name} refused: its first ${SAMPLE_BYTES / 1024} KB alone hold a header of ${wide}.`, path);
  throw new IngestError(`${name} refused: its first line runs over ${SAMPLE_BYTES / 1024} KB without a line end, which no CSV header does.`, path, undefined, undefined, 'Check that this is the CSV export you meant to load.');
}

/** A character that splits a one-cell header into at least two known column names. */
function otherSeparator(kind: Kind, cell: string): string | undefined {
  return [':', ' ', '#', '/', '~', '^', '!', '.'].find((sep) => cell.includes(sep) && mapHeader(kind, cell.split(sep).map((c) => c.trim())).columns.size >= 2);
}

/** `dbPath`: the database loaded into, beside which a re-encoded copy is written (transcode.ts). */
export async function openCsv(kind: Kind, path: string, retry: CsvRetry = {}, dbPath = ':memory:'): Promise<CsvSource> {
  const { sample, complete } = readSample(path);
  const notText = notTextReason(sample);
  if (notText) throw new IngestError(`Cannot read ${basename(path)}: ${notText}.`, path, undefined, undefined, 'Check that this is the CSV export you meant to load.');
  const sniffed = sniffCsv(kind, sample, complete) ?? noRecord(path, sample, complete);
  if (sniffed.encoding === 'windows-1252' && looksLikeDosCodePage(sample)) {
    throw new IngestError(
      `Cannot read ${basename(path)}: it looks like Excel's "CSV (MS-DOS)" export (code page 850), whose umlauts would be read as other letters.`,
      path,
      undefined,
      undefined,
      'Save it again in Excel as "CSV UTF-8 (durch Trennzeichen getrennt)" or "CSV (Trennzeichen-getrennt)" and load that file.',
    );
  }
  const encoded: CsvDialect = retry.windows1252 ? { ...sniffed, encoding: 'windows-1252', bom: false } : sniffed;
  // a file too large to read at once keeps the separator's convention
  const whole = () => (complete ? sample : statSync(path).size <= WHOLE_FILE_FOR_DECIMAL_MARK ? readFileSync(path) : undefined);
  const dialect: CsvDialect = { ...encoded, decimalMark: decideDecimalMark(kind, whole, encoded) };
  const wide = columnsViolation(dialect.header.length);
  if (wide) throw new IngestError(`${basename(path)} refused: its header has ${wide}.`, path);
  const mapping = mapHeader(kind, dialect.header);
  if (mapping.missingRequired.length > 0) {
    // a header read as one cell whose pieces name columns: a separator almp does not read
    // (':' or spaces), not missing columns — a file cut off inside its header stays as it was
    const separator = dialect.header.length === 1 && mapping.columns.size === 0 ? otherSeparator(kind, dialect.header[0]!) : undefined;
    const oneCell = separator !== undefined;
    // no header cell named and some are dates or numbers: the file starts with data (the tail
    // of a resumed upload was quarantined as 'required columns missing')
    const noHeader = !oneCell && mapping.columns.size === 0 && dialect.header.some((cell) => /^\s*(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}|\d+([.,]\d+)?)\s*$/.test(cell));
    throw new IngestError(
      // The header cells are not echoed: in a file without a header they are a data row.
      oneCell
        ? `${missingColumnsText(mapping.missingRequired)}: the whole header was read as one single column — its cells seem separated by '${separator}', which almp does not read (it reads ; , | and tab).`
        : `${missingColumnsText(mapping.missingRequired)} (${mapping.columns.size} of the ${dialect.header.length} header cells name a known column${noHeader ? '; its first line holds dates or numbers: a data row, not a header' : ''}).`,
      path,
      undefined,
      mapping.missingRequired[0],
      oneCell
        ? 'Export it again with ; or , between the columns (Excel: "CSV (Trennzeichen-getrennt)") and load that file.'
        : noHeader
          ? 'A file without its header line: the rest of a file whose upload was resumed under its name (an earlier part may have loaded as a file of its own), or an export without headers — have the whole file sent again, with its header.'
          : missingColumnsHint(kind, dialect.header, `Add the column or rename the header; accepted names are listed in docs/contracts.md under '${kind}'.`),
      // a data row is no header to keep
      oneCell || noHeader ? undefined : dialect.header,
    );
  }
  let temp: TempFile | undefined;
  if (dialect.encoding !== 'utf-8') temp = await transcodeToUtf8(path, dialect.encoding, dbPath);
  // Trailing empty header cells ('a;b;c;') are no columns; rows written the same way then
  // carry an empty extra field, which is fine.
  let width = dialect.header.length;
  while (width > 1 && dialect.header[width - 1]!.trim() === '') width--;
  const fields = [...Array.from({ length: width }, (_, i) => `c${i}`), EXTRA_COLUMN];
  const unclosed = findUnclosedQuote(temp?.path ?? path, dialect.delimiter);
  if (unclosed) {
    temp?.dispose();
    // the records before it end where the header ends (skipLines); blank lines count as rows
    const row = Math.max(1, dialect.headerRow + 1 + unclosed.recordsBefore - dialect.skipLines);
    const index = [...mapping.columns].find(([, i]) => i === unclosed.field)?.[0];
    const cell = dialect.header[unclosed.field]?.trim();
    const column = index && cell && cell !== index ? `${index} ("${cell}")` : (index ?? (cell || `field ${unclosed.field + 1}`));
    throw new IngestError(
      `${basename(path)} refused: in row ${row}, column ${column}, a quote opens that is never closed, so the ${count(unclosed.linesAfter, 'line')} after it would be read as that one value and neither loaded nor rejected.`,
      path,
      row,
      index ?? cell,
      `Close or remove the quote in row ${row} (a value cut short by the export?), save the file again and deliver it again.`,
    );
  }
  const serial = !retry.unreadableTable && hasQuotedNewline(temp?.path ?? path);
  const from = `read_csv($path, auto_detect = false, header = false, skip = ${Number(dialect.skipLines)},
      delim = ${lit(dialect.delimiter)}, quote = '"', escape = '"', encoding = 'utf-8',
      columns = {${fields.map((f) => `${lit(f)}: 'VARCHAR'`).join(', ')}},
      strict_mode = ${retry.lenient || dialect.mixedLineEnds ? 'false' : 'true'}, null_padding = true, nullstr = ${lit(ABSENT)}, max_line_size = ${Number(LIMITS.maxLineBytes)}${
        // DuckDB's parallel reader refuses skipping records together with null_padding, and
        // null_padding together with quoted line breaks (quoted-newlines.ts).
        retry.unreadableTable
          ? `, store_rejects = true, parallel = false, rejects_table = ${lit(retry.unreadableTable)}, rejects_scan = ${lit(`${retry.unreadableTable}_scan`)}`
          : serial
            ? ', parallel = false'
            : ''
      })`;
  const columns = new Map<string, string>();
  for (const [name, index] of mapping.columns) columns.set(name, excelText(`c${index}`));
  // a second column of one meaning, not read: a row where its value is another is rejected (validation-sql.ts)
  const headerCell = (index: number) => dialect.header[index]?.trim() ?? '';
  const alsoGiven = [...mapping.alsoGiven].flatMap(([name, seconds]) =>
    seconds
      .filter((second) => second < width)
      .map((second) => ({
        column: name,
        text: excelText(`c${second}`),
        reason: lit(differingColumnsReason(name, headerCell(mapping.columns.get(name)!), headerCell(second))),
        header: lit(headerCell(second)),
        firstHeader: lit(headerCell(mapping.columns.get(name)!)),
      })),
  );
  return {
    dialect,
    extra: mapping.extra,
    written: new Map([...mapping.columns].map(([name, index]) => [name, dialect.header[index]?.trim() || name])),
    readPath: temp?.path ?? path,
    dispose: () => temp?.dispose(),
    source: {
      from,
      rowExpr: 'NULL::INTEGER',
      rowOffset: dialect.headerRow + 1, // rowid 0 is the first record after the header
      blankLinesBefore: blankLinesBetweenRecords(temp?.path ?? path, dialect.skipLines, dialect.delimiter),
      columns,
      pidHashed: false,
      decimalMark: dialect.decimalMark,
      readSerially: serial || retry.unreadableTable !== undefined,
      alsoGiven,
      recordErrorExpr: `CASE WHEN c${width - 1} IS NULL THEN 'record ends early: fewer fields than the header (file cut off or a broken line)'
        WHEN nullif(trim(${EXTRA_COLUMN}), '') IS NOT NULL THEN 'record has more fields than the header (an unquoted separator in a value?)' END`,
    },
  };
}
