/**
 * Server-side exports measure text with the bundled fonts: without a canvas vega guesses
 * 0.8 × font size per character, about half again as wide as DejaVu Sans, and cut labels
 * that fit ("45_AVGS – Aktivierungs- und Vermi…" at the axis' 300 px limit).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ChartContext } from '../../dashboards/charts/kit.ts';
import { activationRates } from '../../dashboards/charts/controlling.ts';
import { retentionCurves } from '../../dashboards/charts/curves.ts';
import { dropoutByInstrument } from '../../dashboards/charts/ministry.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { openFixtureDb } from './setup.ts';
import { encodeDataset } from '../../dashboards/dataset.ts';
import { ExportPool } from '../../dashboards/export-pool.ts';
import { withTextAlternative } from '../../dashboards/html/svg-alt.mjs';

const FITS = '45_AVGS – Aktivierungs- und Vermittlungsgutschein'; // 49 characters, ~280 px at 11 px
const TOO_LONG = '16h – Förderung schwer zu erreichender junger Menschen und noch länger'; // > 340 px

const CTX: ChartContext = {
  bound: new Set(),
  defaults: { jc: '*', year: '2025', instr: '*' },
  labels: { instruments: { '45_AVGS': FITS, '16h': TOO_LONG }, reasons: {}, goals: {}, threshold: 5 },
};

const rows = ['45_AVGS', '16h'].flatMap((ins) =>
  ['dropout_rate', 'completion_rate'].map((ind) => ({ ind, yr: '2025', per: '2025', jc: '*', ins, br: '*', n: 30, d: 100, v: 0.3, lo: 0.2, hi: 0.4, s: 0, p: 0 })),
);

describe('chart exports', () => {
  const pool = new ExportPool(1);
  afterAll(() => pool.close());

  it('keep an axis label that fits its limit whole and cut only the one that does not', async () => {
    pool.addDatasets('t', JSON.stringify({ year: encodeDataset(rows) }));
    const { svg } = await pool.render('t', dropoutByInstrument(CTX), false);
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(labels).toContain(FITS);
    const cut = labels.find((l) => l.startsWith('16h – Förderung'));
    expect(cut).toMatch(/…$/);
    expect(cut!.length).toBeGreaterThan(45); // measured, not guessed: the guess cut at 34 characters
  });

  it('are one image with the chart\'s title and description, without vega\'s English names of its parts', async () => {
    const chart = dropoutByInstrument(CTX);
    const svg = withTextAlternative((await pool.render('t', chart, false)).svg, chart.title, chart.description);
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="chart-title chart-desc"[^>]*><title id="chart-title">[^<]+<\/title><desc id="chart-desc">[^<]{20,}<\/desc>/);
    // opened on its own (an intranet link, a slide) the file is the document: its German is
    // read with the reader's default voice unless the file names its language (WCAG 3.1.1)
    expect(svg).toMatch(/^<svg\b[^>]*\sxml:lang="de"[^>]*\slang="de"/);
    // "Title text 'Abbruchquote …'", "group mark container": read apart from the image, or as Office's alt text
    expect(svg).not.toMatch(/Title text|Subtitle text|aria-roledescription|role="graphics-|aria-label=/);
  });

  it('write the no-values note into a chart without values, and only there', async () => {
    pool.addDatasets('empty', JSON.stringify({ year: encodeDataset([]) }));
    const empty = await pool.render('empty', dropoutByInstrument(CTX), false);
    expect(empty.svg).toContain('>Keine Werte für diese Auswahl (keine Daten oder unterdrückt).</text>');
    const drawn = await pool.render('t', dropoutByInstrument(CTX), false);
    expect(drawn.svg).not.toContain('Keine Werte');
  });

  it('legends show every instrument and indicator name whole: no German word cut with "…"', async () => {
    const fx = await openFixtureDb('almp-legend-');
    const labels = await loadCodeLabels(fx.db).finally(() => fx.close());
    const ctx: ChartContext = { ...CTX, labels };
    const codes = Object.keys(labels.instruments);
    expect(codes.length).toBeGreaterThanOrEqual(11);
    const retention = [{ jc: '*', ins: '*', day: 0, survival: 1, at_risk: 50 }, ...codes.map((ins) => ({ jc: '*', ins, day: 0, survival: 1, at_risk: 50 }))];
    const month = ['activation_rate_aq1', 'activation_rate_elb', 'activation_rate_ltr'].map((ind) => ({ ind, per: '2025-01', date: '2025-01-01', yr: '2025', jc: '*', ins: '*', br: '*', n: 10, d: 100, v: 0.1, lo: null, hi: null, s: 0, p: 0 }));
    pool.addDatasets('legends', JSON.stringify({ retention: encodeDataset(retention), month: encodeDataset(month) }));
    for (const chart of [retentionCurves(ctx), activationRates(ctx)]) {
      const { svg } = await pool.render('legends', chart, false);
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
      expect(texts.filter((t) => t.endsWith('…')), chart.id).toEqual([]);
    }
    const { svg } = await pool.render('legends', retentionCurves(ctx), false);
    expect(svg).toContain('>16h – Förderung schwer zu erreichender junger Menschen</text>');
    // and the instrument axis of the ministry's rates by instrument
    const year = codes.flatMap((ins) => ['dropout_rate', 'completion_rate'].map((ind) => ({ ind, yr: '2025', per: '2025', jc: '*', ins, br: '*', n: 30, d: 100, v: 0.3, lo: 0.2, hi: 0.4, s: 0, p: 0 })));
    pool.addDatasets('axis', JSON.stringify({ year: encodeDataset(year) }));
    const axis = await pool.render('axis', dropoutByInstrument(ctx), false);
    expect([...axis.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).filter((t) => t.endsWith('…'))).toEqual([]);
    expect(axis.svg).toContain('>16h – Förderung schwer zu erreichender junger Menschen</text>');
  });
});
