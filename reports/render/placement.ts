/** Where a sheet model's cells land in Excel (rows 1–3 are title lines), and SUM formulas over them. */
import type { CellPos, SheetModel } from '../model/assemble.ts';

export interface SheetPlacement {
  readonly groupRow?: number;
  readonly headerRow: number;
  readonly firstDataRow: number;
}

export type Placement = Map<string, SheetPlacement>;

export function headerLayout(sheet: SheetModel): SheetPlacement {
  const grouped = sheet.columns.some((c) => c.group);
  return grouped ? { groupRow: 4, headerRow: 5, firstDataRow: 6 } : { headerRow: 4, firstDataRow: 5 };
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function addressOf(pos: { row: number; col: number }, placement: SheetPlacement): string {
  return `${columnLetter(pos.col)}${placement.firstDataRow + pos.row}`;
}

const MAX_REFS = 30;

/**
 * A SUM over the parts: one range when they are contiguous in one column or one row of a
 * sheet, else a list of references (up to 30; beyond that the caller writes the value).
 */
export function formulaOver(parts: readonly CellPos[], currentSheet: string, placement: Placement): string | undefined {
  if (parts.length === 0) return undefined;
  const ref = (p: CellPos): string => {
    const at = addressOf(p, placement.get(p.sheet)!);
    return p.sheet === currentSheet ? at : `'${p.sheet.replaceAll("'", "''")}'!${at}`;
  };
  const sameSheet = parts.every((p) => p.sheet === parts[0]!.sheet);
  const sorted = [...parts].sort((a, b) => a.row - b.row || a.col - b.col);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  const column = sameSheet && sorted.every((p, i) => p.col === first.col && p.row === first.row + i);
  const row = sameSheet && sorted.every((p, i) => p.row === first.row && p.col === first.col + i);
  if (column || row) {
    const to = ref(last).replace(/^.*!/, '');
    return `SUM(${ref(first)}:${to})`;
  }
  if (parts.length > MAX_REFS) return undefined;
  return `SUM(${parts.map(ref).join(',')})`;
}
