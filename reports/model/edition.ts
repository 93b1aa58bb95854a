/**
 * A funder's return (scope 'state') written for one Jobcenter is a cut of the Land-wide
 * return, and whoever holds both can set them side by side. Suppressed on its own, the cut
 * hid other cells than the Land-wide file: on the samples the Land-wide file hid the entries
 * of the two state measures of 06411 („.“ „.“, total 14) while the 06412 file showed 11, so
 * 06411-0010 had 3 entries; 12 cells (10^4 participations: 34 state, 20 ESF+) were hidden in
 * one edition and shown in the other.
 *
 * So the cut takes the Land-wide pattern: each of its rows hides exactly the cells the
 * Land-wide file hides. Its total row is a figure of its own (the Jobcenter's sum); it is
 * shown only where the Land-wide file already gives it — none of its parts hidden there,
 * or its hidden parts are all the hidden cells of the Land-wide column, whose total is
 * shown (the Jobcenter's sum is then that total less the other rows) — and every other
 * figure of the cut is one of the Land-wide file's. Both files together tell no more than
 * the Land-wide one. A rate of the total row is hidden with its numerator or denominator.
 */
import type { Dependent } from '../../pipelines/publish/suppression.ts';
import { isSmallCount } from '../../pipelines/publish/suppression.ts';
import type { FigureModel, SheetModel, WorkbookModel } from './assemble.ts';

/** A cell a reader sees as '.': hidden and with a value ('–' wins over '.'). */
const shownHidden = (f: FigureModel | undefined): boolean => Boolean(f?.hidden) && f?.value !== null;

export function followLandWide(edition: WorkbookModel, landWide: WorkbookModel, dependents: readonly Dependent[]): void {
  const totals = new Set<string>();
  for (const sheet of edition.sheets) {
    if (!sheet.hasTotalRow) continue;
    for (const key of sheet.keys[sheet.rows.length]!) if (key) totals.add(key);
  }
  // the rows: the Land-wide decision, figure by figure (a row missing there is hidden)
  edition.figures.forEach((figure, key) => {
    if (totals.has(key)) return;
    const wide = landWide.figures.get(key);
    if (wide) figure.hidden = wide.hidden;
    else if (figure.value !== null) figure.hidden = 'complement';
  });
  // the total row's sums
  for (const sheet of edition.sheets) {
    if (!sheet.hasTotalRow) continue;
    const wide = landWide.sheets.find((s) => s.layout.name === sheet.layout.name);
    const t = sheet.rows.length;
    sheet.columns.forEach((col, c) => {
      const figure = sheet.cells[t]![c];
      if (!figure || col.total !== 'sum') return;
      if (!wide || !knownFromLandWide(sheet, wide, c, landWide)) figure.hidden = 'complement';
      else if (isSmallCount(figure.value, edition.context.threshold)) figure.hidden = 'primary';
    });
  }
  // the total row's rates
  for (const dep of dependents) {
    if (!totals.has(dep.key)) continue;
    const figure = edition.figures.get(dep.key);
    if (figure && !figure.hidden && figure.value !== null && dep.on.some((k) => shownHidden(edition.figures.get(k)))) figure.hidden = 'complement';
  }
}

/** Whether the Jobcenter's sum of column c can be read off the Land-wide file already. */
function knownFromLandWide(sheet: SheetModel, wide: SheetModel, c: number, landWide: WorkbookModel): boolean {
  const wc = wide.columns.findIndex((w) => w.key === sheet.columns[c]!.key);
  if (wc < 0) return false;
  let hiddenHere = 0;
  for (let r = 0; r < sheet.rows.length; r++) {
    const key = sheet.keys[r]![c];
    if (key && shownHidden(landWide.figures.get(key))) hiddenHere++;
  }
  if (hiddenHere === 0) return true;
  let hiddenThere = 0;
  for (let r = 0; r < wide.rows.length; r++) if (shownHidden(wide.cells[r]![wc])) hiddenThere++;
  const wideTotal = wide.hasTotalRow ? wide.cells[wide.rows.length]![wc] : undefined;
  return hiddenThere === hiddenHere && wideTotal !== undefined && wideTotal.value !== null && !wideTotal.hidden;
}
