/**
 * Totals of the returns against the marts, on a larger generated dataset (cells big enough
 * to be published): the SUM formulas, as written and as LibreOffice recalculates them,
 * equal the sums (or total rows) of the marts.
 */
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireApp } from '../helpers/require-app.ts';
import { readWorkbook } from './helpers/cell-dump.ts';
import { buildFixture, type Fixture } from './helpers/fixture.ts';
import { recalcWithLibreOffice } from './helpers/libreoffice.ts';
import { columnOf, numberOf, totalRow, writeAndRead, type WrittenReturns } from './helpers/written-returns.ts';

const hasSoffice = requireApp('soffice', 'libreoffice-calc-nogui');

let fx: Fixture;
let out: WrittenReturns;

beforeAll(async () => {
  // 6,000: with 3,000 (2 ESF+, 3 state measures) the lines together pinned hidden cells
  // unless the grand totals were hidden too, and the totals had nothing left to compare
  fx = await buildFixture({ generated: 6000 });
  out = await writeAndRead(fx);
}, 180_000);

afterAll(() => fx?.db.close());

describe('returns totals against the marts', () => {
  it('state return: entries and exits totals equal the mart sums over the state-funded measures — a live SUM, or the true sum as a value marked ¹ when a cell above is hidden', async () => {
    const ws = out.sheet('landesprogramm-jahresmeldung-2025.xlsx', 'Kennzahlen');
    const total = totalRow(ws, 'Insgesamt');
    for (const [header, field, indicator] of [['Eintritte', 'value', 'entries'], ['Austritte', 'denominator', 'dropout_rate']] as const) {
      const col = columnOf(ws, 4, header);
      const cell = total.getCell(col);
      const expected = await fx.db.scalar(
        `select sum(v.${field}) from mart.indicator_values v join mart.return_measures m using (measure_id)
         where m.funding = 'state' and v.indicator = $indicator and v.period = '2025' and v.breakdown = '*'
           and v.jobcenter_id = '*' and v.provider_id = '*' and v.instrument = '*'`,
        { indicator },
      );
      expect(expected, header).toBeGreaterThan(0);
      expect(numberOf(cell), header).toBe(expected);
      let hidden = false;
      for (let r = 5; r < Number(total.number); r++) hidden ||= ws.getRow(r).getCell(col).value === '.';
      if (hidden) expect(String(cell.numFmt), header).toContain('¹');
      else expect(cell.value, header).toMatchObject({ formula: expect.stringMatching(new RegExp(`^SUM\\(${cell.address.replace(/\d+$/, '')}\\d+:`)) });
    }
  });

  it('ESF+ return: the participants total equals the mart total row (jobcenter, measure, gender = *)', async () => {
    const ws = out.sheet('esf-plus-teilnehmende-2025.xlsx', 'Insgesamt');
    const cell = totalRow(ws, 'Alle ESF-Maßnahmen').getCell(columnOf(ws, 4, 'Teilnehmende insgesamt'));
    const expected = await fx.db.scalar(
      "select participants from mart.esf_participants where period = '2025' and jobcenter_id = '*' and measure_id = '*' and gender = '*'",
    );
    expect(expected).toBeGreaterThan(0);
    expect(numberOf(cell)).toBe(expected);
  });

  it('ESF+ return: genders add up to all persons and the characteristics partition them', async () => {
    const rows = await fx.db.all<{ ok: boolean }>(
      `with parts as (
         select period, jobcenter_id, measure_id, sum(participants) as s from mart.esf_participants where gender <> '*' group by all)
       select t.participants = p.s and t.participants = t.unemployed + t.inactive
              and t.participants = t.isced_0_2 + t.isced_3_4 + t.isced_5_8 + t.isced_unknown as ok
       from mart.esf_participants t join parts p using (period, jobcenter_id, measure_id)
       where t.gender = '*'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.ok)).toBe(true);
  });

  it('gender counts add up to the entries and exits of mart.indicator_values for every measure', async () => {
    const bad = await fx.db.all(
      `with g as (select period, measure_id, sum(entries) e, sum(exits) x from mart.return_gender_counts where period_type = 'year' group by all)
       select * from g join mart.indicator_values v on v.period = g.period and v.measure_id = g.measure_id
       where v.period_type = 'year' and v.breakdown = '*' and v.jobcenter_id = '*' and v.provider_id = '*' and v.instrument = '*'
         and ((v.indicator = 'entries' and v.value <> g.e) or (v.indicator = 'dropout_rate' and v.denominator <> g.x))`,
    );
    expect(bad).toEqual([]);
  });

  it('quarterly workbook: every quarter total of entries equals the mart sum over the Jobcenter’s measures', async () => {
    const ws = out.sheet('jobcenter-controlling-2026-Q3-06411.xlsx', 'Zugang');
    const total = totalRow(ws, 'Summe der Maßnahmen');
    const entriesFrom = columnOf(ws, 4, 'Eintritte');
    for (const q of [1, 2, 3]) {
      const expected = await fx.db.scalar(
        `select coalesce(sum(v.value), 0) from mart.indicator_values v join mart.return_measures m using (measure_id)
         where m.jobcenter_id = '06411' and v.indicator = 'entries' and v.period = $p and v.breakdown = '*'
           and v.jobcenter_id = '*' and v.provider_id = '*' and v.instrument = '*'`,
        { p: `2026-Q${q}` },
      );
      expect(numberOf(total.getCell(entriesFrom + q - 1)), `Q${q}`).toBe(expected);
    }
    // Q4 of a return for Q3 is not shown.
    expect(ws.getRow(5).values).not.toContain('Q4');
  });

  it.runIf(hasSoffice)('LibreOffice recalculates the state and ESF+ totals to the mart values', async () => {
    const [state, esf] = recalcWithLibreOffice(out.paths.slice(0, 2)).map((p) => readWorkbook(p));
    const kennzahlen = (await state)!.getWorksheet('Kennzahlen')!;
    const entries = await fx.db.scalar(
      `select sum(v.value) from mart.indicator_values v join mart.return_measures m using (measure_id)
       where m.funding = 'state' and v.indicator = 'entries' and v.period = '2025' and v.breakdown = '*'
         and v.jobcenter_id = '*' and v.provider_id = '*' and v.instrument = '*'`,
    );
    expect(numberOf(totalRow(kennzahlen, 'Insgesamt').getCell(columnOf(kennzahlen, 4, 'Eintritte')))).toBe(entries);
    const insgesamt = (await esf)!.getWorksheet('Insgesamt')!;
    const participants = await fx.db.scalar(
      "select participants from mart.esf_participants where period = '2025' and jobcenter_id = '*' and measure_id = '*' and gender = '*'",
    );
    expect(numberOf(totalRow(insgesamt, 'Alle ESF-Maßnahmen').getCell(columnOf(insgesamt, 4, 'Teilnehmende insgesamt')))).toBe(participants);
  }, 240_000);
});
