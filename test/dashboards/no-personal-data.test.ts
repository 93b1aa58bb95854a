/**
 * The real chain on the bundled samples (ingest → models → dashboards, all formats) with
 * provider free text that carries markup: no pseudonym and no free text (reason text,
 * follow-up recommendation, titles, regions) may appear in any HTML or SVG output. Jobcenter
 * and provider names label the pages (from the Jobcenter's own lists): one carrying markup
 * appears as text only, never as markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import type { ItemResult } from '../../pipelines/results.ts';
import { AS_OF, sampleStore, tempDir } from '../hardening/helpers.ts';

const MARKER = 'HOSTILE-MARKER-7731';
const HOSTILE = `${MARKER} <script>alert(1)</script><img src=x onerror=alert(2)>`;
const NAME_MARKER = 'JOBCENTER-NAME-5519';
const HOSTILE_NAME = `${NAME_MARKER} <script>alert(3)</script><img src=x onerror=alert(4)>`;

describe('dashboards on the samples', () => {
  const tmp = tempDir('almp-dash-private-');
  let db: Db;
  let results: ItemResult[];
  let outputs: { name: string; text: string }[];

  beforeAll(async () => {
    db = await sampleStore(join(tmp.dir, 'almp.duckdb'));
    // free text with markup in every free-text column a provider or Jobcenter delivers
    await db.run(`UPDATE raw.final_reports SET reason_text = $h, follow_up_recommendation = $h WHERE _current`, { h: HOSTILE });
    await db.run(`UPDATE raw.providers SET name = $n`, { n: HOSTILE_NAME });
    await db.run(`UPDATE raw.measures SET title = $h`, { h: HOSTILE });
    await db.run(`UPDATE raw.jobcenters SET name = $n, region = $h`, { h: HOSTILE, n: HOSTILE_NAME });
    await buildModels(db, { asOf: AS_OF }, quietEffects());
    results = await writeDashboards(db, { outDir: tmp.dir }, quietEffects());
    outputs = results.filter((r) => r.status === 'success' && !r.name.endsWith('.png')).map((r) => ({ name: r.name, text: readFileSync(r.path!, 'utf8') }));
  }, 240_000);
  afterAll(() => {
    db?.close();
    tmp.cleanup();
  });

  it('writes every file', () => {
    expect(results.filter((r) => r.status !== 'success')).toEqual([]);
    expect(outputs.filter((o) => o.name.endsWith('.svg')).length).toBeGreaterThanOrEqual(26);
  });

  it('contains no pseudonym, not even a 12-character piece of one', async () => {
    const pseudonyms = (await db.json<{ p: string }>('SELECT DISTINCT participant_id AS p FROM raw.participations')).map((r) => r.p);
    expect(pseudonyms.length).toBeGreaterThan(100);
    expect(pseudonyms.every((p) => /^[0-9a-f]{64}$/.test(p))).toBe(true);
    const pieces = new Set(pseudonyms.flatMap((p) => Array.from({ length: 53 }, (_, i) => p.slice(i, i + 12))));
    for (const o of outputs) {
      const hexRuns = o.text.toLowerCase().match(/[0-9a-f]{12,}/g) ?? [];
      const leaks = hexRuns.filter((run) => Array.from({ length: run.length - 11 }, (_, i) => run.slice(i, i + 12)).some((piece) => pieces.has(piece)));
      expect(leaks, o.name).toEqual([]);
    }
  });

  it('contains no free text of providers or Jobcenters, so markup in it cannot reach a page', () => {
    for (const o of outputs) {
      expect(o.text, o.name).not.toContain(MARKER);
      // the inlined libraries mention 'onerror' themselves; look at everything else
      const own = o.text.replace(/<script>[\s\S]*?<\/script>/g, '');
      expect(own.replaceAll(HOSTILE_NAME, '').replace(/JOBCENTER-NAME-5519[^"<]*/g, ''), o.name).not.toMatch(/onerror|alert\(/);
      // a Jobcenter's name as markup: never; escaped, as text: yes
      expect(own, o.name).not.toMatch(/<script>alert\(3\)|<img src=x onerror/);
    }
    for (const slug of ['controlling-gesamt.html', 'portfolioplanung-traeger.html']) {
      expect(outputs.find((o) => o.name.endsWith(slug))!.text, slug).toContain(NAME_MARKER);
    }
  });
});
