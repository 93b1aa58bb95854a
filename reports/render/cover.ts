/** The cover sheet (what, when, which data, which disclosure rule) and the definitions sheet. */
import type ExcelJS from 'exceljs';
import { KIND_SPECS, type Kind } from '../../pipelines/schema/kinds.ts';
import { KIND_LABELS } from '../layouts/common.ts';
import { DEFAULT_TIMEZONE, localWallClock } from '../../pipelines/schedule/working-days.ts';
import { definitionsFor } from '../definitions.ts';
import { sheetIsProvisional, type WorkbookModel } from '../model/assemble.ts';
import type { CoverData } from '../model/cover-data.ts';
import { periodText } from '../model/context.ts';
import { BOLD, boldOf, NUM_FMT } from './formats.ts';
import { pageFooter, pageSetup } from './page-setup.ts';
import { headerWidth, widthForLongestWord } from './row-height.ts';
import { safeText } from './safe-text.ts';
import { groupBy } from '../../pipelines/group-by.ts';
import { revisionFact } from './changes.ts';
import type { Revision } from '../model/revision.ts';
import type { OpValue, WorkbookBuilder } from './workbook-ops.ts';



export function disclosureRule(threshold: number): string {
  return (
    `Werte von 1 bis ${threshold - 1} (Fälle, Zähler oder Nenner) sind unterdrückt; ` +
    'in jeder Zeile oder Spalte mit Summe ist mindestens eine weitere Zelle unterdrückt, damit kein Wert zurückgerechnet werden kann; beide sind mit „.“ markiert; ' +
    'Quoten sind unterdrückt, wenn ihr Zähler oder Nenner unterdrückt ist; ist eine Quote wegen zu weniger Teilnahmen, Personen oder Monatsmeldungen unterdrückt (Auslastung, Anwesenheit, Zwischenziele), ist es auch ihr Zähler, selbst eine Null – außer die gezeigten Zahlen ergeben sie ohnehin (alle Ziele je Ziel 0). Sonst werden Nullen nicht unterdrückt. Summen sind wahre Summen.'
  );
}

/**
 * The public returns are suppressed together with each other and with the dashboards'
 * Landesseite (reports/model/public-year.ts; named without the dashboards: a funder has none,
 * test/reports/print-reading.test.ts).
 */
const PUBLISH_TOGETHER_RETURN =
  'Gemeinsam mit der anderen landesweiten Meldung (Landesprogramm bzw. ESF+) und der Landesübersicht von almp-monitor nach Jobcenter und Instrument desselben Jahres unterdrückt: auch zusammen gelesen ergeben sie keinen unterdrückten Wert (gilt für Ausgaben mit demselben Datenstand).';

/** A funder's return of one Jobcenter hides what the Land-wide one hides (reports/model/edition.ts). */
const CUT_OF_LAND_WIDE =
  'Diese Ausgabe für ein Jobcenter ist ein Ausschnitt der landesweiten Meldung: jede Zeile ist unterdrückt wie dort; die Summenzeile ist unterdrückt, wo sie sich nicht schon aus der landesweiten Meldung ergibt.';

/** `created`: the run clock (as the document property): two workbooks with the same Datenstand differ after a late delivery. */
export function writeCover(wb: WorkbookBuilder, model: WorkbookModel, cover: CoverData, created: Date, revision?: Revision): void {
  const ctx = model.context;
  const sourceHeaders = ['Art', 'Dateien', 'zuletzt geladen am', 'Zeilen geladen', 'Zeilen abgelehnt'];
  // the sources table's headings wrap within their columns (row-height.ts, headerWidth):
  // „Zeilen abgelehnt“ beside „Zeilen geladen“, each wider than its column, printed as „Zeilen geladeneilen abgelehnt“
  const widths = [22, 40, 20, 14, 14].map((w, i) => headerWidth(sourceHeaders[i]!, w));
  const ws = wb.addSheet('Deckblatt', { pageSetup: pageSetup(widths, 0, 0), headerFooter: pageFooter(model) } as Partial<ExcelJS.AddWorksheetOptions>, widths);
  ws.row([model.layout.title], { font: boldOf(14) });
  ws.row([]);
  const asOf = new Date(`${ctx.asOf}T00:00:00Z`);
  const facts: [string, string | Date, string?][] = [
    ['Zeitraum', periodWithEnd(ctx.period, ctx.asOf)],
    ['Gebiet', areaText(ctx.jobcenterId, cover)],
    ['Datenstand', asOf],
    ...(cover.cutoff ? [['Hinweis zum Datenstand', cover.cutoff] as [string, string]] : []),
    ...dataBeginFact(model, cover),
    ['Vorläufig', provisionalText(model)],
    ['Geheimhaltung', disclosureRule(ctx.threshold) + (model.layout.scope === 'state' && ctx.jobcenterId ? ` ${CUT_OF_LAND_WIDE}` : '')],
    [
      'Verwendung',
      model.layout.scope === 'jobcenter'
        ? 'Intern: Controlling des Jobcenters, nicht zur Veröffentlichung (auf Maßnahmenebene können Werte über Zeiträume und Ausgaben hinweg zurückgerechnet werden)'
        : `Zur Weitergabe an den Fördermittelgeber. ${PUBLISH_TOGETHER_RETURN}`,
    ],
    ['Erstellt mit', cover.version],
    ['Erstellt am', localWallClock(created, DEFAULT_TIMEZONE), NUM_FMT.datetime!],
    ...(revision ? [['Fassung', revisionFact(revision)] as [string, string]] : []),
    // a file may hold several Jobcenters' rows: a Jobcenter's return listed 400 participation
    // rows of which 231 were another Jobcenter's, as if all were its own
    ['Datenquelle', `Kennzahlentabellen von almp-monitor, berechnet aus den unten genannten Lieferungen (keine Einzeldaten, keine Pseudonyme, keine Freitexte der Träger)${ctx.jobcenterId ? '; die Liste nennt die Dateien und Zeilen aller Jobcenter dieser Datenbank, nicht nur dieses Jobcenters' : ''}; Definitionen: Blatt „Definitionen“`],
    ...(model.layout.unit ? [['Zählweise', model.layout.unit] as [string, string]] : []),
  ];
  for (const [label, value, numFmt] of facts) {
    const alignment = { wrapText: true, vertical: 'top' } as const;
    // over the columns of the sources table below, so a long text takes fewer lines
    ws.row([label, typeof value === 'string' ? safeText(value) : value], {
      // the label at the top of its row, as the (wrapped) text beside it; a date left-aligned like the texts above and below it
      styles: [{ font: BOLD, alignment: { vertical: 'top' } }, value instanceof Date ? { numFmt: numFmt ?? NUM_FMT.date!, alignment: { ...alignment, horizontal: 'left' } } : { alignment }],
      merges: [[ws.nextRow, 2, ws.nextRow, widths.length]],
    });
  }
  // each fact read with its label; the sources table with its column headers
  ws.headers('RowTitle', [3, 1, 3, 1], [ws.nextRow - 1, widths.length]);
  ws.row([]);
  const sourcesHeader = ws.nextRow;
  // headings over figures and dates right-aligned like them: "Dateien" stood far left of its counts
  const right = { font: BOLD, alignment: { horizontal: 'right' as const, wrapText: true, vertical: 'top' as const } };
  ws.row(sourceHeaders, { styles: [{ font: BOLD, alignment: { wrapText: true, vertical: 'top' } }, right, right, right, right] });
  const label = (kind: string): string => KIND_LABELS[kind as Kind] ?? kind;
  // In a public return the rows of a kind about persons count people: a small number is
  // hidden like any count there (the Jobcenter, provider and measure lists are not)
  const shown = (kind: string, n: number | null): OpValue =>
    model.layout.scope !== 'jobcenter' && isPersonKind(kind) && n !== null && n > 0 && n < ctx.threshold ? '.' : n;
  for (const s of sourcesByKind(cover.sources).sort((a, b) => label(a.kind).localeCompare(label(b.kind), 'de'))) {
    const values: OpValue[] = [label(s.kind), s.files, s.lastLoaded && localWallClock(s.lastLoaded, DEFAULT_TIMEZONE), shown(s.kind, s.rowsLoaded), shown(s.kind, s.rowsRejected)];
    ws.row(values, { styles: [undefined, { numFmt: NUM_FMT.count! }, { numFmt: NUM_FMT.datetime! }, { numFmt: NUM_FMT.count! }, { numFmt: NUM_FMT.count! }] });
  }
  if (cover.sources.length === 0) ws.row(['–', 'keine Angaben in mart.data_sources']);
  ws.headers('ColumnTitle', [sourcesHeader, 1, sourcesHeader, 1], [ws.nextRow - 1, widths.length]);
}

/**
 * The sources per kind, not per file: a sender names a file as it likes ("Abschlussbericht
 * Max Mustermann.csv" reached a funder's cover sheet), and one provider's file with one row
 * said that provider had one participant. `almp status` lists the files themselves.
 */
function isPersonKind(kind: string): boolean {
  return KIND_SPECS[kind as Kind]?.columns.some((c) => c.type === 'pid') ?? false;
}

function sourcesByKind(sources: CoverData['sources']): { kind: string; files: number; lastLoaded: Date | null; rowsLoaded: number | null; rowsRejected: number | null }[] {
  const sum = (values: (number | null)[]) => (values.every((v) => v === null) ? null : values.reduce<number>((n, v) => n + (v ?? 0), 0));
  return [...groupBy(sources, (s) => s.kind)].map(([kind, files]) => ({
    kind,
    files: files.length,
    lastLoaded: files.reduce<Date | null>((last, f) => (f.loaded_at && (!last || f.loaded_at > last) ? f.loaded_at : last), null),
    rowsLoaded: sum(files.map((f) => f.rows_loaded)),
    rowsRejected: sum(files.map((f) => f.rows_rejected)),
  }));
}

const de = (iso: string): string => iso.split('-').reverse().join('.');

/**
 * A period that begins before the participation data: its return showed 0 referrals and
 * entries for Q1 2023 (data from 01.04.2023) under the legend "0 = tatsächlich null", and
 * "Zeitraum 2023" for nine months. The quarterly workbook shows every quarter of its year,
 * so the year's first day is compared.
 */
function dataBeginFact(model: WorkbookModel, cover: CoverData): [string, string][] {
  const ctx = model.context;
  const late = (cover.dataBegins ?? []).filter((b) => (ctx.jobcenterId === null || b.jobcenterId === ctx.jobcenterId) && b.coveredFrom > `${ctx.year}-01-01`);
  if (late.length === 0) return [];
  const byDate = new Map<string, string[]>();
  for (const b of late) byDate.set(b.coveredFrom, [...(byDate.get(b.coveredFrom) ?? []), b.jobcenterId]);
  const when = [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([d, ids]) => `${de(d)} (Jobcenter ${ids.join(', ')})`);
  return [[
    'Datenbeginn',
    `Die Teilnahmedaten beginnen erst am ${when.join(', ')}: für die Zeit davor enthält diese Meldung keine Teilnahmen – Nullen dort heißen „nicht erfasst“, nicht „keine“; ` +
      'wer vor dem Datenbeginn eingetreten ist, fehlt auch bei den Austritten danach.',
  ]];
}

/** Which sheets hold provisional figures, and the two reasons a figure can still change. */
function provisionalText(model: WorkbookModel): string {
  if (!model.provisional) return 'nein';
  const sheets = model.sheets.filter((s) => sheetIsProvisional(s, true)).map((s) => s.layout.name);
  return (
    `ja, ${sheets.length === 1 ? 'auf dem Blatt' : 'auf den Blättern'} ${sheets.join(', ')}: ` +
    'Zahlen eines Zeitraums, der weniger als 3 Monate vor dem Datenstand endet, oder einer Kennzahl mit Frist nach dem Austritt ' +
    '(z. B. Eingliederung nach 6 Monaten), solange die Frist nicht für alle Austritte des Zeitraums abgelaufen ist (und 3 Monate mehr); ' +
    'Nachmeldungen und ablaufende Fristen ändern diese Zahlen noch'
  );
}

/**
 * The definitions of the figures and the instrument codes. Headed like every other sheet
 * (title, period line: a printed page of it was the only one that did not say which return
 * it belongs to); each column at least as wide as the longest word in it, so a wrapped
 * text breaks between words („Förderrichtlini|e“ in a column of 12).
 */
export function writeDefinitions(wb: WorkbookBuilder, model: WorkbookModel, cover: CoverData, periodLine: string): void {
  const headers = ['Kennung (Daten)', 'Kennzahl', 'Anker', 'Zähler', 'Nenner', 'Quelle'];
  const rows = definitionsFor(model.layout.definitions).map((d) => [d.id, d.label, d.anchor, safeText(d.numerator), safeText(d.denominator), d.source]);
  // the codes of the column "Instrument" ('16d_AGH', 'STATE'): a funder reads them here
  const listsInstruments = model.sheets.some((s) => s.columns.some((c) => c.key === 'instrument'));
  const instruments = listsInstruments ? (cover.instruments ?? []) : [];
  const codeHeaders = ['Instrument', 'Bezeichnung', 'Rechtsgrundlage'];
  const codes = instruments.map((i) => [i.code, safeText(i.name), safeText(i.legal_basis ?? '')]);
  const titleRows = 4;
  const widths = [26, 34, 12, 50, 50, 40].map((w, c) =>
    Math.max(
      headerWidth(headers[c]!, w),
      codeHeaders[c] === undefined ? 0 : headerWidth(codeHeaders[c]!, w),
      ...[...rows, ...codes].map((r) => (r[c] === undefined ? 0 : widthForLongestWord(r[c]!))),
    ),
  );
  const ws = wb.addSheet(
    'Definitionen',
    { views: [{ state: 'frozen', ySplit: titleRows }], pageSetup: pageSetup(widths, 0, titleRows), headerFooter: pageFooter(model) } as Partial<ExcelJS.AddWorksheetOptions>,
    widths,
  );
  ws.row(['Definitionen der Kennzahlen'], { font: boldOf(13) });
  ws.row([periodLine]);
  ws.row([]);
  // the German name is the heading a funder reads; the id is how the figure is found in the data
  const header = ws.nextRow;
  ws.row(headers, { font: BOLD });
  for (const row of rows) ws.row(row, { alignment: { wrapText: true, vertical: 'top' } });
  // a row is read by its id and German name
  ws.headers('Title', [header, 1, header, 2], [ws.nextRow - 1, widths.length]);
  if (codes.length === 0) return;
  ws.row([]);
  const codeHeader = ws.nextRow;
  ws.row(codeHeaders, { font: BOLD });
  for (const row of codes) ws.row(row, { alignment: { wrapText: true, vertical: 'top' } });
  ws.headers('Title', [codeHeader, 1, codeHeader, 1], [ws.nextRow - 1, 3]);
}

/** The Jobcenter by its name where its list gives one; all Jobcenters by the state(s) they are in. */
export function areaText(jobcenterId: string | null, cover: CoverData): string {
  const known = cover.jobcenters ?? {};
  if (jobcenterId) {
    const name = known[jobcenterId]?.name?.trim();
    return name ? `${name} (${jobcenterId})` : `Jobcenter ${jobcenterId}`;
  }
  const states = [...new Set(Object.values(known).map((j) => j.state?.trim()).filter((s): s is string => !!s))].sort((a, b) => a.localeCompare(b, 'de'));
  return states.length > 0 ? `${states.join(', ')} (alle Jobcenter)` : 'Land (alle Jobcenter)';
}

/** A period not over at the Datenstand says until when it is counted ("2026, 01.01.–30.09.2026"). */
export function periodWithEnd(period: string, asOf: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  const start = quarter ? `${quarter[1]}-${String(Number(quarter[2]) * 3 - 2).padStart(2, '0')}-01` : `${period}-01-01`;
  const end = quarter ? lastDayOfQuarter(Number(quarter[1]), Number(quarter[2])) : `${period}-12-31`;
  if (!/^\d{4}/.test(period) || asOf >= end || asOf < start) return periodText(period);
  const de = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  return `${periodText(period)}, ${de(start).slice(0, 6)}–${de(asOf)} (bis zum Datenstand)`;
}

function lastDayOfQuarter(year: number, quarter: number): string {
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}
