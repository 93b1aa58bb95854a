/**
 * The hand-checked fixture with one thing changed each time, where an input is only partly
 * there: a Jobcenter's stock file with an empty column, a person another Jobcenter sent into
 * a measure, a small group whose last member dropped out before a Kaplan–Meier horizon.
 * The expected figures are worked out by hand from test/fixtures/hand-checked/fixture.ts
 * (and expected.ts for the unchanged fixture) in the comments beside them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { AS_OF, loadHandChecked, pid } from '../fixtures/hand-checked/fixture.ts';
import { slice } from './helpers.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The fixture, then `changes` (SQL on raw.*), then the models. */
async function buildChanged(changes: string[]): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-partial-'));
  const db = await Db.open(join(dir, 'almp.duckdb'));
  cleanup = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await bootstrap(db);
  await loadHandChecked(db);
  for (const sql of changes) await db.run(sql);
  const result = await buildModels(db, { asOf: AS_OF }, quietEffects());
  expect(result.models.filter((m) => m.status !== 'success')).toEqual([]);
  return db;
}

const figure = (rows: Map<string, { numerator: number | null; denominator: number | null }>, key: string) => {
  const row = rows.get(key);
  return row ? [row.numerator, row.denominator] : undefined;
};

describe('activation with a stock figure missing', () => {
  it("leaves a Jobcenter's persons out of '*' for the rate whose denominator it did not deliver", async () => {
    // 30.06.2024: J1 has 3 persons (2 long-term recipients), stocks 1000 elb / 400 unemployed /
    // 600 long-term recipients; J2 has 4 persons (1 long-term recipient), 500 / 200 / 300.
    // J2 leaves `unemployed` empty, J1 `long_term_recipients`.
    const db = await buildChanged([
      "UPDATE raw.jobcenter_stocks SET unemployed = NULL WHERE jobcenter_id = 'J2' AND month = DATE '2024-06-01'",
      "UPDATE raw.jobcenter_stocks SET long_term_recipients = NULL WHERE jobcenter_id = 'J1' AND month = DATE '2024-06-01'",
    ]);
    const all = await slice(db, { period_type: 'stichtag', period: '2024-06-30' });
    expect(figure(all, 'activation_rate_aq1/*')).toEqual([3, 403]); // J1 alone: 3 ÷ (3 + 400); was 7 ÷ 407
    expect(figure(all, 'activation_rate_elb/*')).toEqual([7, 1500]); // both Jobcenters, as without the change
    expect(figure(all, 'activation_rate_ltr/*')).toEqual([1, 300]); // J2 alone; was 3 ÷ 300
    const j2 = await slice(db, { period_type: 'stichtag', period: '2024-06-30', jobcenter_id: 'J2' });
    expect(figure(j2, 'activation_rate_aq1/*')).toBeUndefined();
    expect(figure(j2, 'activation_rate_elb/*')).toEqual([4, 500]);
  });
});

describe("activation with a state's total among the stock rows", () => {
  it("adds no figure of an id that neither the Jobcenters' list nor a participation names, and lists it", async () => {
    // a ministry's consolidated file: 'Land Hessen' with the two Jobcenters' sums (1500 elb,
    // 600 unemployed, 900 long-term recipients), and a Jobcenter J3 of the list with no
    // participations, whose stock figures do count (as its 0 persons)
    const row = (id: string, elb: number, unemployed: number, ltr: number, at: number) =>
      `INSERT INTO raw.jobcenter_stocks (jobcenter_id, month, elb, unemployed, long_term_recipients, _file_id, _row, _current)
       VALUES ('${id}', DATE '2024-06-01', ${elb}, ${unemployed}, ${ltr}, 9, ${at}, true)`;
    const db = await buildChanged([
      row('Land Hessen', 1500, 600, 900, 1),
      `INSERT INTO raw.jobcenters (jobcenter_id, name, _file_id, _row, _current) VALUES ('J3', 'Jobcenter Drei', 9, 3, true)`,
      row('J3', 100, 40, 60, 2),
    ]);
    const all = await slice(db, { period_type: 'stichtag', period: '2024-06-30' });
    // J1 3 and J2 4 persons over 1000 + 500 + J3's 100 elb; with 'Land Hessen' it was 7 ÷ 3100
    expect(figure(all, 'activation_rate_elb/*')).toEqual([7, 1600]);
    expect(figure(all, 'activation_rate_aq1/*')).toEqual([7, 7 + 400 + 200 + 40]);
    expect(figure(await slice(db, { period_type: 'stichtag', period: '2024-06-30', jobcenter_id: 'Land Hessen' }), 'activation_rate_elb/*')).toBeUndefined();
    expect(figure(await slice(db, { period_type: 'stichtag', period: '2024-06-30', jobcenter_id: 'J3' }), 'activation_rate_elb/*')).toEqual([0, 100]);
    expect(await db.json(`SELECT severity, failing_rows::INTEGER AS n FROM mart.data_quality WHERE "check" = 'stock_refs_resolve'`)).toEqual([{ severity: 'error', n: 1 }]);
  });
});

describe('attendance of a person another Jobcenter sent', () => {
  it("counts the days for the participation's own Jobcenter, by the referral in force that month", async () => {
    // June 2024 reports: in J1's measures B 15 of 15 days, p23 15 of 20, p24 18 of 20 (M1) and
    // p36 16 of 18 (M2); in J2's M3 p43 and p48 16 and 10 of 20. p24 was sent by J2. In July, p24 is in M1 again
    // under a referral of J1 (1.7.) and attends 20 of 20 days; p58 in M5 (J1) 5 of 15.
    const db = await buildChanged([
      `UPDATE raw.participations SET jobcenter_id = 'J2' WHERE participant_id = '${pid('p24')}'`,
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, _file_id, _row, _current)
       VALUES ('${pid('p24')}', 'J1', 'M1', DATE '2024-07-01', DATE '2024-07-02', 7, 1, true)`,
      `INSERT INTO raw.attendance (provider_id, measure_id, participant_id, month, days_planned, days_present, days_excused, days_unexcused, days_sick, _file_id, _row, _current)
       VALUES ('P1', 'M1', '${pid('p24')}', DATE '2024-07-01', 20, 20, 0, 0, 0, 7, 2, true)`,
    ]);
    const june = (jobcenter: string) => slice(db, { period_type: 'month', period: '2024-06', jobcenter_id: jobcenter });
    const july = (jobcenter: string) => slice(db, { period_type: 'month', period: '2024-07', jobcenter_id: jobcenter });
    expect(figure(await june('J1'), 'attendance_rate/*')).toEqual([46, 53]); // B, p23, p36; was 64 ÷ 73
    expect(figure(await june('J2'), 'attendance_rate/*')).toEqual([44, 60]); // p24 + p43 + p48; was 26 ÷ 40
    expect(figure(await slice(db, { period_type: 'month', period: '2024-06' }), 'attendance_rate/*')).toEqual([90, 113]); // unchanged
    // at risk (3 unexcused days) in the same Jobcenter as the days
    expect(figure(await june('J2'), 'at_risk_participants/*')).toEqual([2, null]); // p24, p48
    expect(figure(await july('J1'), 'attendance_rate/*')).toEqual([25, 35]); // p24 under J1's referral + p58
    expect(figure(await july('J2'), 'attendance_rate/*')).toBeUndefined();
  });

  it("counts them for the participation's Jobcenter when the measure is missing from the measures file", async () => {
    // J2 sent z1 into MX, a measure the measures file does not list (measure_refs_resolve
    // names it); its provider reports 10 of 20 days in June 2024. J2's June was 26 ÷ 40.
    const db = await buildChanged([
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, _file_id, _row, _current)
       VALUES ('${pid('z1')}', 'J2', 'MX', DATE '2024-05-01', DATE '2024-05-02', 7, 1, true)`,
      `INSERT INTO raw.attendance (provider_id, measure_id, participant_id, month, days_planned, days_present, days_excused, days_unexcused, days_sick, _file_id, _row, _current)
       VALUES ('P1', 'MX', '${pid('z1')}', DATE '2024-06-01', 20, 10, 0, 5, 0, 7, 2, true)`,
    ]);
    const june = (jobcenter: string) => slice(db, { period_type: 'month', period: '2024-06', jobcenter_id: jobcenter });
    expect(figure(await june('J2'), 'attendance_rate/*')).toEqual([36, 60]);
    expect(figure(await june('unknown'), 'attendance_rate/*')).toBeUndefined();
    // the person at risk (5 unexcused days) in the same Jobcenter as the days: p48 and z1
    expect(figure(await june('J2'), 'at_risk_participants/*')).toEqual([2, null]);
  });
});

describe('goal achievement of few people', () => {
  it('hides a rate of 5 or more goals when 1–4 people agreed them', async () => {
    // M11 (J1, P3), exits 30.09.2024: x1 reaches 3 of 4 goals, x2 3 of 4 (codes daily_structure,
    // language, skills, internship); x3 agreed 'other' five times and reached all; x4 five codes
    // outside the list, all reached — 18 goals (16 reached) of four people
    const goal = (code: string, status: string) => `{'code': '${code}', 'status': '${status}'}`;
    const listed = (statuses: string[]) => `[${statuses.map((status, i) => goal(['daily_structure', 'language', 'skills', 'internship'][i]!, status)).join(', ')}]`;
    const person = (id: string, row: number) => `('${pid(id)}', 'J1', 'M11', DATE '2024-06-01', DATE '2024-06-03', DATE '2024-09-30', '01', 1990, 8, ${row}, true)`;
    const report = (id: string, goals: string, row: number) =>
      `('P3', 'M11', '${pid(id)}', DATE '2024-10-05', DATE '2024-06-03', DATE '2024-09-30', 'completed', ${goals}, 9, ${row}, true)`;
    const db = await buildChanged([
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
       VALUES ('M11', 'J1', 'P3', '45_MAT', 120, 8, 1, true)`,
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, birth_year, _file_id, _row, _current)
       VALUES ${person('x1', 2)}, ${person('x2', 3)}, ${person('x3', 4)}, ${person('x4', 5)}`,
      `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, goals, _file_id, _row, _current)
       VALUES ${report('x1', listed(['achieved', 'achieved', 'achieved', 'open']), 1)},
              ${report('x2', listed(['achieved', 'partial', 'achieved', 'achieved']), 2)},
              ${report('x3', `[${['achieved', 'achieved', 'achieved', 'achieved', 'achieved'].map((st) => goal('other', st)).join(', ')}]`, 3)},
              ${report('x4', `[${['k1', 'k2', 'k3', 'k4', 'k5'].map((code) => goal(code, 'achieved')).join(', ')}]`, 4)}`,
    ]);
    const m11 = await slice(db, { period_type: 'year', period: '2024', measure_id: 'M11' });
    expect(m11.get('goal_achievement_rate/*')).toMatchObject({ numerator: 16, denominator: 18, suppressed: true });
    expect(m11.get('goal_achievement_rate/other')).toMatchObject({ numerator: 5, denominator: 5, suppressed: true });
    expect(m11.get('goal_achievement_rate/unlisted')).toMatchObject({ numerator: 5, denominator: 5, suppressed: true });
    // the rule counts people, not goals: the whole fixture's year keeps its figure
    const all = await slice(db, { period_type: 'year', period: '2024' });
    expect(all.get('goal_achievement_rate/*')?.suppressed).toBe(false);
  });
});

describe('a corrected final report', () => {
  it('stays in the month of its first delivery in report_match_rate', async () => {
    // M11: w1's final report first arrived on 05.11.2024, its correction (same key) on
    // 10.02.2025. Counted in November 2024 (Q4), not in the correction's quarter.
    const report = (reported: string, entry: string | null, row: number, current: boolean) =>
      `('P3', 'M11', '${pid('w1')}', DATE '${reported}', ${entry ? `DATE '${entry}'` : 'NULL'}, DATE '2024-10-31', 'completed', 9, ${row}, ${current})`;
    const db = await buildChanged([
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
       VALUES ('M11', 'J1', 'P3', '45_MAT', 120, 8, 1, true)`,
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, birth_year, _file_id, _row, _current)
       VALUES ('${pid('w1')}', 'J1', 'M11', DATE '2024-07-01', DATE '2024-07-02', DATE '2024-10-31', '01', 1990, 8, 2, true)`,
      `INSERT INTO raw.final_reports (provider_id, measure_id, participant_id, report_date, entry_date, exit_date, outcome, _file_id, _row, _current)
       VALUES ${report('2024-11-05', '2024-07-02', 1, false)}, ${report('2025-02-10', '2024-07-02', 2, true)}`,
    ]);
    const quarter = (period: string) => slice(db, { period_type: 'quarter', period, measure_id: 'M11' });
    expect((await quarter('2024-Q4')).get('report_match_rate/*')).toMatchObject({ numerator: 1, denominator: 1 });
    expect((await quarter('2025-Q1')).get('report_match_rate/*')).toBeUndefined();
  });
});

describe('Kaplan–Meier horizons beyond the last observation', () => {
  it('reports 0 once everyone still at risk dropped out, and nothing after a censored last observation', async () => {
    // M9: two entrants on 2.9.2024 drop out (code 07) on days 5 and 10: S = 1/2, then 0.
    // M10: one drops out on day 5, the other completes (code 01) on day 10 — censored there,
    // so S(30) is not known.
    const person = (id: string, measure: string, exit: string, reason: string, row: number) =>
      `('${pid(id)}', 'J1', '${measure}', DATE '2024-09-01', DATE '2024-09-02', DATE '${exit}', '${reason}', 1990, 8, ${row}, true)`;
    const db = await buildChanged([
      `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
       VALUES ('M9', 'J1', 'P3', '45_MAT', 120, 8, 1, true), ('M10', 'J1', 'P3', '45_MAT', 120, 8, 2, true)`,
      `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, exit_reason, birth_year, _file_id, _row, _current)
       VALUES ${person('x1', 'M9', '2024-09-07', '07', 3)}, ${person('x2', 'M9', '2024-09-12', '07', 4)},
              ${person('y1', 'M10', '2024-09-07', '07', 5)}, ${person('y2', 'M10', '2024-09-12', '01', 6)}`,
    ]);
    const m9 = await slice(db, { period_type: 'year', period: '2024', measure_id: 'M9' });
    for (const horizon of ['d30', 'd90', 'd180']) {
      expect(m9.get(`retention_km/${horizon}`)?.value).toBe(0);
    }
    const m10 = await slice(db, { period_type: 'year', period: '2024', measure_id: 'M10' });
    expect([...m10.keys()].filter((k) => k.startsWith('retention_km'))).toEqual([]);
  });
});
