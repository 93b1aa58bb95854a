/**
 * A funder's return written for one Jobcenter (--jobcenter) must not give back what the
 * Land-wide return hides: whoever holds both sets them side by side. Found on the samples'
 * state return 2025: the Land-wide file hid the entries of both state measures („.“ „.“,
 * total 14), the 06412 file, suppressed on its own, showed its 11 — so 06411's measure had 3.
 * The Jobcenter's edition now hides exactly the Land-wide file's cells in its rows, and its
 * total row only shows a sum the Land-wide file gives already.
 */
import { describe, expect, it } from 'vitest';
import { ESF_PARTICIPANTS } from '../../reports/layouts/esf.ts';
import { STATE_ANNUAL } from '../../reports/layouts/state-annual.ts';
import { assembleWorkbook, type WorkbookModel } from '../../reports/model/assemble.ts';
import type { ReturnContext } from '../../reports/model/context.ts';
import { fakeReader } from './helpers/fake-reader.ts';

const LAND: ReturnContext = { periodType: 'year', period: '2025', year: '2025', asOf: '2026-09-30', jobcenterId: null, threshold: 5 };
const EDITION: ReturnContext = { ...LAND, jobcenterId: '06412' };

// per measure: entries, exits (all of them completions)
const MEASURES: Record<string, { jobcenter: string; entries: number; exits: number }> = {
  '06411-0010': { jobcenter: '06411', entries: 3, exits: 10 },
  '06412-0010': { jobcenter: '06412', entries: 11, exits: 20 },
};

/** The gender sheet's fields: every entry and exit a woman's, every exit a completion. */
const womenOnly = (entries: number, exits: number): Record<string, number> =>
  Object.fromEntries(['f', 'm', 'd', 'unknown'].flatMap((g) => ['entries', 'exits', 'completions', 'positive_early_exits', 'dropouts'].map((f) => [`${g}_${f}`, g !== 'f' ? 0 : f === 'entries' ? entries : ['exits', 'completions'].includes(f) ? exits : 0])));

const READER = fakeReader(
  (id, ctx) =>
    Object.entries(MEASURES)
      .filter(([, m]) => ctx.jobcenterId === null || m.jobcenter === ctx.jobcenterId)
      .map(([m, { jobcenter, entries }]) =>
        id === 'state_measures'
          ? { row_key: m, measure_id: m, instrument: 'STATE', provider_id: 'P', jobcenter_id: jobcenter, ...womenOnly(entries, MEASURES[m]!.exits) }
          : { row_key: `${jobcenter}|${m}`, measure_id: m, jobcenter_id: jobcenter, participants: entries, unemployed: entries, inactive: 0, isced_unknown: entries },
      ),
  (set) => {
    for (const [m, { entries, exits }] of Object.entries(MEASURES)) {
      set(m, { indicator: 'entries' }, entries, entries < 5);
      for (const field of ['numerator', 'denominator'] as const) set(m, { indicator: 'completion_rate', field }, exits, false);
      set(m, { indicator: 'completion_rate' }, 1, false);
      set(m, { indicator: 'dropout_rate', field: 'denominator' }, exits, false);
    }
  },
);

/** Hidden or shown, per sheet, row key and column, of the rows an edition has. */
function pattern(model: WorkbookModel, rowKeys?: ReadonlySet<string>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const sheet of model.sheets) {
    sheet.rows.forEach((row, r) => {
      const rk = String(row['row_key']);
      if (rowKeys && !rowKeys.has(rk)) return;
      sheet.cells[r]!.forEach((f, c) => f && f.value !== null && out.set(`${sheet.layout.name}|${rk}|${sheet.columns[c]!.key}`, Boolean(f.hidden)));
    });
  }
  return out;
}

function total(model: WorkbookModel, sheetName: string, column: string) {
  const sheet = model.sheets.find((s) => s.layout.name === sheetName)!;
  return sheet.cells[sheet.rows.length]![sheet.columns.findIndex((c) => c.key === column)]!;
}

describe("a state-scoped return's Jobcenter edition", () => {
  for (const layout of [STATE_ANNUAL, ESF_PARTICIPANTS]) {
    it(`${layout.id}: hides in its rows exactly what the Land-wide edition hides`, async () => {
      const land = await assembleWorkbook(READER, layout, LAND);
      const edition = await assembleWorkbook(READER, layout, EDITION);
      const own = pattern(edition);
      const keys = new Set([...own.keys()].map((k) => k.split('|').slice(1, -1).join('|')));
      expect(keys.size).toBeGreaterThan(0);
      expect(own).toEqual(pattern(land, keys));
    });
  }

  it("its total row shows no sum the Land-wide edition does not give already", async () => {
    const land = await assembleWorkbook(READER, STATE_ANNUAL, LAND);
    const edition = await assembleWorkbook(READER, STATE_ANNUAL, EDITION);
    // the case: 3 hidden, 11 its complement, 14 shown
    expect(total(land, 'Kennzahlen', 'entries')).toMatchObject({ value: 14 });
    expect(total(land, 'Kennzahlen', 'entries').hidden).toBeUndefined();
    expect(total(edition, 'Kennzahlen', 'entries')).toMatchObject({ value: 11, hidden: 'complement' });
    // exits are shown in every row: the Jobcenter's sum is no secret
    expect(total(edition, 'Kennzahlen', 'exits')).toMatchObject({ value: 20 });
    expect(total(edition, 'Kennzahlen', 'exits').hidden).toBeUndefined();
  });
});
