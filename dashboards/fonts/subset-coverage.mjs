// Which characters the subset fonts (DejaVuSans*-subset.ttf, made by subset.mjs) hold.
// resvg shapes every text of an SVG with the fonts it is given, and the time that takes grows
// with the font: with the full DejaVu (~6,000 glyphs) a chart of 700 labels took ~240 ms to
// load, with these subsets ~75 ms — and draws the same pixels. A text with any character
// outside these blocks is drawn with the full fonts (drawnBySubset), so no glyph is lost.
// Plain JavaScript: the export workers run without a TypeScript loader.

/** Unicode blocks, [first, last] code point: Latin with its extensions and diacritics,
 * Greek, Cyrillic, punctuation, currency, letterlike and number forms (⅓), arrows, maths
 * operators, box drawing and geometric shapes. */
export const SUBSET_RANGES = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2b0, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x1e00, 0x1eff],
  [0x2000, 0x20cf],
  [0x2100, 0x22ff],
  [0x2500, 0x25ff],
];

const hex = (cp) => `\\u{${cp.toString(16)}}`;
const OUTSIDE = new RegExp(`[^\\t\\n\\r${SUBSET_RANGES.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')}]`, 'u');

/** Whether every character of `text` (an SVG, markup included) lies in the subset's blocks. */
export function drawnBySubset(text) {
  return !OUTSIDE.test(text);
}

/** Every character of the blocks, as one string (the subsetter's input). */
export function subsetCharacters() {
  let text = '';
  for (const [first, last] of SUBSET_RANGES) for (let cp = first; cp <= last; cp++) text += String.fromCodePoint(cp);
  return text;
}
