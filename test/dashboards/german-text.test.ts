/**
 * Every string a reader of the dashboards sees, scanned for leftover English, mojibake,
 * stray terms and English number forms (test/helpers/german-text.ts): the page text
 * (titles, intro, filters, notes, chart descriptions), the chart specs' own words (titles,
 * subtitles, axis and legend titles, tooltip titles, labels, text written by expressions),
 * the drawn charts (every tooltip and text item of the default view) and the SVG exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { allProblems } from '../helpers/german-text.ts';
import { drawPageChart, type SceneItem } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb, readPayload } from './setup.ts';

let fx: FixtureDb;
let dir: string;

beforeAll(async () => {
  fx = await openFixtureDb('almp-dash-german-');
  const results = await writeDashboards(fx.db, { outDir: join(fx.dir, 'out'), formats: ['html', 'svg'] }, quietEffects());
  expect(results.filter((r) => r.status !== 'success')).toEqual([]);
  dir = join(fx.dir, 'out', 'dashboards');
});
afterAll(() => fx.close());

const pages = () => readdirSync(dir).filter((f) => f.endsWith('.html'));

const decode = (html: string) =>
  html.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

/** The text of a page as a reader sees it before the charts draw: no scripts, no styles, no tags. */
function pageText(html: string): string[] {
  const body = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  const attributes = [...body.matchAll(/aria-label="([^"]*)"/g)].map((m) => decode(m[1]!));
  return [...body.split(/<[^>]+>/).map((t) => decode(t).trim()).filter(Boolean), ...attributes];
}

/** Keys of a Vega spec (the page's charts, compiled) whose string values are shown to the reader. */
const SHOWN = new Set(['title', 'subtitle', 'text', 'description', 'label', 'step', 'level', 'labels', 'values']);
/** Keys of a Vega spec whose strings are expressions: their quoted literals are texts (tooltip titles, labels). */
const EXPRESSIONS = new Set(['expr', 'signal', 'update']);
/** A code, a field name or a format specifier, not words: 'dropout_rate', ',.0f', '%b %Y'. */
const NOT_WORDS = /^([a-z0-9_*]+|[$,.0-9~]*[fdsen%]|%[a-zA-Z %.]*|[a-z_]+\.[a-z_]+)$/;

function specTexts(value: unknown, key = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (EXPRESSIONS.has(key)) for (const m of value.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)) out.push(m[1] ?? m[2]!);
    else if (SHOWN.has(key)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) specTexts(v, key === 'domain' || key === 'subtitle' || key === 'sort' ? 'label' : key, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // the theme's locale (month and day names) is checked in theme-locale.test.ts
      if (k === 'config' || k === 'filter' || k === 'test' || k === 'field' || k === 'as' || k === 'format' || k === 'locale') continue;
      // {"text": {"value": "vorläufig →"}}: the value is shown as its key says
      specTexts(v, k === 'value' ? key : k, out);
    }
  }
  return out.map((t) => t.trim()).filter((t) => t && !NOT_WORDS.test(t));
}

/** Every tooltip value and drawn text of a view. */
function drawnTexts(node: SceneItem, out: string[] = []): string[] {
  for (const item of node.items ?? []) {
    if (item.tooltip && typeof item.tooltip === 'object') for (const [k, v] of Object.entries(item.tooltip)) out.push(k, String(v));
    if (item.text !== undefined) out.push(...(Array.isArray(item.text) ? item.text.map(String) : [String(item.text)]));
    drawnTexts(item, out);
  }
  return out;
}

describe('German on the dashboards', () => {
  it('the pages\' own text: titles, intro, filters, notes, chart descriptions', () => {
    const texts = pages().flatMap((f) => pageText(readFileSync(join(dir, f), 'utf8')));
    expect(texts.length).toBeGreaterThan(100);
    // the filter options are filled by the page script: read them from the payload
    const options = pages().flatMap((f) => {
      const payload = JSON.parse(/id="almp-data">([\s\S]*?)<\/script>/.exec(readFileSync(join(dir, f), 'utf8'))![1]!) as { filters: { options: { label: string }[] }[] };
      return payload.filters.flatMap((x) => x.options.map((o) => o.label));
    });
    expect(options).toContain('Alle Instrumente');
    expect(allProblems(texts)).toEqual([]);
    // instrument codes (16d_AGH, 81_FBW) are no numbers
    expect(allProblems(options, { numbers: false })).toEqual([]);
  });

  it('the chart specs\' words: titles, subtitles, axes, legends, tooltip titles, labels, texts written by expressions', () => {
    const texts = pages().flatMap((f) => readPayload(readFileSync(join(dir, f), 'utf8')).charts.flatMap((c) => specTexts(c.vega)));
    expect(texts).toEqual(expect.arrayContaining(['Von der Zuweisung zum Austritt', '95-%-Konfidenzintervall', '• unterdrückt', 'vorläufig →']));
    expect(allProblems(texts, { numbers: false })).toEqual([]);
  });

  it('what the drawn charts show: every tooltip and text of the default views, in German number forms, never "null"', async () => {
    const texts: string[] = [];
    for (const f of pages()) {
      const { charts, datasets } = readPayload(readFileSync(join(dir, f), 'utf8'));
      for (const chart of charts) {
        const view = await drawPageChart(chart, datasets);
        texts.push(...drawnTexts((view.scenegraph() as unknown as { root: SceneItem }).root));
        view.finalize();
      }
    }
    expect(texts).toEqual(expect.arrayContaining(['Status', 'vorläufig']));
    expect(texts.some((t) => /^\d+,\d\u00a0%$/.test(t))).toBe(true);
    // instrument codes in labels (16d_AGH, 81_FBW) and tooltip keys are no numbers; the rest is
    const [codes, rest] = [texts.filter((t) => /\d+[a-z]?_[A-Z]/.test(t)), texts.filter((t) => !/\d+[a-z]?_[A-Z]/.test(t))];
    expect(allProblems(rest)).toEqual([]);
    expect(allProblems(codes, { numbers: false })).toEqual([]);
  });

  it('the SVG exports, captions included', () => {
    const texts: string[] = [];
    for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(join(dir, sub.name)).filter((x) => x.endsWith('.svg'))) {
        const svg = readFileSync(join(dir, sub.name, f), 'utf8');
        texts.push(...[...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => decode(m[1]!)));
      }
    }
    expect(texts.some((t) => t.includes('Datenstand'))).toBe(true);
    const [codes, rest] = [texts.filter((t) => /\d+[a-z]?_[A-Z]/.test(t)), texts.filter((t) => !/\d+[a-z]?_[A-Z]/.test(t))];
    expect(allProblems(rest)).toEqual([]);
    expect(allProblems(codes, { numbers: false })).toEqual([]);
  });
});
