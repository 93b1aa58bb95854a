// Advance widths of a bundled font, per character (in ems), for measuring text the way it
// is drawn: vega's text metrics in the export workers and the returns' row heights.
// Plain JavaScript: the export workers run without a TypeScript loader.
// Per character, without shaping: opentype.js cannot apply all of DejaVu's substitutions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const opentype = createRequire(import.meta.url)('opentype.js');

/** A function from a character to its advance width in ems, for the font file at `path`. */
export function fontAdvances(path) {
  const bytes = readFileSync(path);
  const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const advances = new Map();
  return (ch) => {
    let a = advances.get(ch);
    if (a === undefined) advances.set(ch, (a = (font.charToGlyph(ch).advanceWidth ?? font.unitsPerEm) / font.unitsPerEm));
    return a;
  };
}
