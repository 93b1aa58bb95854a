/**
 * The advance widths read at once from the bundled fonts (the parsed font is let go) are
 * those opentype.js gives per character: vega's text metrics in the export workers and the
 * returns' row heights measure with them, so one wrong width moves a label or a row.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fontAdvances } from '../../dashboards/fonts/advances.mjs';

const opentype = createRequire(import.meta.url)('opentype.js') as {
  parse(buffer: ArrayBuffer): { unitsPerEm: number; charToGlyph(ch: string): { advanceWidth?: number } };
};

describe('font advances', () => {
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    it(`${file}: every character up to U+2FFF and a few beyond as opentype.js measures it`, () => {
      const path = new URL(`../../dashboards/fonts/${file}`, import.meta.url);
      const bytes = readFileSync(path);
      const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const width = fontAdvances(path);
      const wrong: string[] = [];
      for (const cp of [...Array.from({ length: 0x3000 }, (_, i) => i), 0x1f600, 0xfffd, 0x10ffff]) {
        const ch = String.fromCodePoint(cp);
        if (width(ch) !== (font.charToGlyph(ch).advanceWidth ?? font.unitsPerEm) / font.unitsPerEm) wrong.push(cp.toString(16));
      }
      expect(wrong).toEqual([]);
    });
  }
});
