import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { ministryDashboard } from '../../dashboards/pages.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import type { ItemResult } from '../../pipelines/results.ts';
import { HOSTILE_PROVIDER } from './fixture-marts.ts';
import { type FixtureDb, openFixtureDb, readPayload } from './setup.ts';

let fx: FixtureDb;
let results: ItemResult[];
let outDir: string;

beforeAll(async () => {
  fx = await openFixtureDb('almp-dash-build-');
  outDir = join(fx.dir, 'out');
  results = await writeDashboards(fx.db, { outDir }, quietEffects());
});
afterAll(() => fx.close());

const html = (slug: string) => readFileSync(join(outDir, 'dashboards', `${slug}.html`), 'utf8');

describe('writeDashboards', () => {
  it('writes every page as HTML and every chart of the overall pages as SVG and PNG, one result per file', () => {
    expect(results.filter((r) => r.status !== 'success')).toEqual([]);
    const names = results.map((r) => r.name);
    for (const slug of ['controlling-gesamt', 'controlling-jobcenter-06411', 'controlling-jobcenter-06412', 'controlling-jobcenter-06413', 'land-ministerium', 'portfolioplanung', 'portfolioplanung-traeger', 'portfolioplanung-massnahmen']) {
      expect(names).toContain(`${slug}.html`);
    }
    // 14 + 5 + 11 charts on the overall pages (the portfolio's on three pages), each as SVG and PNG
    expect(names.filter((n) => n.endsWith('.svg'))).toHaveLength(30);
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(30);
    for (const r of results) expect(statSync(r.path!).size, r.name).toBeGreaterThan(500);
    // a chart taken out of the page keeps its text alternative
    const svg = readFileSync(join(outDir, 'dashboards', 'controlling-gesamt', 'traegervergleich-funnel.svg'), 'utf8');
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="chart-title chart-desc"[^>]*><title id="chart-title">Trägervergleich: beobachtete ÷ erwartete Abbrüche<\/title><desc id="chart-desc">Funnel-Plot: je Träger/);
    // with what is written under its title: the method, which providers are left out, the selection
    expect(/<desc id="chart-desc">([^<]*)<\/desc>/.exec(svg)![1]).toMatch(/Rohquoten\. Funnel-Plot mit 95-%- und 99,8-%-Kontrollgrenzen; .*Träger mit kleinen Fallzahlen \(1–4\) sind nicht dargestellt\. .*Datenstand \d\d\.\d\d\.\d{4} · intern, nicht zur Veröffentlichung$/);
    const png = readFileSync(join(outDir, 'dashboards', 'controlling-gesamt', 'traegervergleich-funnel.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('honours formats', async () => {
    const only = await writeDashboards(fx.db, { outDir: join(fx.dir, 'html-only'), formats: ['html'] }, quietEffects());
    expect(only.every((r) => r.name.endsWith('.html'))).toBe(true);
    expect(only).toHaveLength(8);
    // without JavaScript a page points to no folder of images that was not written
    const page = readFileSync(join(fx.dir, 'html-only', 'dashboards', 'controlling-gesamt.html'), 'utf8');
    expect(/<noscript>([\s\S]*?)<\/noscript>/.exec(page)?.[1]).toMatch(/braucht JavaScript.*Bilder der Diagramme liegen neben dieser Datei nicht bereit\./);
    // nor do the notes under it (they said the images lay in a folder beside it: a review)
    expect(page).not.toContain('im gleichnamigen Ordner neben dieser Datei');
    expect(readFileSync(join(fx.dir, 'out', 'dashboards', 'controlling-gesamt.html'), 'utf8')).toContain('im gleichnamigen Ordner neben dieser Datei');
  });

  it('says where JavaScript is off that the charts need it, and in which folder beside the page they lie as SVG and PNG', () => {
    const dir = join(outDir, 'dashboards');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
      const notice = /<noscript><p class="no-script">([^<]*)<\/p><\/noscript>/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
      expect(notice, file).toMatch(/^Diese Seite braucht JavaScript: ohne es zeigt sie keine Diagramme, Tabellen und Filter, und „Daten als CSV \(Excel\)“ speichert nichts/);
      const folder = /im Ordner „([^“]+)“ neben dieser Datei/.exec(notice!)?.[1];
      // a Jobcenter's page has no images of its own: it points to the overall page's
      expect(folder, file).toBe(file.startsWith('controlling-jobcenter-') ? 'controlling-gesamt' : file.replace(/\.html$/, ''));
      expect(notice, file).toContain('als Bilder (SVG und PNG)');
      const held = readdirSync(join(dir, folder!));
      expect(held.some((f) => f.endsWith('.svg')) && held.some((f) => f.endsWith('.png')), `${file}: ${folder}`).toBe(true);
    }
  });

  it('embeds the libraries and data but loads nothing from outside', () => {
    for (const file of readdirSync(join(outDir, 'dashboards')).filter((f) => f.endsWith('.html'))) {
      const page = readFileSync(join(outDir, 'dashboards', file), 'utf8');
      expect(statSync(join(outDir, 'dashboards', file)).size).toBeLessThan(3 * 1024 * 1024);
      expect(page).toContain('default-src &#39;none&#39;');
      // no src= / href= to anything: every script is inline
      expect(page).not.toMatch(/<script[^>]+src=/i);
      expect(page).not.toMatch(/<link[^>]+href=/i);
      // vega and vega-embed + the data block + the page script: the charts come compiled
      // to Vega (page-spec.ts), so vega-lite's 250 KB are not in the page
      expect(page.match(/<script/g)).toHaveLength(4);
      expect(page).not.toContain('.vegaLite={}');
    }
  });

  it('never lets a value with markup reach a page or an export as markup', () => {
    const outputs = results.map((r) => readFileSync(r.path!, 'utf8'));
    for (const text of outputs.filter((_, i) => !results[i]!.name.endsWith('.png'))) {
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain(HOSTILE_PROVIDER);
    }
    // the hostile provider id is in the controlling data, escaped (\u003c) inside the JSON
    const page = html('controlling-gesamt');
    expect(page).toContain('P\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    const funnel = readPayload(page).datasets['funnel']!;
    expect(funnel.some((r) => r['prv'] === HOSTILE_PROVIDER)).toBe(true);
  });

  it('leaves suppressed figures out of the embedded data (null + flag), not just hidden', async () => {
    const suppressed = await fx.db.json<{ indicator: string; period: string; jobcenter_id: string; instrument: string; numerator: number }>(
      `SELECT indicator, period, jobcenter_id, instrument, numerator FROM mart.indicator_values
       WHERE suppressed AND indicator = 'dropout_rate' AND period_type = 'year' AND provider_id = '*' AND measure_id = '*' AND breakdown = '*'`,
    );
    expect(suppressed.length).toBeGreaterThan(0);
    const year = readPayload(html('controlling-jobcenter-06412')).datasets['year']!;
    const overall = readPayload(html('controlling-gesamt')).datasets['year']!;
    for (const s of suppressed) {
      const rows = [...year, ...overall].filter((r) => r['ind'] === s.indicator && r['per'] === s.period && r['jc'] === s.jobcenter_id && r['ins'] === s.instrument);
      for (const row of rows) {
        expect(row).toMatchObject({ n: null, d: null, v: null, lo: null, hi: null, s: 1 });
      }
    }
    for (const row of [...year, ...overall].filter((r) => r['s'] === 1)) expect([row['n'], row['d'], row['v']]).toEqual([null, null, null]);
  });

  it('adds complementary suppression on the ministry page, where totals are shown', async () => {
    const year = readPayload(html('land-ministerium')).datasets['year']!;
    // hidden cells are marked alike (a complement marked as such is known not to be 1..4)
    expect(year.some((r) => r['c'] === 1)).toBe(false);
    const hidden = year.filter((r) => r['s'] === 1);
    for (const r of hidden) expect([r['n'], r['d'], r['v']]).toEqual([null, null, null]);
    const primary = await fx.db.scalar(
      `SELECT count(*) FROM mart.indicator_values WHERE suppressed AND period_type = 'year' AND provider_id = '*' AND measure_id = '*' AND breakdown = '*'
       AND indicator IN (SELECT unnest($inds::VARCHAR[]))`,
      { inds: `[${[...new Set(year.map((r) => `'${String(r['ind'])}'`))].join(',')}]` },
    );
    expect(hidden.length).toBeGreaterThan(primary);
    // in every table (indicator × year × breakdown), no row or column has exactly one hidden cell
    const tables = new Map<string, Record<string, unknown>[]>();
    for (const r of year) tables.set(`${r['ind']}|${r['yr']}|${r['br']}`, [...(tables.get(`${r['ind']}|${r['yr']}|${r['br']}`) ?? []), r]);
    for (const [key, rows] of tables) {
      for (const axis of ['jc', 'ins']) {
        const lines = new Map<unknown, number>();
        for (const r of rows) if (r['s'] === 1 || r['c'] === 1) lines.set(r[axis], (lines.get(r[axis]) ?? 0) + 1);
        for (const [line, hidden] of lines) {
          const others = rows.filter((r) => r[axis] === line && r['s'] === 0 && r['c'] === 0 && ((r['d'] ?? r['n']) as number) > 0);
          if (hidden === 1) expect(others, `${key} ${axis}=${String(line)}`).toEqual([]);
        }
      }
    }
  });

  it('offers only filters that some chart of the page follows (a select that changes nothing reads as "no difference")', () => {
    for (const file of readdirSync(join(outDir, 'dashboards')).filter((f) => f.endsWith('.html'))) {
      const payload = JSON.parse(/<script type="application\/json" id="almp-data">([\s\S]*?)<\/script>/.exec(html(file.replace('.html', '')))![1]!) as {
        filters: { element: string }[];
        charts: { vega: { signals?: { bind?: { element?: string } }[] } }[];
      };
      const bound = new Set(payload.charts.flatMap((c) => (c.vega.signals ?? []).map((p) => p.bind?.element).filter(Boolean)));
      const dead = payload.filters.map((f) => `#${f.element}`).filter((element) => !bound.has(element));
      expect(dead, file).toEqual([]);
    }
  });

  it('applies it to the ministry activation lines too: a hidden Jobcenter month is not the Land minus the Jobcenter shown', () => {
    // June 2025, long-term unemployed: Land 15/146, 06412 11/75, 06411 4/71 (suppressed)
    const row = (jc: string, n: number | null, d: number | null, s: 0 | 1) => ({
      ind: 'activation_rate_ltr', per: '2025-06', date: '2025-06-01', yr: '2025', jc, ins: '*', br: '*', n, d, v: n === null ? null : n / d!, lo: null, hi: null, s, p: 0 as const,
    });
    const month = [row('*', 15, 146, 0), row('06411', null, null, 1), row('06412', 11, 75, 0)];
    const page = ministryDashboard({ year: [], month }, { instruments: {}, reasons: {}, goals: {}, threshold: 5 });
    const shown = page.datasets['month']!.filter((r) => r['n'] !== null).map((r) => r['jc']);
    expect(shown).toEqual(['*']);
  });
});
