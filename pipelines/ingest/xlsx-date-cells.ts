/**
 * Date cells stored as ISO 8601 text (`<c t="d"><v>2024-09-15T00:00:00</v></c>`, ECMA-376
 * §18.18.11 ST_CellType 'd', as some libraries write them) read as that text. exceljs's
 * streaming reader has no case for them: it took parseFloat('2024-09-15…') = 2024 for an
 * Excel serial, and with a date format on the cell a referral of 15.09.2024 loaded as
 * 16.07.1905 without a reject (a calendar audit); without one the reason quoted '2024'.
 *
 * Here such a cell, on its bytes' way to the reader, becomes a text cell (`t="str"`): its
 * value is then validated as the same text in a CSV (midnight is the date, another time of
 * day is rejected saying so). Bytes are handled as latin1, one character per byte and back
 * unchanged: tags are ASCII.
 *
 * And a value stored empty (`<c r="G3" s="1"><v></v></c>`, `<v/>`), as some writers store an
 * emptied cell, goes: LibreOffice shows the cell empty. exceljs read it as NaN (a number
 * cell: rejected as 'NaN'), an invalid Date (a date-formatted one: the whole file refused)
 * or, in a boolean cell, as TRUE — loaded without a word (an audit, and a review: reading
 * every NaN as empty loaded 'k.A.' in a number cell as empty too). A formula's empty result
 * is not touched: only a value right after the cell's start tag.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** A cell's start tag with the type 'd' (`<c r="D2" s="1" t="d">`); `<col`, `<cfRule` are other tags. */
const DATE_CELL = /(<c\s[^>]*?\bt\s*=\s*)(["'])d\2/g;

/** An empty value right after a cell's start tag (not a self-closed one): no formula between. */
const EMPTY_VALUE = /(<c(?:\s[^>]*[^/>])?>)\s*<v(?:\s[^>]*?)?(?:\/>|>\s*<\/v>)/g;

export class IsoDateCells extends Transform {
  /** A tag, or a cell, cut off by the last chunk's end. */
  #carry = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let text = this.#carry + chunk.toString('latin1');
    const open = text.lastIndexOf('<');
    let cut = open >= 0 && !text.includes('>', open) ? open : -1;
    // a cell still open at the end: its start tag and its value may lie in two chunks
    const cell = Math.max(text.lastIndexOf('<c '), text.lastIndexOf('<c>'));
    if (cell >= 0 && (cut < 0 || cell < cut) && !/<\/c>|^<c[^>]*\/>/.test(text.slice(cell))) cut = cell;
    this.#carry = cut >= 0 ? text.slice(cut) : '';
    if (cut >= 0) text = text.slice(0, cut);
    done(null, Buffer.from(text.replace(DATE_CELL, '$1$2str$2').replace(EMPTY_VALUE, '$1'), 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.#carry, 'latin1'));
  }
}
