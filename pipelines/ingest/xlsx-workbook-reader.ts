/**
 * exceljs's streaming WorkbookReader, reading the archive through its central directory.
 * exceljs reads an XLSX in one streaming pass in stored order and, on Node ≥ 18, loses
 * entries while it parks worksheets that come before the shared strings (as Excel and
 * exceljs itself store them): cells then hold shared-string numbers instead of text, or
 * the read fails with "Cannot read properties of undefined (reading 'sheets')" — the same
 * file loading on one try and not on the next (exceljs issue #3064, fix in PR #3065, not
 * released). Here the workbook, its relations, the shared strings and the styles are read
 * first, then each worksheet is streamed row by row in the workbook's sheet order, so a
 * large sheet is still never held whole. Text stored inline in a cell in several formatting
 * runs is put into one run on the way (xlsx-inline-strings.ts), as exceljs keeps the last only,
 * and the text of inline and `t="str"` cells is escaped once more for exceljs to decode it twice
 * (xlsx-inline-strings.ts, xlsx-str-cells.ts).
 *
 * Every part is inflated through a guard that stops at the size the zip directory declares
 * for it: the zip-bomb limits (limits.ts) read those declared sizes, and a directory that
 * under-declares a part (4 KB declared, 700 MB inflated) would otherwise pass them.
 *
 * A workbook almp-monitor wrote itself is refused: `almp ingest out` read a return's cover
 * row "Jobcenter | jobcenters.csv | …" as a header and loaded the four rows under it as
 * Jobcenters 'Maßnahmen', 'Teilnahmen', 'Träger' and 'Verbleib'.
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import { basename, posix } from 'node:path';
import { IngestError } from '../errors.ts';
import { ZIP_BOMB_HINT } from './limits.ts';
import { InlineStrings } from './xlsx-inline-strings.ts';
import { IsoDateCells } from './xlsx-date-cells.ts';
import { StrCellValues } from './xlsx-str-cells.ts';

const require = createRequire(import.meta.url);

interface ZipFile {
  readonly path: string;
  /** As the central directory declares it (what limits.ts checked). */
  readonly uncompressedSize: number;
  /** The part's CRC-32 as the central directory declares it. */
  readonly crc32?: number;
  stream(): NodeJS.ReadableStream;
}

// zlib.crc32 since Node 20.15: on an older 20 the checksum is not checked
const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

/**
 * Passes a part's inflated bytes through, failing once they exceed its declared size, and at
 * its end when its CRC-32 is not the declared one: a byte changed in a sheet stored without
 * compression (45550 → 45590, another date) loaded silently, where Excel calls the file
 * damaged (an audit).
 */
export class DeclaredSizeGuard extends Transform {
  #seen = 0;
  #crc = 0;

  constructor(
    private readonly file: string,
    private readonly part: string,
    private readonly declared: number,
    private readonly declaredCrc?: number,
  ) {
    super();
  }

  override _flush(done: TransformCallback): void {
    // 0: a writer that left the field empty; a part read in full only is checked
    if (crc32 && this.declaredCrc && this.#seen === this.declared && this.#crc !== this.declaredCrc) {
      done(
        new IngestError(
          `${basename(this.file)} refused: the workbook's part ${this.part} does not match the checksum its zip directory declares — the file was damaged on the way (a changed or missing byte). Nothing of it was loaded.`,
          this.file,
          undefined,
          undefined,
          'Have the file sent again (or open it in Excel, which names it damaged and may repair it, and save it again).',
        ),
      );
      return;
    }
    done();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (crc32) this.#crc = crc32(chunk, this.#crc);
    if (this.#seen > this.declared) {
      done(
        new IngestError(
          `${basename(this.file)} refused: the workbook's part ${this.part} inflates to more than the ${this.declared} bytes its zip directory declares (a zip bomb, or a damaged file).`,
          this.file,
          undefined,
          undefined,
          ZIP_BOMB_HINT,
        ),
      );
      return;
    }
    done(null, chunk);
  }
}
const unzipper = require('unzipper') as { Open: { file(path: string): Promise<{ files: ZipFile[] }> } };
const iterateStream = require('exceljs/lib/utils/iterate-stream.js') as (stream: NodeJS.ReadableStream) => AsyncIterable<unknown>;

/** The parts of exceljs's reader this subclass drives (private in its typings). */
interface ReaderInternals {
  input: string;
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  /** The workbook's `<workbookPr>` as read (after _parseWorkbook). */
  properties?: { model?: { date1904?: boolean } };
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
}

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
/** The workbook uses the 1904 date system (ECMA-376 Part 1, CT_WorkbookPr: date1904 is an xsd:boolean, "1" or "true"). */
const DATE_1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/;

export class CentralDirectoryWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  override async *parse(): AsyncGenerator<unknown> {
    const self = this as unknown as ReaderInternals;
    const { files } = await unzipper.Open.file(self.input);
    const byPath = new Map(files.map((f) => [f.path.replace(/^\//, ''), f]));
    /**
     * `text`: the part reaches exceljs as text, decoded across chunks. exceljs decodes each
     * chunk of bytes on its own, so a character split between two chunks became two U+FFFD:
     * 6 of 4,000 provider names of an Excel workbook ('Bildungsträger Müller-…') loaded with
     * them. Worksheets go through our byte transforms first and are decoded after them.
     */
    const part = (path: string, text = true) => {
      const file = byPath.get(path);
      if (!file) return undefined;
      const guard = new DeclaredSizeGuard(self.input, path, file.uncompressedSize, file.crc32);
      const source = file.stream();
      source.on('error', (error: Error) => guard.destroy(error));
      const bytes = source.pipe(guard);
      return text ? bytes.setEncoding('utf8') : bytes;
    };
    const core = part('docProps/core.xml');
    if (core && /<dc:creator>almp-monitor<\/dc:creator>/.test(await text(core))) {
      throw new IngestError(
        `${basename(self.input)} was written by almp-monitor (a return, or rows saved with --format xlsx): it is an output, not an input file, and nothing of it was loaded.`,
        self.input,
        undefined,
        undefined,
        "Load the Jobcenter's and the providers' files (the inbox folder), not the out folder.",
      );
    }
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await self._parseRels(rels);
    // exceljs finds a sheet's name and state (hidden or not) by the relative target
    // 'worksheets/sheetN.xml' only; openpyxl (and pandas through it) writes the absolute
    // '/xl/worksheets/sheetN.xml', and exceljs then read a hidden sheet as visible, named
    // 'Sheet1'. Worksheet targets in the one form exceljs compares.
    for (const rel of self.workbookRels ?? []) {
      const path = partPath(rel.Target);
      if (WORKSHEET.test(path)) rel.Target = posix.relative('xl', path);
    }
    const workbook = part('xl/workbook.xml');
    if (workbook) {
      const xml = await text(workbook);
      await self._parseWorkbook(Readable.from([xml]));
      // exceljs takes date1904="1" only, but the attribute is an xsd:boolean and LibreOffice
      // writes "true": every date of such a workbook (Mac Excel's 1904 date system, saved
      // again by LibreOffice) loaded 1,462 days early, without a reject
      const props = self.properties;
      if (props) props.model = { ...props.model, date1904: DATE_1904.test(xml) };
    }
    const sharedStrings = part('xl/sharedStrings.xml');
    if (sharedStrings) yield* self._parseSharedStrings(sharedStrings);
    const styles = part('xl/styles.xml');
    if (styles) await self._parseStyles(styles);
    for (const sheetNo of sheetOrder(self, [...byPath.keys()])) {
      const rows = new HiddenRows();
      const inline = new InlineStrings();
      const dates = new IsoDateCells();
      const texts = new StrCellValues();
      const source = part(`xl/worksheets/sheet${sheetNo}.xml`, false)!;
      source.on('error', (error: Error) => rows.destroy(error));
      rows.on('error', (error: Error) => inline.destroy(error));
      inline.on('error', (error: Error) => dates.destroy(error));
      dates.on('error', (error: Error) => texts.destroy(error));
      for (const event of self._parseWorksheet(iterateStream(source.pipe(rows).pipe(inline).pipe(dates).pipe(texts).setEncoding('utf8')), sheetNo)) {
        const { eventType, value } = event as { eventType: string; value: object };
        if (eventType === 'worksheet') Object.assign(value, { hiddenRows: rows.numbers });
        yield event;
      }
    }
  }
}

/**
 * The numbers of the rows a worksheet marks hidden (`<row r="12" hidden="1">`: hidden by hand,
 * folded away in a group, or filtered out by an AutoFilter), which exceljs's streaming reader
 * drops. Read from the bytes on their way to the reader, so a row's number is known before
 * exceljs emits the row.
 */
export class HiddenRows extends Transform {
  readonly numbers = new Set<number>();
  #tail = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // tags are ASCII: latin1 never splits a character across chunks
    const text = this.#tail + chunk.toString('latin1');
    const open = text.lastIndexOf('<');
    const end = open >= 0 && text.indexOf('>', open) < 0 ? open : text.length;
    for (const [, attributes] of text.slice(0, end).matchAll(/<row\b([^>]*)>/g)) {
      if (!/\shidden=["'](1|true)["']/.test(attributes!)) continue;
      const r = /\sr=["'](\d+)["']/.exec(attributes!)?.[1];
      if (r !== undefined) this.numbers.add(Number(r));
    }
    this.#tail = text.slice(end);
    done(null, chunk);
  }
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Worksheet numbers in the workbook's tab order; files the workbook does not name follow by number. */
function sheetOrder(reader: ReaderInternals, paths: string[]): string[] {
  const present = paths.map((p) => WORKSHEET.exec(p)?.[1]).filter((n): n is string => n !== undefined);
  const byTab = (reader.model?.sheets ?? [])
    .map((sheet) => reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target ?? '')
    .map((target) => WORKSHEET.exec(partPath(target))?.[1])
    .filter((n): n is string => n !== undefined && present.includes(n));
  const rest = present.filter((n) => !byTab.includes(n)).sort((a, b) => Number(a) - Number(b));
  return [...new Set([...byTab, ...rest])];
}

/**
 * The zip path of the part a workbook relationship targets: an absolute target
 * ('/xl/worksheets/sheet1.xml') from the package root, a relative one ('worksheets/sheet1.xml')
 * from xl/, where workbook.xml lies.
 */
export function partPath(target: string): string {
  const path = target.startsWith('/') ? posix.normalize(target) : posix.join('/xl', target);
  return path.replace(/^\/+/, '');
}
