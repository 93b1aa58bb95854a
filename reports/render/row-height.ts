/**
 * Row heights for wrapped text. A spreadsheet stores a row's height; Excel re-measures
 * wrapped rows on opening, LibreOffice and printing from a file do not always, so a
 * wrapped header or explanation printed at the default height was cut after one or two
 * lines and overprinted the next row. The height is estimated here from the text, the
 * column widths and the font: greedy word wrap with DejaVu Sans advance widths (the bundled
 * dashboard font, which LibreOffice also substitutes for the workbook's Calibri; Calibri is
 * narrower, so in Excel the estimate errs on the tall side).
 */
import { fontAdvances } from '../../dashboards/fonts/advances.mjs';

const load = (file: string): ((ch: string) => number) => fontAdvances(new URL(`../../dashboards/fonts/${file}`, import.meta.url));

let fonts: { regular: (ch: string) => number; bold: (ch: string) => number } | undefined;

/** Width of `text` in pixels (96 dpi) at `sizePt`. */
export function textWidthPx(text: string, bold = false, sizePt = 11): number {
  fonts ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  const advance = bold ? fonts.bold : fonts.regular;
  let em = 0;
  for (const ch of text) em += advance(ch);
  return (em * sizePt * 96) / 72;
}

/**
 * Usable pixels of columns `widths` wide. A width unit is the digit width of the default
 * font (Calibri 11 in Excel, its substitute in LibreOffice), so text and columns scale
 * together: measured in DejaVu, a unit is DejaVu's '0'. 5 % and the cell's inner margins
 * are kept back, so that a line that nearly fits counts as wrapping.
 */
export function columnPx(widths: readonly number[]): number {
  return widths.reduce((a, w) => a + w, 0) * textWidthPx('0') * 0.95 - 6;
}

/** Lines that `text` wraps to in `px`: word by word; a word wider than the line breaks inside. */
export function wrappedLines(text: string, px: number, bold = false, sizePt = 11): number {
  return lineWidths(text, px, bold, sizePt).length;
}

/** The width (px) of each line `text` wraps to in `px`, as wrappedLines breaks it. */
export function lineWidths(text: string, px: number, bold = false, sizePt = 11): number[] {
  const space = textWidthPx(' ', bold, sizePt);
  const lines: number[] = [];
  for (const paragraph of text.split('\n')) {
    let line = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = textWidthPx(word, bold, sizePt);
      if (line > 0 && line + space + w <= px) {
        line += space + w;
        continue;
      }
      if (line > 0) lines.push(line);
      // a word longer than the line: the spreadsheet breaks it where it no longer fits
      const pieces = Math.max(1, Math.ceil(w / px));
      for (let i = 1; i < pieces; i++) lines.push(px);
      line = w - (pieces - 1) * px;
    }
    lines.push(line);
  }
  return lines;
}

/** Points per line of text at `sizePt` (DejaVu's line spacing, 1.164 em, plus leading). */
export function lineHeightPt(sizePt = 11): number {
  return sizePt * 1.25;
}

/** Excel's highest row (https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3). */
export const MAX_ROW_PT = 409;

/** Row height in points for the tallest of `cells`, or undefined when one line fits them all. */
export function rowHeightPt(cells: readonly { text: string; px: number; bold?: boolean; sizePt?: number }[]): number | undefined {
  let height = 0;
  let multiline = false;
  for (const c of cells) {
    const lines = wrappedLines(c.text, c.px, c.bold, c.sizePt);
    multiline ||= lines > 1;
    height = Math.max(height, lines * lineHeightPt(c.sizePt) + 3);
  }
  // quarter points: the same string in every writer (exceljs and plain-rows.ts); at most
  // the 409 points a row can have in Excel (a 539-character name asked 250, 870 more)
  return multiline ? Math.min(MAX_ROW_PT, Math.ceil(height * 4) / 4) : undefined;
}

/** Column width (units) at which the longest word of `text` fits on one line. */
export function widthForLongestWord(text: string, bold = false): number {
  const longest = Math.max(0, ...text.split(/\s+/).map((w) => textWidthPx(w, bold)));
  return Math.ceil((longest + 6) / (textWidthPx('0') * 0.95));
}

/**
 * Space kept free beside a wrapped heading's longest line (px, one digit; with columnPx's
 * margins about two): headings of
 * adjacent columns, each filling its column, printed as one („Zeilen geladeneilen
 * abgelehnt“, „In Austritte (28“, „Quote In SV-Beschäftigung…“ — a funder's print review).
 */
export const HEADER_GAP_PX = textWidthPx('0');

/**
 * Whether `text`, wrapped in a column `width` units wide, keeps HEADER_GAP_PX free beside
 * every line: at columnPx's narrow estimate of the line and at the full width LibreOffice
 * gives it (a unit and the column's 5 px, less its inner margins), where „davon Divers“ no
 * longer wrapped and filled its column up to the neighbour's heading.
 */
export function headerFits(text: string, width: number, bold = true): boolean {
  return [columnPx([width]), width * textWidthPx('0') + 1].every((px) => Math.max(...lineWidths(text, px, bold)) + HEADER_GAP_PX <= px);
}

/** The narrowest column width (units, at least `min`) in which the heading `text` wraps with HEADER_GAP_PX to spare. */
export function headerWidth(text: string, min: number, bold = true): number {
  let width = Math.max(min, widthForLongestWord(text, bold));
  while (!headerFits(text, width, bold)) width++;
  return width;
}
