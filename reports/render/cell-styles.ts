/**
 * The cell styles of the data sheets, one shared object per combination (exceljs caches a
 * style's index by object identity).
 */
import type ExcelJS from 'exceljs';
import { BOLD } from './formats.ts';
import type { OpStyle } from './workbook-ops.ts';

export const GROUP_STYLE: OpStyle = { font: BOLD, alignment: { horizontal: 'center' }, border: { bottom: { style: 'thin' } } };

export const NOTE_STYLE: OpStyle = { alignment: { wrapText: true, vertical: 'top' } };

const STYLES = new Map<string, OpStyle>();

/**
 * One shared style object per combination: exceljs caches a style's index by object
 * identity, so sharing saves rendering every cell's style. Never mutate the result.
 */
export function cellStyle(numFmt: string | undefined, options: { bold?: boolean; right?: boolean; wrap?: boolean; top?: boolean; indent?: boolean } = {}): OpStyle {
  const id = `${numFmt ?? ''}|${options.bold ? 'b' : ''}|${options.right ? 'r' : ''}|${options.wrap ? 'w' : ''}|${options.top ? 't' : ''}|${options.indent ? 'i' : ''}`;
  let style = STYLES.get(id);
  if (!style) {
    const alignment: Partial<ExcelJS.Alignment> = {
      ...(options.right ? { horizontal: 'right' as const } : {}),
      ...(options.wrap ? { wrapText: true } : {}),
      ...(options.wrap || options.top ? { vertical: 'top' as const } : {}),
      // an indent counts from the side the text is aligned to: without one, Excel's General alignment ignores it
      ...(options.indent ? { horizontal: 'left' as const, indent: 1 } : {}),
    };
    style = {
      ...(numFmt ? { numFmt } : {}),
      ...(options.bold ? { font: BOLD } : {}),
      ...(Object.keys(alignment).length ? { alignment } : {}),
    };
    STYLES.set(id, style);
  }
  return style;
}
