/**
 * Every static export says what it shows: the period of the default view, the Jobcenter
 * and instrument selection, and the Datenstand (a PNG on a slide has lost the page's
 * filters: the ministry's exits table did not say it showed one year).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import type { ItemResult } from '../../pipelines/results.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

let fx: FixtureDb;
let results: ItemResult[];

beforeAll(async () => {
  fx = await openFixtureDb('almp-dash-caption-');
  results = await writeDashboards(fx.db, { outDir: join(fx.dir, 'out'), formats: ['svg'] }, quietEffects());
});
afterAll(() => fx.close());

/** The drawn lines of an SVG's subtitle. */
function subtitleLines(svg: string): string[] {
  const block = /role-title-subtitle[^>]*>(<text[\s\S]*?<\/text>)/.exec(svg)?.[1] ?? '';
  return [...block.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>|<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1] ?? m[2]!);
}

describe('chart exports', () => {
  it('carry a line with period, selection and Datenstand', () => {
    const svgs = results.filter((r) => r.name.endsWith('.svg'));
    expect(svgs).toHaveLength(30);
    const last = Object.fromEntries(svgs.map((r) => [r.name, subtitleLines(readFileSync(r.path!, 'utf8')).at(-1)]));
    // fixture: as-of 31.07.2025; the ministry and portfolio pages open on the last final year (2024)
    expect(last['land-ministerium/austritte-tabelle.svg']).toBe('Jahr 2024 · Datenstand 31.07.2025');
    expect(last['land-ministerium/kennzahlen-jobcenter.svg']).toBe('Jahr 2024 · Alle Instrumente · Datenstand 31.07.2025');
    expect(last['controlling-gesamt/auf-einen-blick.svg']).toBe('Jahr 2025 · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(last['controlling-gesamt/zugang-bis-austritt.svg']).toBe('Jahr 2025 · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(last['controlling-gesamt/abbruchquote-monatlich.svg']).toBe('Monate Januar 2023 bis Juli 2025 · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(last['controlling-gesamt/berichte-ueberfaellig.svg']).toBe('Bestand zum Datenstand · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(last['portfolioplanung/auslastung-jahre.svg']).toBe('Jahre 2023–2025 · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    expect(last['portfolioplanung-traeger/traeger-jahre.svg']).toBe('Jahre 2023–2025 · Alle Jobcenter · Alle Instrumente · Datenstand 31.07.2025 · intern, nicht zur Veröffentlichung');
    // every page but the public one says it is internal: a saved chart has lost the page's note
    for (const [name, line] of Object.entries(last)) {
      expect(line, name).toMatch(name.startsWith('land-ministerium/') ? / · Datenstand 31\.07\.2025$/ : / · Datenstand 31\.07\.2025 · intern, nicht zur Veröffentlichung$/);
    }
  });
});
