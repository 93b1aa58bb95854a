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
  const space = textWidthPx(' ', bold, sizePt);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = textWidthPx(word, bold, sizePt);
      if (line > 0 && line + space + w <= px) {
        line += space + w;
        continue;
      }
      if (line > 0) lines++;
      // a word longer than the line: the spreadsheet breaks it where it no longer fits
      const pieces = Math.max(1, Math.ceil(w / px));
      lines += pieces - 1;
      line = w - (pieces - 1) * px;
    }
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
