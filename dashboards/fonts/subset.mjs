// Writes DejaVuSans-subset.ttf and DejaVuSans-Bold-subset.ttf from the bundled fonts, keeping
// the blocks of subset-coverage.mjs (harfbuzz's subsetter via subset-font: outlines, advance
// widths, kerning and substitutions of the kept glyphs unchanged). Run `npm run fonts` after
// changing the bundled fonts or the blocks; test/dashboards/export-fonts.test.ts checks the
// committed files against both.
import { readFileSync, writeFileSync } from 'node:fs';
import subsetFont from 'subset-font';
import { subsetCharacters } from './subset-coverage.mjs';

const characters = subsetCharacters();
for (const name of ['DejaVuSans', 'DejaVuSans-Bold']) {
  const full = readFileSync(new URL(`./${name}.ttf`, import.meta.url));
  const subset = await subsetFont(full, characters, { targetFormat: 'truetype' });
  writeFileSync(new URL(`./${name}-subset.ttf`, import.meta.url), subset);
  process.stdout.write(`${name}-subset.ttf: ${subset.length} bytes (full font ${full.length})\n`);
}
