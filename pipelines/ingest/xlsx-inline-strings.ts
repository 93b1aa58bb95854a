/**
 * Text stored in the cell (`<c t="inlineStr"><is>…</is></c>`, as openpyxl, and pandas through
 * it, writes every string) in one run, for exceljs's streaming worksheet reader. That reader
 * starts a cell's value anew at every opening `<t>` (node_modules/exceljs/lib/stream/xlsx/
 * worksheet-reader.js, `case 'is': case 't':`), so of a text in several formatting runs
 * (`<r><rPr><b/></rPr><t>813N</t></r><r><t>237997</t></r>`) it kept the last run: a bold
 * 'WICHTIG: ' went missing from free texts, and a Kundennummer with a bold first part was
 * pseudonymised as its digits alone. Text in the shared-strings table it reads whole.
 *
 * Here each `<is>` element, on its bytes' way to the reader, becomes one `<t>` holding the text
 * of its runs in order. Phonetic runs (`<rPh>`, the reading Japanese Excel stores for kanji) are
 * left out: a hint shown above the text at most, not part of the cell's value (ISO/IEC 29500-1
 * §18.4.6, https://learn.microsoft.com/en-us/previous-versions/office/developer/office-2010/cc820083(v=office.14)).
 * The text stays escaped as stored, so exceljs decodes it as before. Bytes are handled as
 * latin1, one character per byte and back unchanged: tags are ASCII.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** An opening `<is>` tag (the schema gives it no attributes; `<is/>`, an empty text, is left as it is). */
const OPEN = /<is\s*>/g;
const CLOSE = /<\/is\s*>/g;
/** The start of a tag OPEN or CLOSE could match, cut off at the end of a chunk. */
const CUT_OPEN = /<(?:i(?:s\s*)?)?$/;
const CUT_CLOSE = /<(?:\/(?:i(?:s\s*)?)?)?$/;
/** Longest end of a chunk looked at for a cut tag: `<is` with room for spaces. */
const CUT_LENGTH = 16;
/** After `<is>`: a single `<t>` holding nothing but text, and the end of the element. */
const PLAIN = /<t(?:\s[^>]*)?>[^<]*<\/t><\/is>/y;
/** A start, end or empty tag: whether it ends, its name, whether it is empty. */
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;

export class InlineStrings extends Transform {
  /** The start of a tag cut off by the last chunk's end. */
  #carry = '';
  /** The content read so far of an `<is>` element whose end tag has not come yet. */
  #element: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.#carry + chunk.toString('latin1');
    this.#carry = '';
    let out = '';
    /** From here on, the text is passed on as it came. */
    let kept = 0;
    let at = 0;
    for (;;) {
      if (this.#element === undefined) {
        OPEN.lastIndex = at;
        const open = OPEN.exec(text);
        if (!open) {
          const end = cutAt(text, at, CUT_OPEN);
          out += text.slice(kept, end);
          this.#carry = text.slice(end);
          break;
        }
        at = open.index + open[0].length;
        PLAIN.lastIndex = at;
        if (PLAIN.test(text)) {
          // one run already: as it came, but for an ampersand
          const plain = text.slice(at, PLAIN.lastIndex);
          if (AMPERSAND.test(plain)) {
            out += text.slice(kept, at) + decodedOnce(plain);
            kept = PLAIN.lastIndex;
          }
          at = PLAIN.lastIndex;
          continue;
        }
        out += text.slice(kept, open.index);
        this.#element = '';
      }
      CLOSE.lastIndex = at;
      const close = CLOSE.exec(text);
      const end = close ? close.index : cutAt(text, at, CUT_CLOSE);
      this.#element += text.slice(at, end);
      if (!close) {
        this.#carry = text.slice(end);
        break;
      }
      out += oneRun(this.#element);
      this.#element = undefined;
      at = kept = close.index + close[0].length;
    }
    done(null, Buffer.from(out, 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    // an element never closed: passed on as it came, for the XML reader to refuse
    const rest = (this.#element === undefined ? '' : `<is>${this.#element}`) + this.#carry;
    done(null, Buffer.from(rest, 'latin1'));
  }
}

/** Where a tag `cut` matches, cut off at the end of `text`, starts (from `at`); else the end. */
function cutAt(text: string, at: number, cut: RegExp): number {
  const found = cut.exec(text.slice(Math.max(at, text.length - CUT_LENGTH)));
  return found ? Math.max(at, text.length - CUT_LENGTH) + found.index : text.length;
}

/** An `<is>` element with this content in one run: a single plain `<t>` as it came (so whatever the chunks). */
function oneRun(content: string): string {
  const element = `<is>${content}</is>`;
  PLAIN.lastIndex = '<is>'.length;
  return decodedOnce(PLAIN.test(element) ? element : `<is><t xml:space="preserve">${shownText(content)}</t></is>`);
}

/** An entity that stands for '&' (named, decimal or hexadecimal). */
const AMPERSAND = /&(?:amp|#0*38|#x0*26);/i;

/**
 * exceljs decodes an inline string twice: the XML parser decodes it, then the reader's
 * xmlDecode once more, so a text that says '&lt;b&gt;' or 'AT&amp;T' in so many characters
 * loaded as '<b>' and 'AT&T' — free text changed (text in the shared strings is decoded
 * once). Each '&' of the text is given one more escape here, which that second decoding
 * (a single pass over &name; only) takes off again. The text of a `t="str"` cell (a formula's
 * text result) is decoded twice alike: xlsx-str-cells.ts escapes it with this too.
 */
export function decodedOnce(xml: string): string {
  return xml.replace(new RegExp(AMPERSAND.source, 'gi'), '&amp;amp;');
}

/** The text of an inline string's content: every `<t>` in order, but none inside `<rPh>`. */
export function shownText(content: string): string {
  let text = '';
  let phonetic = false;
  let start: number | undefined;
  for (const tag of content.matchAll(TAG)) {
    const [whole, closing, name, empty] = tag;
    if (empty) continue;
    if (name === 'rPh') phonetic = !closing;
    else if (name === 't' && !closing) start = tag.index + whole.length;
    else if (name === 't' && start !== undefined) {
      if (!phonetic) text += content.slice(start, tag.index);
      start = undefined;
    }
  }
  return text;
}
