/**
 * A workbook as plain data: its sheets, rows, cell values and styles, in the order the
 * exceljs streaming writer is called. The renderer (write-workbook.ts, cover.ts) decides
 * every cell; xlsx-replay.ts writes them, so what a cell holds is decided in one place and
 * how it is serialised (exceljs, or plain-rows.ts for the large bodies) in another.
 */
import type ExcelJS from 'exceljs';
import { columnPx, rowHeightPt } from './row-height.ts';
import type { TitleName } from './title-names.ts';

export type OpValue = string | number | Date | { formula: string; result: number | null } | null;
export type OpStyle = Partial<ExcelJS.Style>;

export interface RowOps {
  /** Cells from column A; null still creates the (empty) cell, as exceljs' getCell does. */
  readonly values: OpValue[];
  /** Style per cell: an index into WorkbookOps.styles, -1 for none. */
  readonly styles?: number[];
  /** The row and its unstyled cells share one empty style (exceljs looks up a fresh {} per cell otherwise). */
  readonly plain?: boolean;
  /** Row-wide font and alignment (set on the row before any cell style; not combined with `styles`). */
  readonly font?: Partial<ExcelJS.Font>;
  readonly alignment?: Partial<ExcelJS.Alignment>;
  /** Merged ranges [top, left, bottom, right] (1-based), made before the row is committed. */
  readonly merges?: [number, number, number, number][];
  /** Points, for rows whose wrapped text needs more than one line (row-height.ts). */
  readonly height?: number;
}

export interface SheetOps {
  readonly name: string;
  readonly options: Partial<ExcelJS.AddWorksheetOptions>;
  readonly widths: number[];
  readonly rows: RowOps[];
  /** The cells that head its tables, for a screen reader (title-names.ts). */
  readonly titles: TitleName[];
  /** 0-based columns that start a printed page (page-setup.ts, columnBreaks). */
  readonly colBreaks?: readonly number[];
}

export interface WorkbookOps {
  readonly path: string;
  readonly creator: string;
  /** Document properties a file manager, a DMS or the funder's intake shows without opening the file. */
  readonly title: string;
  readonly subject: string;
  readonly created: Date;
  readonly views: ExcelJS.WorkbookView[];
  /** Each style once: cells refer to them by index, so exceljs resolves each style once per workbook. */
  readonly styles: OpStyle[];
  readonly sheets: SheetOps[];
}

export interface RowOptions {
  readonly styles?: readonly (OpStyle | undefined)[];
  readonly plain?: boolean;
  readonly font?: Partial<ExcelJS.Font>;
  readonly alignment?: Partial<ExcelJS.Alignment>;
  readonly merges?: [number, number, number, number][];
}

export class SheetBuilder {
  constructor(
    readonly ops: SheetOps,
    private readonly styleIndex: (style: OpStyle) => number,
  ) {}

  /** The 1-based number the next row gets. */
  get nextRow(): number {
    return this.ops.rows.length + 1;
  }

  /** Marks the header cells of the table that ends at `end` (title-names.ts). */
  headers(kind: TitleName['kind'], header: TitleName['header'], end: TitleName['end']): void {
    this.ops.titles.push({ kind, header, end });
  }

  row(values: OpValue[], options: RowOptions = {}): void {
    const { styles, ...rest } = options;
    const height = this.#height(values, options);
    this.ops.rows.push({
      values,
      ...rest,
      ...(styles ? { styles: styles.map((s) => (s ? this.styleIndex(s) : -1)) } : {}),
      ...(height ? { height } : {}),
    });
  }

  /** The height wrapped text cells need: the row's or the cell's wrapText, over their (merged) width. */
  #height(values: OpValue[], options: RowOptions): number | undefined {
    const cells: { text: string; px: number; bold?: boolean; sizePt?: number }[] = [];
    const rowWraps = Boolean(options.alignment?.wrapText);
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const style = options.styles?.[c];
      if (typeof v !== 'string' || !(rowWraps || style?.alignment?.wrapText)) continue;
      const merge = options.merges?.find(([, left]) => left === c + 1);
      const widths = this.ops.widths.slice(c, merge ? merge[3] : c + 1);
      const font = style?.font ?? options.font;
      cells.push({ text: v, px: columnPx(widths.length ? widths : [9]), bold: Boolean(font?.bold), sizePt: font?.size ?? 11 });
    }
    return cells.length ? rowHeightPt(cells) : undefined;
  }
}

export class WorkbookBuilder {
  readonly styles: OpStyle[] = [];
  readonly sheets: SheetOps[] = [];
  readonly #byObject = new Map<OpStyle, number>();
  readonly #byJson = new Map<string, number>();

  /** Shared style objects are found by identity; literals by their content. */
  readonly styleIndex = (style: OpStyle): number => {
    let index = this.#byObject.get(style);
    if (index !== undefined) return index;
    const json = JSON.stringify(style);
    index = this.#byJson.get(json);
    if (index === undefined) {
      index = this.styles.push(style) - 1;
      this.#byJson.set(json, index);
    }
    this.#byObject.set(style, index);
    return index;
  };

  addSheet(name: string, options: Partial<ExcelJS.AddWorksheetOptions>, widths: number[], colBreaks: readonly number[] = []): SheetBuilder {
    const sheet: SheetOps = { name, options, widths, rows: [], titles: [], ...(colBreaks.length ? { colBreaks } : {}) };
    this.sheets.push(sheet);
    return new SheetBuilder(sheet, this.styleIndex);
  }
}
