/**
 * PNG exports are drawn with subset fonts where the text allows it (resvg shapes each text
 * with the whole font it is given: the full DejaVu took three times as long) — and must be
 * the very pictures the full fonts draw. A label with a character outside the subset is
 * drawn with the full fonts, so no glyph goes missing from a provider's name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import subsetFont from 'subset-font';
import { afterAll, describe, expect, it } from 'vitest';
import { chart } from '../../dashboards/charts/kit.ts';
import { encodeDataset } from '../../dashboards/dataset.ts';
import { ExportPool } from '../../dashboards/export-pool.ts';
import { drawnBySubset, subsetCharacters } from '../../dashboards/fonts/subset-coverage.mjs';
import { FONT_FAMILY } from '../../dashboards/theme.ts';

const font = (name: string) => fileURLToPath(new URL(`../../dashboards/fonts/${name}.ttf`, import.meta.url));
const FULL = [font('DejaVuSans'), font('DejaVuSans-Bold')];
const SUBSET = [font('DejaVuSans-subset'), font('DejaVuSans-Bold-subset')];

/** What the export worker does, with the fonts given. */
function png(svg: string, fontFiles: string[]): Buffer {
  const options = { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY }, fitTo: { mode: 'zoom' as const, value: 1.5 }, background: 'white' };
  return new Resvg(svg, options).render().asPng();
}

/** A bar per provider, labelled with its name (free text from the provider). */
const bars = chart({
  id: 'bars',
  title: 'Abbruchquote je Träger',
  description: 'Balken je Träger',
  datasets: ['year'],
  table: { key: ['Träger'], order: 'y' },
  body: { data: { name: 'year' }, width: 300, height: { step: 20 }, mark: 'bar', encoding: { y: { field: 'prv', type: 'nominal', title: 'Träger' }, x: { field: 'v', type: 'quantitative', title: 'Anteil (≤ ⅓)' } } },
});

describe('PNG exports with subset fonts', () => {
  const pool = new ExportPool(1);
  afterAll(() => pool.close());

  it('are what `npm run fonts` makes from the bundled fonts', async () => {
    for (const name of ['DejaVuSans', 'DejaVuSans-Bold']) {
      const made = await subsetFont(readFileSync(font(name)), subsetCharacters(), { targetFormat: 'truetype' });
      expect(Buffer.compare(made, readFileSync(font(`${name}-subset`))), `${name}-subset.ttf is stale: run npm run fonts`).toBe(0);
    }
  });

  it('draw German labels, typographic marks and other Latin scripts exactly as the full fonts do', async () => {
    const names = ['BW Süd „Neustart“', 'Łódź & Šťastný – Förderung €', 'Ærø Øst · Straße ½ ⅔', 'Ελπίδα / Надежда'];
    pool.addDatasets('latin', JSON.stringify({ year: encodeDataset(names.map((prv, i) => ({ prv, v: (i + 1) / 5 }))) }));
    const out = await pool.render('latin', bars, true);
    for (const name of names) expect(out.svg).toContain(name.replace('&', '&amp;'));
    expect(drawnBySubset(out.svg)).toBe(true);
    expect(Buffer.compare(Buffer.from(out.png!), png(out.svg, FULL))).toBe(0);
  });

  it('draw a label with a character outside the subset with the full fonts', async () => {
    pool.addDatasets('armenian', JSON.stringify({ year: encodeDataset([{ prv: 'Աշխատանք e. V.', v: 0.4 }]) }));
    const out = await pool.render('armenian', bars, true);
    expect(drawnBySubset(out.svg)).toBe(false);
    const full = png(out.svg, FULL);
    // the subset lacks these glyphs: drawn with it, the name would lose its letters
    expect(Buffer.compare(png(out.svg, SUBSET), full)).not.toBe(0);
    expect(Buffer.compare(Buffer.from(out.png!), full)).toBe(0);
  });
});
