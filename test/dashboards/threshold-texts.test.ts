/**
 * The dashboards name and apply the disclosure threshold the marts were built with
 * (ALMP_SUPPRESSION_THRESHOLD), not a fixed 5: with threshold 3 the pages said "1–4" were
 * hidden while 3 and 4 were shown, and the retention curves stopped at 5 people at risk;
 * with 10 they said "1–4" while 5..9 were hidden too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { CURVE_HORIZON_DAYS, CURVE_KEPT_WHOLE, loadRetention } from '../../dashboards/data/curves.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { AS_OF } from '../fixtures/hand-checked/fixture.ts';
import { type Built, buildHandChecked } from '../models/helpers.ts';

/** Page text without the embedded data and scripts: what a reader sees. */
function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
}

/** Every text in a page's chart specs (titles, subtitles, descriptions). */
function specTexts(html: string): string {
  const match = /<script type="application\/json" id="almp-data">([\s\S]*?)<\/script>/.exec(html);
  const payload = JSON.parse(match![1]!) as { charts: { title: string; described: string[]; vega: unknown }[] };
  // described: description and subtitle, the subtitle's lines joined, so a phrase is found across a line break
  return JSON.stringify(payload.charts.map((c) => [c.title, c.described.join(' '), c.vega]));
}

describe.each([
  { threshold: 3, range: '1–2' },
  { threshold: 10, range: '1–9' },
])('marts built with suppression threshold $threshold', ({ threshold, range }) => {
  let built: Built;
  let out: string;
  beforeAll(async () => {
    built = await buildHandChecked({ asOf: AS_OF, suppressionThreshold: threshold });
    out = mkdtempSync(join(tmpdir(), 'almp-threshold-'));
    const results = await writeDashboards(built.db, { outDir: out, formats: ['html'] }, quietEffects());
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  }, 120_000);
  afterAll(() => {
    built?.close();
    rmSync(out, { recursive: true, force: true });
  });

  const page = (slug: string) => readFileSync(join(out, 'dashboards', `${slug}.html`), 'utf8');

  it(`says counts ${range} are hidden, on every page and in the charts that name the range`, () => {
    for (const slug of ['controlling-gesamt', 'land-ministerium', 'portfolioplanung']) {
      const html = page(slug);
      expect(visibleText(html)).toContain(`Kleine Fallzahlen (${range}) sind unterdrückt`);
      expect(visibleText(html) + specTexts(html)).not.toContain('1–4');
    }
    expect(specTexts(page('controlling-gesamt'))).toContain(`Monate mit ${range} Gefährdeten`);
    expect(specTexts(page('controlling-gesamt'))).toContain(`Träger mit kleinen Fallzahlen (${range})`);
    expect(specTexts(page('land-ministerium'))).toContain(`Fallzahl ${range} oder Gegenrechnung`);
    // the page is suppressed together with the public returns (reports/model/public-year.ts): it says so
    expect(visibleText(page('land-ministerium'))).toContain('Gemeinsam mit der Landesprogramm-Jahresmeldung und der ESF+-Meldung desselben Jahres unterdrückt');
    expect(visibleText(page('controlling-gesamt'))).toContain('Zum Veröffentlichen die Landesseite und die Excel-Meldungen verwenden.');
    // the emptiest lots with few people are hidden, not missing without a word
    expect(specTexts(page('portfolioplanung-massnahmen'))).toContain(`nicht aufgeführt: Maßnahmen mit ${range} Teilnahmen im Jahr`);
  });

  it('cuts the retention curves where fewer than the threshold remain at risk', async () => {
    const rows = await loadRetention(built.db);
    expect(rows.length).toBeGreaterThan(0);
    expect(Math.min(...rows.map((r) => r.at_risk))).toBeGreaterThanOrEqual(threshold);
    // the curve goes on below 5 at risk when the threshold allows it
    if (threshold < 5) expect(rows.some((r) => r.at_risk < 5)).toBe(true);
    // the days a planner reads off (30, 90, 180 …) are points of the curve, not only weeks' ends
    const horizons = await built.db.json<{ key: string }>(
      `SELECT jobcenter_id || '|' || instrument || '|' || day AS key FROM mart.retention_curve
       WHERE provider_id = '*' AND day IN (${CURVE_HORIZON_DAYS.join(', ')}) AND at_risk >= ${threshold} ORDER BY 1`,
    );
    expect(horizons.length).toBeGreaterThan(3);
    const drawn = new Set(rows.map((r) => `${r.jc}|${r.ins}|${r.day}`));
    expect(horizons.map((h) => h.key).filter((k) => !drawn.has(k))).toEqual([]);
    // a short curve keeps every step (thinned to weeks, a drop on day 11 was drawn on day 13); a long one is thinned
    const steps = await built.db.json<{ curve: string; n: number }>(
      `SELECT jobcenter_id || '|' || instrument AS curve, CAST(count(*) AS INTEGER) AS n FROM mart.retention_curve
       WHERE provider_id = '*' AND at_risk >= ${threshold} GROUP BY ALL`,
    );
    const kept = new Map<string, number>();
    for (const r of rows) kept.set(`${r.jc}|${r.ins}`, (kept.get(`${r.jc}|${r.ins}`) ?? 0) + 1);
    const short = steps.filter((s) => s.n <= CURVE_KEPT_WHOLE);
    expect(short.length).toBeGreaterThan(0);
    for (const s of steps) {
      if (s.n <= CURVE_KEPT_WHOLE) expect(kept.get(s.curve), s.curve).toBe(s.n);
      else expect(kept.get(s.curve)!, s.curve).toBeLessThan(s.n);
    }
  });
});
