/**
 * Writers for the non-streaming sample formats: CSV in any dialect, JSON arrays, NDJSON
 * and XLSX with title rows above the header (as in hand-made provider templates). Rows
 * are few here, so each file is written in one go.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { KIND_SPECS, type ColumnSpec, type Kind } from '../schema/kinds.ts';
import { CsvFileSink, type WrittenFile } from './csv-file-sink.ts';
import { type Day, formatIso, formatMonth, toDate } from './days.ts';
import type { CsvDialect } from './dialect.ts';
import type { Cell, Goal, Row } from './row.ts';
import { pinZipTimestamps } from './zip-timestamps.ts';

export function writeCsvFile(path: string, kind: Kind, rows: readonly Row[], dialect: CsvDialect): WrittenFile {
  const sink = new CsvFileSink(path, kind, dialect);
  for (const row of rows) sink.write(row);
  return sink.close();
}

export interface JsonStyle {
  /** dropout_reasons and goals as JSON arrays (else the CSV text form). */
  readonly listsAsArrays: boolean;
  readonly columns?: readonly string[];
}

function jsonValue(spec: ColumnSpec, value: Cell, style: JsonStyle): unknown {
  if (value === null || value === undefined || value === '') return null;
  switch (spec.type) {
    case 'date':
      return formatIso(value as Day);
    case 'month':
      return formatMonth(value as Day);
    case 'reason_list':
      return style.listsAsArrays ? value : (value as readonly string[]).join('|');
    case 'goal_list':
      return style.listsAsArrays ? value : (value as readonly Goal[]).map((g) => `${g.code}:${g.status}`).join('|');
    default:
      return value;
  }
}

function jsonObjects(kind: Kind, rows: readonly Row[], style: JsonStyle): Record<string, unknown>[] {
  const specs = KIND_SPECS[kind].columns.filter((c) => !style.columns || style.columns.includes(c.name));
  // Providers' JSON exports leave empty fields out rather than writing null.
  return rows.map((row) => Object.fromEntries(specs.map((c) => [c.name, jsonValue(c, row[c.name], style)]).filter(([, v]) => v !== null)));
}

function save(path: string, bytes: string | Buffer): WrittenFile & { bytes: number } {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { path, rows: 0, bytes: Buffer.byteLength(bytes) };
}

export function writeJsonFile(path: string, kind: Kind, rows: readonly Row[], style: JsonStyle): WrittenFile {
  return { ...save(path, `${JSON.stringify(jsonObjects(kind, rows, style), null, 2)}\n`), rows: rows.length };
}

export function writeNdjsonFile(path: string, kind: Kind, rows: readonly Row[], style: JsonStyle): WrittenFile {
  const lines = jsonObjects(kind, rows, style).map((o) => JSON.stringify(o));
  return { ...save(path, `${lines.join('\n')}\n`), rows: rows.length };
}

export interface XlsxStyle {
  readonly sheetName: string;
  /** Lines above the header row (a blank line follows them). */
  readonly titleRows: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** Workbook created/modified stamp and zip entry dates: fixed, so rebuilds are identical. */
  readonly stamp: Day;
}

function xlsxValue(spec: ColumnSpec, value: Cell): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (spec.type) {
    case 'date':
      return toDate(value as Day);
    case 'month':
      return formatMonth(value as Day);
    case 'reason_list':
      return (value as readonly string[]).join('|');
    case 'goal_list':
      return (value as readonly Goal[]).map((g) => `${g.code}:${g.status}`).join('|');
    default:
      return value as string | number | boolean;
  }
}

export async function writeXlsxFile(path: string, kind: Kind, rows: readonly Row[], style: XlsxStyle): Promise<WrittenFile> {
  const specs = KIND_SPECS[kind].columns;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'almp-monitor sample builder';
  workbook.created = toDate(style.stamp);
  workbook.modified = toDate(style.stamp);
  const sheet = workbook.addWorksheet(style.sheetName);
  for (const title of style.titleRows) sheet.addRow([title]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(specs.map((c) => style.headers[c.name] ?? c.name)).font = { bold: true };
  for (const row of rows) sheet.addRow(specs.map((c) => xlsxValue(c, row[c.name])));
  specs.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.type === 'text' || c.type === 'goal_list' ? 40 : 14;
    if (c.type === 'date') column.numFmt = 'dd.mm.yyyy';
  });
  const zipped = Buffer.from(await workbook.xlsx.writeBuffer());
  return { ...save(path, pinZipTimestamps(zipped, style.stamp)), rows: rows.length };
}
