/** The cover sheet (what, when, which data, which disclosure rule) and the definitions sheet. */
import type ExcelJS from 'exceljs';
import { definitionsFor } from '../definitions.ts';
import type { WorkbookModel } from '../model/assemble.ts';
import type { CoverData } from '../model/cover-data.ts';
import { NUM_FMT } from './formats.ts';
import { safeText } from './safe-text.ts';

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

const PRINT = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } as const;

export function disclosureRule(threshold: number): string {
  return (
    `Werte von 1 bis ${threshold - 1} (Fälle, Zähler oder Nenner) sind unterdrückt (.); ` +
    'in jeder Zeile oder Spalte mit Summe ist mindestens eine weitere Zelle unterdrückt (x), damit kein Wert zurückgerechnet werden kann; ' +
    'Quoten sind unterdrückt, wenn ihr Zähler oder Nenner unterdrückt ist. Nullen werden nicht unterdrückt. Summen sind wahre Summen.'
  );
}

export function writeCover(wb: Writer, model: WorkbookModel, cover: CoverData): void {
  const ctx = model.context;
  const ws = wb.addWorksheet('Deckblatt', { pageSetup: { ...PRINT } } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = [{ width: 22 }, { width: 40 }, { width: 20 }, { width: 14 }, { width: 14 }] as ExcelJS.Column[];
  const title = ws.addRow([model.layout.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  ws.addRow([]).commit();
  const asOf = new Date(`${ctx.asOf}T00:00:00Z`);
  const facts: [string, string | Date][] = [
    ['Zeitraum', ctx.period],
    ['Gebiet', ctx.jobcenterId ? `Jobcenter ${ctx.jobcenterId}` : 'Land (alle Jobcenter)'],
    ['Datenstand (as of)', asOf],
    ['Vorläufig', model.provisional ? 'ja – der Zeitraum endet weniger als 3 Monate vor dem Datenstand; Nachmeldungen ändern die Zahlen noch' : 'nein'],
    ['Geheimhaltung', disclosureRule(ctx.threshold)],
    ['Erstellt mit', cover.version],
    ['Erstellt am', asOf],
    ['Datenquelle', 'mart.* der DuckDB-Datenbank (keine Einzeldaten, keine Pseudonyme, keine Freitexte der Träger)'],
  ];
  for (const [label, value] of facts) {
    const row = ws.addRow([label, typeof value === 'string' ? safeText(value) : value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date) row.getCell(2).numFmt = NUM_FMT.date!;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  ws.addRow([]).commit();
  const head = ws.addRow(['Art', 'Datei', 'geladen am', 'Zeilen geladen', 'Zeilen abgelehnt']);
  head.font = { bold: true };
  head.commit();
  for (const s of cover.sources) {
    const row = ws.addRow([s.kind, safeText(s.file_name), s.loaded_at, s.rows_loaded, s.rows_rejected]);
    row.getCell(3).numFmt = NUM_FMT.datetime!;
    row.getCell(4).numFmt = NUM_FMT.count!;
    row.getCell(5).numFmt = NUM_FMT.count!;
    row.commit();
  }
  if (cover.sources.length === 0) ws.addRow(['–', 'keine Angaben in mart.data_sources']).commit();
  ws.commit();
}

export function writeDefinitions(wb: Writer, model: WorkbookModel): void {
  const ws = wb.addWorksheet('Definitionen', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { ...PRINT, printTitlesRow: '1:1' },
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = [{ width: 26 }, { width: 34 }, { width: 12 }, { width: 50 }, { width: 50 }, { width: 40 }] as ExcelJS.Column[];
  const head = ws.addRow(['Kennzahl', 'Bezeichnung', 'Anker', 'Zähler', 'Nenner', 'Quelle']);
  head.font = { bold: true };
  head.commit();
  for (const d of definitionsFor(model.layout.definitions)) {
    const row = ws.addRow([d.id, d.label, d.anchor, safeText(d.numerator), safeText(d.denominator), d.source]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  ws.commit();
}
