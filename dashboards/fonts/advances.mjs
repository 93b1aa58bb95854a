// Advance widths of a bundled font, per character (in ems), for measuring text the way it
// is drawn: vega's text metrics in the export workers and the returns' row heights.
// Plain JavaScript: the export workers run without a TypeScript loader.
// Per character, without shaping: opentype.js cannot apply all of DejaVu's substitutions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const opentype = createRequire(import.meta.url)('opentype.js');

/**
 * A function from a character to its advance width in ems, for the font file at `path`. The
 * widths of every mapped character are read at once and the parsed font let go: kept, its
 * glyph objects (12,449 of them, ~176,000 closures for the two fonts) stayed in the heap of
 * every process that ever measured text — 20–35 MB of an idle scheduler. Reading them all
 * takes as long as parsing did (~0.27 s for both fonts); a character the font does not map
 * gets the width of its .notdef glyph, as charToGlyph gave it.
 */
export function fontAdvances(path) {
  const bytes = readFileSync(path);
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const em = font.unitsPerEm;
  const advances = new Map();
  for (const [code, index] of Object.entries(font.tables.cmap.glyphIndexMap)) advances.set(Number(code), (font.glyphs.get(index).advanceWidth ?? em) / em);
  const notdef = (font.glyphs.get(0).advanceWidth ?? em) / em;
  return (ch) => advances.get(ch.codePointAt(0)) ?? notdef;
}
