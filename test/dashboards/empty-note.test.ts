/**
 * A chart without values for the selection says so instead of showing bare axes. With only
 * the Jobcenter's own files loaded (no final reports, attendance or stock figures), the
 * goal, attendance and activation charts are empty and carry the note; the others do not.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { requireApp } from '../helpers/require-app.ts';
import { CHROMIUM, openTab, type Tab } from '../helpers/chromium.ts';
import { AS_OF, KEY, openStore, SAMPLES, tempDir } from '../hardening/helpers.ts';

const run = requireApp(CHROMIUM, 'chromium');

describe.skipIf(!run)('charts without values', () => {
  const tmp = tempDir('almp-dash-empty-');
  let db: Db;
  let tab: Tab;

  beforeAll(async () => {
    db = await openStore(join(tmp.dir, 'almp.duckdb'));
    const kinds = ['jobcenters', 'providers', 'measures', 'participations'];
    const loaded = await ingestPaths(db, { paths: kinds.map((k) => join(SAMPLES, k)), key: KEY }, quietEffects());
    expect(loaded.filter((r) => r.status === 'error')).toEqual([]);
    await buildModels(db, { asOf: AS_OF }, quietEffects());
    const written = await writeDashboards(db, { outDir: tmp.dir, formats: ['html'] }, quietEffects());
    expect(written.filter((r) => r.status !== 'success')).toEqual([]);
    tab = await openTab();
  }, 120_000);
  afterAll(async () => {
    await tab?.close();
    db?.close();
    tmp.cleanup();
  });

  it('carry a note "Keine Werte für diese Auswahl", the charts with values none', async () => {
    const { page, problems } = await tab.visit(pathToFileURL(join(tmp.dir, 'dashboards', 'controlling-gesamt.html')).href);
    expect(await page.getAttribute('body', 'data-rendered')).toBe('true');
    // each note stands right above its chart's frame
    const noted = () =>
      page.$$eval('p.empty-note', (notes) => notes.filter((n) => !(n as HTMLElement).hidden).map((n) => `${n.nextElementSibling?.querySelector('.vis')?.id}: ${n.textContent}`));
    expect((await noted()).sort()).toEqual(
      ['chart-aktivierungsquoten', 'chart-anwesenheit', 'chart-zwischenziele', 'chart-zwischenziele-abbrechende']
        .map((id) => `${id}: Keine Werte für diese Auswahl (keine Daten oder unterdrückt).`)
        .sort(),
    );
    // charts with values keep drawing: the process funnel has its bars and no note
    expect(await page.$$eval('#chart-zugang-bis-austritt svg g[class*="mark-rect"] path', (bars) => bars.length)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
