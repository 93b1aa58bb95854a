/**
 * What a later version of a return says about the one before (reports/model/revision.ts):
 * the cover's line „Fassung“ and, from the second version on, the sheet „Änderungen“ with
 * every figure that reads differently, and the files loaded since.
 */
import type ExcelJS from 'exceljs';
import { DEFAULT_TIMEZONE } from '../../pipelines/schedule/working-days.ts';
import { wallClockTime } from '../../pipelines/ops/ops-logger.ts';
import type { WorkbookModel } from '../model/assemble.ts';
import type { CoverData } from '../model/cover-data.ts';
import type { FigureChange, Revision, Shown } from '../model/revision.ts';
import { BOLD, boldOf, NUM_FMT } from './formats.ts';
import { pageFooter, pageSetup } from './page-setup.ts';
import { safeText } from './safe-text.ts';
import { storedNumber } from './stored-number.ts';
import { KIND_LABELS } from '../layouts/common.ts';
import type { Kind } from '../../pipelines/schema/kinds.ts';
import { groupBy } from '../../pipelines/group-by.ts';
import type { OpStyle, OpValue, WorkbookBuilder } from './workbook-ops.ts';

export const CHANGES_SHEET = 'Änderungen';

const de = (iso: string): string => iso.split('-').reverse().join('.');

/** '03.12.2026 23:52' on Berlin's wall clock (the cover's times are local too). */
export function germanDateTime(at: Date): string {
  const [day, time] = wallClockTime(at, DEFAULT_TIMEZONE).split(' ') as [string, string];
  return `${de(day)} ${time.slice(0, 5)}`;
}

export function revisionFact(revision: Revision): string {
  const prev = revision.previous;
  if (!prev) return `${revision.version} (erste Fassung dieser Meldung)`;
  const n = revision.changes.length;
  const what = n === 0 ? 'keine Zahl geändert' : `${n === 1 ? '1 Wert' : `${n.toLocaleString('de-DE')} Werte`} geändert, aufgeführt auf dem Blatt „${CHANGES_SHEET}“`;
  return `${revision.version} – ${revisionKind(revision)}: ersetzt Fassung ${prev.version} vom ${germanDateTime(prev.writtenAt)} (Datenstand ${de(prev.asOf)}); ${what}`;
}

/**
 * A version at the same Datenstand corrects the one before (late or corrected deliveries);
 * one at a later Datenstand brings it up to date — the scheduler rewrites the current
 * period's return after every build, and calling each of those corrected would be wrong.
 */
export function revisionKind(revision: Revision): string {
  return revision.previous && revision.previous.asOf !== revision.asOf
    ? `aktualisierte Fassung (neuer Datenstand ${de(revision.asOf)})`
    : 'berichtigte Fassung';
}

/** Changes listed on the sheet at most. */
export const MAX_LISTED_CHANGES = 10_000;

export function writeChanges(wb: WorkbookBuilder, model: WorkbookModel, revision: Revision, cover: CoverData): void {
  const prev = revision.previous;
  if (!prev) return;
  const widths = [22, 40, 40, 16, 16];
  const ws = wb.addSheet(
    CHANGES_SHEET,
    { views: [{ state: 'frozen', ySplit: 4 }], pageSetup: pageSetup(widths, 0, 4), headerFooter: pageFooter(model) } as Partial<ExcelJS.AddWorksheetOptions>,
    widths,
  );
  const wide = { alignment: { wrapText: true, vertical: 'top' } } as const;
  ws.row([`Änderungen gegenüber Fassung ${prev.version} vom ${germanDateTime(prev.writtenAt)} (Datenstand ${de(prev.asOf)})`], { font: boldOf(13) });
  // Files the earlier version's build had not seen: the usual cause of a change.
  // by kind, not by name: a sender's file name can name a person (see the cover)
  const since = prev.builtAt ? cover.sources.filter((s) => s.loaded_at && s.loaded_at > prev.builtAt!) : [];
  const perKind = [...groupBy(since, (s) => s.kind)].map(([kind, files]) => `${KIND_LABELS[kind as Kind] ?? kind} (${files.length === 1 ? '1 Datei' : `${files.length} Dateien`})`);
  ws.row([safeText(perKind.length ? `Seither geladen: ${perKind.join(', ')}` : 'Seither keine neuen Dateien geladen')], { styles: [wide], merges: [[ws.nextRow, 1, ws.nextRow, widths.length]] });
  ws.row([]);
  ws.row(['Blatt', 'Zeile', 'Spalte', `Fassung ${prev.version}`, `Fassung ${revision.version}`], { font: BOLD });
  const cell = (shown: Shown | undefined, format: keyof typeof NUM_FMT): [OpValue, OpStyle | undefined] =>
    shown === undefined ? ['nicht enthalten', { alignment: { horizontal: 'right' } }] : typeof shown === 'number' ? [storedNumber(format, shown), NUM_FMT[format] ? { numFmt: NUM_FMT[format] } : undefined] : [shown, { alignment: { horizontal: 'right' } }];
  // In a return that leaves the house a count that moved by 1..threshold-1 keeps its earlier
  // value off this sheet: "Abbrüche 6 → 7" beside "Austritte 10 → 11" told every reader of
  // the new version that one person left the measure that month and dropped out. (Whoever
  // holds the earlier version can still subtract; the README names that limit.)
  const threshold = model.context.threshold;
  const outgoing = model.layout.scope !== 'jobcenter';
  const small = (c: FigureChange) =>
    outgoing && c.format === 'count' && typeof c.before === 'number' && typeof c.after === 'number' && Math.abs(c.after - c.before) >= 1 && Math.abs(c.after - c.before) < threshold;
  // An earlier rate or ratio gives its earlier count back from its denominator, which often
  // did not change and so is not listed: „Quote fristgerecht 60,0 % → 70,0 %“ of 10 exits
  // was 6 → 7 reports, the count this sheet hid. Whether the counts behind a rate moved by
  // less than the threshold is not known here, so no earlier rate is shown.
  const derived = (c: FigureChange) => outgoing && (c.format === 'rate' || c.format === 'ratio') && typeof c.before === 'number' && typeof c.after === 'number';
  let hidden = 0;
  let hiddenRates = 0;
  // A new Datenstand moves every provisional figure: tens of thousands at 10^6 participations
  for (const c of revision.changes.slice(0, MAX_LISTED_CHANGES)) {
    if (small(c)) hidden++;
    if (derived(c)) hiddenRates++;
    const [before, beforeStyle] = small(c) || derived(c) ? (['.', { alignment: { horizontal: 'right' } }] as [OpValue, OpStyle]) : cell(c.before, c.format);
    const [after, afterStyle] = cell(c.after, c.format);
    ws.row([c.sheet, safeText(c.rowLabel), safeText(c.columnLabel), before, after], { styles: [undefined, undefined, undefined, beforeStyle, afterStyle] });
  }
  if (revision.changes.length === 0) ws.row(['–', revision.previous?.asOf === revision.asOf ? 'keine Zahl geändert (nur Beschriftungen)' : 'keine Zahl geändert (nur der Datenstand)']);
  if (hidden + hiddenRates > 0) ws.row([]);
  if (hidden > 0) {
    ws.row([`„.“ unter Fassung ${prev.version} bei einer Anzahl: der Wert hat sich um 1 bis ${threshold - 1} geändert; der frühere Wert steht hier nicht, damit die Differenz keine kleine Fallzahl zeigt.`], { styles: [wide], merges: [[ws.nextRow, 1, ws.nextRow, widths.length]] });
  }
  if (hiddenRates > 0) {
    ws.row([`„.“ unter Fassung ${prev.version} bei einer Quote oder Verhältniszahl: frühere Quoten stehen hier nicht, weil sie mit ihrem Nenner die frühere Anzahl ergeben und so eine Differenz von 1 bis ${threshold - 1} zeigen könnten; sie stehen in Fassung ${prev.version} selbst.`], { styles: [wide], merges: [[ws.nextRow, 1, ws.nextRow, widths.length]] });
  }
  const more = revision.changes.length - MAX_LISTED_CHANGES;
  if (more > 0) ws.row([`… und ${more.toLocaleString('de-DE')} weitere; alle Werte beider Fassungen: meta.return_version_figures (Fassungen ${prev.version} und ${revision.version})`], { styles: [wide], merges: [[ws.nextRow, 1, ws.nextRow, widths.length]] });
}
