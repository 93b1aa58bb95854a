/**
 * One suppression over a year's public outputs (reports/model/public-year.ts): read together,
 * the state and ESF+ returns and the ministry page must not give a hidden small count back.
 * A reader's means here: every line of the joint problem (the returns' sums, the page's rows
 * and columns, each page cell as the sum of its measures' return rows), ranges carried from
 * line to line and whole lines added and subtracted. Suppressed apart — as before — the same
 * check pins hidden small counts (the state return's 06412 rows under the page's figures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDashboards } from '../../dashboards/build.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { readPayload } from '../dashboards/setup.ts';
import { fixedBySums, narrowedRanges, pinnedCells } from '../../pipelines/publish/inference.ts';
import { applySuppression, isSmallCount } from '../../pipelines/publish/suppression.ts';
import { MartReader } from '../../reports/model/mart-reader.ts';
import { publicYear, yearContext, type PublicYear } from '../../reports/model/public-year.ts';
import { isPageKey } from '../../reports/model/public-page.ts';
import { loadSettings } from '../../reports/period.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';

let fx: Fixture;
let reader: MartReader;
const THRESHOLD = 5;

beforeAll(async () => {
  fx = await buildFixture({ generated: 6000 });
  reader = new MartReader(fx.db);
}, 180_000);

afterAll(async () => {
  await reader?.close();
  fx?.db.close();
});

/** Hidden small counts a reader of all three outputs can pin to one value. */
function pinnedSmall(audit: ReturnType<PublicYear['audit']>, hidden: ReadonlySet<string>): string[] {
  return pinned(audit, hidden).filter((k) => isSmallCount(audit.figures.get(k)?.value, THRESHOLD));
}

/** Hidden cells a reader of all three outputs can work out. */
function pinned(audit: ReturnType<PublicYear['audit']>, hidden: ReadonlySet<string>): string[] {
  const { figures, lines } = audit;
  const ranges = narrowedRanges(lines, (key) => {
    const f = figures.get(key);
    if (!f) return undefined;
    const v = f.value ?? 0;
    return hidden.has(key) ? { lo: v === 0 ? 0 : 1, hi: Infinity } : { lo: v, hi: v };
  });
  return [...new Set([...pinnedCells(ranges, hidden), ...fixedBySums(lines, (k) => figures.has(k), (k) => hidden.has(k))])].sort();
}

/** The outputs suppressed apart: the returns over their own lines, the page by its own rule. */
function apart(audit: ReturnType<PublicYear['audit']>): Set<string> {
  const own = (k: string) => !isPageKey(k);
  const lines = audit.lines.filter((l) => own(l.total) && l.parts.every(own));
  const figures = new Map([...audit.figures].filter(([k]) => own(k)));
  return new Set([...applySuppression(figures, lines, [], THRESHOLD).keys(), ...audit.pageApart]);
}

describe('public outputs of a year, suppressed together', () => {
  // 2023: the data begin in it; 2026: the year of the cut-off, still open
  for (const year of ['2023', '2024', '2025', '2026']) {
    it(`${year}: no hidden small count can be worked out from the returns and the ministry page together; apart, some could`, async () => {
      const settings = await loadSettings(fx.db);
      const result = await publicYear(reader, yearContext(settings, year));
      const audit = result.audit();
      expect(audit.lines.some((l) => isPageKey(l.total) && l.parts.some((p) => !isPageKey(p))), 'page cells over return rows').toBe(true);
      expect(pinnedSmall(audit, apart(audit)).length, 'apart').toBeGreaterThan(0);
      expect(pinnedSmall(audit, audit.hidden)).toEqual([]);
      // a „.“ of the returns that reads as 0 all the same is shown as 0 (the rule publishes zeros)
      const zeros = [...audit.figures].filter(([k, f]) => !isPageKey(k) && f.value === 0 && audit.hidden.has(k)).length;
      expect(pinned(audit, audit.hidden).filter((k) => !isPageKey(k) && audit.figures.get(k)?.value === 0)).toEqual([]);
      if (year === '2025') expect(zeros, 'zeros hidden that no line gives back').toBeGreaterThan(0);
      // the page hides every cell the joint run hides (not always every cell its own rule hid
      // alone: with cells forced, the rule may pick other complements — 2023 here, 06412 × STATE
      // no-shows shown — and the check above is what must hold)
      for (const k of audit.joint) if (isPageKey(k)) expect(audit.hidden.has(k), k).toBe(true);
      expect(audit.pageApart.size).toBeGreaterThan(0);
      // every hidden return figure is hidden in the workbook the funder gets
      const shown = [...result.returns.values()].flatMap((m) => [...m.figures.values()]);
      for (const f of shown) if (audit.hidden.has(f.key)) expect(f.hidden, f.key).toBeDefined();
    });
  }

  it('the ministry page as written hides every page cell the joint run hides', async () => {
    const settings = await loadSettings(fx.db);
    const audit = (await publicYear(reader, yearContext(settings, '2025'))).audit();
    await writeDashboards(fx.db, { outDir: fx.dir, formats: ['html'] }, quietEffects());
    const rows = readPayload(readFileSync(join(fx.dir, 'dashboards', 'land-ministerium.html'), 'utf8')).datasets['year']!.filter((r) => r['yr'] === '2025' && r['br'] === '*');
    const shown = new Set(rows.filter((r) => r['s'] === 0).map((r) => `${String(r['ind'])}|${String(r['jc'])}|${String(r['ins'])}`));
    const hiddenCells = [...audit.hidden].filter(isPageKey).map((k) => k.split('|')).map(([, ind, , jc, ins]) => `${ind}|${jc}|${ins}`);
    expect(hiddenCells.length).toBeGreaterThan(0);
    expect(hiddenCells.filter((c) => shown.has(c))).toEqual([]);
    expect(shown.size).toBeGreaterThan(0);
  });
});
