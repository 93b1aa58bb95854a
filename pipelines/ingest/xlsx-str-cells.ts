/**
 * The value of a text cell stored as `t="str"` — a formula's text result (`<c t="str"><f>…</f>
 * <v>AT&amp;amp;T</v></c>`), or text a writer stores so — for exceljs's streaming worksheet
 * reader, which decodes it twice as it does an inline string (xlsx-inline-strings.ts): a
 * result that says 'AT&amp;T' in so many characters loaded as 'AT&T'. Here, on the bytes'
 * way to the reader, each '&' entity in such a cell's `<v>` gets the one escape that second
 * decoding takes off (decodedOnce). A cell's other parts (its formula) are passed as they came.
 * Bytes are handled as latin1, one character per byte and back unchanged: tags are ASCII.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { decodedOnce } from './xlsx-inline-strings.ts';

/** A cell's start tag with the type 'str' (`<c r="G4" s="2" t="str">`; `<cfRule` is another tag). */
const STR_CELL = /<c\s[^>]*?\bt\s*=\s*(["'])str\1[^>]*>/g;
const CELL_END = /<\/c\s*>/g;
/** A value element and its text (which holds no '<': XML escapes it). */
const VALUE = /(<v(?:\s[^>]*)?>)([^<]*)(<\/v\s*>)/g;
/**
 * Longest cell held back waiting for its end: a cell holds at most 32,767 characters, each at
 * most a few bytes even escaped. A longer one is a damaged sheet, passed on for the XML reader
 * to refuse, not held (and scanned again with every chunk) to the end of the part.
 */
const MAX_CELL = 1 << 20;

export class StrCellValues extends Transform {
  /** The start of a cell or tag cut off by the last chunk's end. */
  #carry = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.#carry + chunk.toString('latin1');
    let out = '';
    let kept = 0;
    // most chunks hold no such cell (a quoted 'str' is its attribute value): not scanned cell by cell
    STR_CELL.lastIndex = text.includes('"str"') || text.includes("'str'") ? 0 : text.length;
    for (let cell = STR_CELL.exec(text); cell; cell = STR_CELL.exec(text)) {
      const start = STR_CELL.lastIndex;
      if (cell[0].endsWith('/>')) continue; // an empty cell
      CELL_END.lastIndex = start;
      const end = CELL_END.exec(text);
      if (!end) {
        if (text.length - cell.index > MAX_CELL) continue;
        // the cell ends in a later chunk: held back whole
        this.#carry = text.slice(cell.index);
        done(null, Buffer.from(out + text.slice(kept, cell.index), 'latin1'));
        return;
      }
      out += text.slice(kept, start) + text.slice(start, end.index).replace(VALUE, (_, open: string, value: string, close: string) => open + decodedOnce(value) + close);
      kept = end.index;
      STR_CELL.lastIndex = end.index;
    }
    // a tag cut off at the end may be a str cell's start
    const open = text.lastIndexOf('<');
    const cut = open >= kept && !text.includes('>', open) ? open : text.length;
    this.#carry = text.slice(cut);
    done(null, Buffer.from(out + text.slice(kept, cut), 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.#carry, 'latin1'));
  }
}
