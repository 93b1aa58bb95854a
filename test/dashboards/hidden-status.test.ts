/**
 * What a hidden figure says it is. The public ministry page hides small figures and the
 * cells from which they could be worked out through the totals (complementary suppression),
 * and on purpose does not tell the two apart (pages.ts oneHiddenFlag): there every hidden
 * cell said "unterdrückt (kleine Fallzahl)", though most were hidden as complements. Its
 * status, the keys under the titles and the page's note name both reasons; the internal
 * pages, which hide small figures only, keep "kleine Fallzahl".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { loadCodeLabels } from '../../dashboards/labels.ts';
import { type Dashboard, controllingDashboard, loadDashboardSource, ministryDashboard } from '../../dashboards/pages.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { drawSpec, markItems } from '../helpers/scenegraph.ts';
import { type FixtureDb, openFixtureDb } from './setup.ts';

const EITHER = 'unterdrückt (kleine Fallzahl oder Gegenrechnung zur Summe)';
const SMALL = 'unterdrückt (kleine Fallzahl)';

/** The status of every drawn mark of a hidden figure, by chart. */
async function hiddenStatuses(dashboard: Dashboard): Promise<string[]> {
  const found: string[] = [];
  for (const chart of dashboard.charts) {
    const view = await drawSpec(chart.spec, Object.fromEntries(chart.datasets.map((name) => [name, [...dashboard.datasets[name]!]])));
    for (const type of ['rect', 'text', 'symbol', 'rule']) {
      for (const item of markItems(view, type)) {
        const status = item.tooltip?.['Status'];
        if (status?.startsWith('unterdrückt')) found.push(`${chart.id}: ${status}`);
      }
    }
  }
  return found;
}

/** The keys under the charts' titles, each whole (a subtitle is drawn in lines). */
const subtitles = (dashboard: Dashboard) =>
  dashboard.charts.map((c) => `${c.id}: ${((c.spec['title'] as { subtitle?: string[] } | undefined)?.subtitle ?? []).join(' ')}`);

/** The notes under a written page. */
const footerNotes = (html: string) => [.../<footer>([\s\S]*?)<\/footer>/.exec(html)![1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);

describe('the status of a hidden figure', () => {
  let fx: FixtureDb;
  let ministry: Dashboard;
  let controlling: Dashboard;
  let source: Awaited<ReturnType<typeof loadDashboardSource>>;
  beforeAll(async () => {
    fx = await openFixtureDb('almp-hidden-status-');
    const labels = await loadCodeLabels(fx.db);
    source = await loadDashboardSource(fx.db);
    ministry = ministryDashboard(source, labels);
    controlling = controllingDashboard(source, labels);
  });
  afterAll(() => fx.close());

  it('names both reasons on the public page, where a complement is not told from a small figure', async () => {
    // the fixture hides more cells on the page than the mart does: complements among them
    const hiddenInMart = source.year.filter((r) => r.s === 1 && r.ind === 'exits').length;
    const hiddenOnPage = (ministry.datasets['year'] as { s: number; ind: string }[]).filter((r) => r.s === 1 && r.ind === 'exits').length;
    expect(hiddenOnPage).toBeGreaterThan(hiddenInMart);
    const statuses = await hiddenStatuses(ministry);
    expect(statuses.some((s) => s.startsWith('austritte-tabelle: '))).toBe(true);
    expect(statuses.filter((s) => !s.endsWith(EITHER) && !s.endsWith(`${EITHER}, vorläufig`))).toEqual([]);
    expect(subtitles(ministry).filter((s) => s.includes(SMALL))).toEqual([]);
  });

  it('says "kleine Fallzahl" where only small figures are hidden (the internal pages)', async () => {
    const statuses = await hiddenStatuses(controlling);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => !s.endsWith(SMALL) && !s.endsWith(`${SMALL}, vorläufig`))).toEqual([]);
    expect(subtitles(controlling).filter((s) => s.includes('Gegenrechnung'))).toEqual([]);
  });

  it('says so in the notes under the page: both reasons on the public page, small figures on the others', async () => {
    await writeDashboards(fx.db, { outDir: fx.dir, formats: ['html'] }, quietEffects());
    const notes = (slug: string) => footerNotes(readFileSync(join(fx.dir, 'dashboards', `${slug}.html`), 'utf8')).filter((n) => n.includes('unterdrückt'));
    // the rule's note (another says the page is suppressed together with the public returns)
    const publicNote = notes('land-ministerium').filter((n) => n.startsWith('Kleine Fallzahlen'));
    expect(publicNote).toHaveLength(1);
    expect(publicNote[0]).toMatch(/^Kleine Fallzahlen \(1–4\) .*Gegenrechnung zur Summe/);
    expect(publicNote[0]).toContain('kleine Fallzahl oder Gegenrechnung zur Summe');
    const internalNote = notes('controlling-gesamt').filter((n) => n.startsWith('Kleine Fallzahlen'));
    expect(internalNote).toEqual(['Kleine Fallzahlen (1–4) sind unterdrückt und werden nicht angezeigt.']);
  });
});
