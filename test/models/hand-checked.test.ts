/**
 * The indicator catalogue on the hand-checked fixture (test/fixtures/hand-checked): every
 * indicator's numerator, denominator and value for slice '*' and provider P1 (year 2024,
 * stocks on 30.06.2024), against figures worked out independently of the SQL
 * (expected.md / expected.ts), plus intervals, flags and Kaplan–Meier against R.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL, JOBCENTER_J1, PROVIDER_P1, type Figure } from '../fixtures/hand-checked/expected.ts';
import { PARTICIPATIONS, pid } from '../fixtures/hand-checked/fixture.ts';
import { buildHandChecked, slice, type Built, type IndicatorRow } from './helpers.ts';
import { withCheckInputs } from '../../pipelines/models/check.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';

let built: Built;
beforeAll(async () => {
  built = await buildHandChecked();
});
afterAll(() => built?.close());

function keyOf(key: string): { indicator: string; breakdown: string; period_type: string; period: string } {
  const [name, breakdown] = key.split('/') as [string, string];
  const [indicator, period] = name.split('@') as [string, string | undefined];
  if (!period) return { indicator, breakdown, period_type: 'year', period: '2024' };
  return { indicator, breakdown, period_type: period.length === 7 ? 'month' : 'stichtag', period };
}

async function row(key: string, where: { provider_id?: string; jobcenter_id?: string; measure_id?: string }): Promise<IndicatorRow | undefined> {
  const k = keyOf(key);
  return (await slice(built.db, { period_type: k.period_type, period: k.period, ...where })).get(`${k.indicator}/${k.breakdown}`);
}

function expectFigure(actual: IndicatorRow | undefined, [numerator, denominator, value]: Figure): void {
  expect(actual, 'row missing').toBeDefined();
  if (numerator === null) expect(actual!.numerator).toBeNull();
  else expect(actual!.numerator).toBeCloseTo(numerator, 9);
  if (denominator === null) expect(actual!.denominator).toBeNull();
  else expect(actual!.denominator).toBeCloseTo(denominator, 9);
  expect(actual!.value).toBeCloseTo(value!, 9);
}

describe('hand-checked fixture', () => {
  it('builds every model and prints the timing table and the data-quality summary', () => {
    expect(built.result.models.filter((m) => m.status !== 'success')).toEqual([]);
    expect(built.result.asOf).toBe('2025-03-31');
    expect(built.effects.lines).toContain('Models built with as-of 31.03.2025:');
    // the time in German digits: '1.234' ms when the machine is busy
    expect(built.effects.lines.some((l) => /^core\.participations\s+success\s+64\s+\d{1,3}(\.\d{3})*$/.test(l))).toBe(true);
    expect(built.effects.lines).toContain('Data quality:');
  });

  it('classifies each participation as worked out by hand (class, phase, primary reason)', async () => {
    const rows = await built.db.json<{ participant_id: string; measure_id: string; referral_date: string; exit_class: string | null; dropout_phase: string | null; primary_reason: string | null }>(
      'select participant_id, measure_id, referral_date, exit_class, dropout_phase, primary_reason from core.participations',
    );
    const inForce = PARTICIPATIONS.filter((p) => p.expect);
    expect(rows).toHaveLength(inForce.length);
    for (const p of inForce) {
      const r = rows.find((x) => x.participant_id === pid(p.person) && x.measure_id === p.measure && x.referral_date === p.referral);
      expect({ id: p.id, cls: r?.exit_class, phase: r?.dropout_phase ?? undefined, reason: r?.primary_reason ?? undefined }).toEqual({
        id: p.id,
        cls: p.expect!.cls,
        phase: p.expect!.phase,
        reason: p.expect!.reason,
      });
    }
  });

  it('covers every indicator of the catalogue in the expectations', async () => {
    const ids = (await built.db.json<{ indicator: string }>('select indicator from mart.indicator_catalogue')).map((r) => r.indicator);
    const covered = new Set([...Object.keys(ALL), ...Object.keys(JOBCENTER_J1)].map((k) => keyOf(k).indicator));
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    expect(ids).toHaveLength(34);
  });

  it('has a catalogue row for every indicator a family computes (mart.indicator_values joins the catalogue: an id without a row would vanish)', async () => {
    const families = (
      await built.db.json<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'core' and table_name like 'ind\\_%' escape '\\' order by 1")
    ).map((r) => r.name);
    expect(families.length).toBeGreaterThanOrEqual(11);
    // relation names from the database itself, not values: nothing to bind
    const computed = await built.db.json<{ indicator: string }>(
      `select distinct indicator from (${families.map((f) => `select indicator from core.${f}`).join(' union all ')})
       where indicator not in (select indicator from mart.indicator_catalogue) order by 1`,
    );
    expect(computed).toEqual([]);
  });

  it.each(Object.entries(ALL))("slice '*': %s", async (key, figure) => {
    expectFigure(await row(key, {}), figure);
  });

  it.each(Object.entries(PROVIDER_P1))('provider P1: %s', async (key, figure) => {
    expectFigure(await row(key, { provider_id: 'P1' }), figure);
  });

  it.each(Object.entries(JOBCENTER_J1))('Jobcenter J1: %s', async (key, figure) => {
    expectFigure(await row(key, { jobcenter_id: 'J1' }), figure);
  });

  it('gives a zero rate with a large enough denominator, unsuppressed (measure M2, no integration)', async () => {
    // M2 exits in 2024: p29, p30, p32, p33, p34, p36 (all with 182 days passed); only p29 has
    // a status then (self_employed): 0 of 6.
    const r = await row('integration_rate_6m/*', { measure_id: 'M2' });
    expect([r?.numerator, r?.denominator, r?.value, r?.suppressed]).toEqual([0, 6, 0, false]);
  });

  it('carries Wilson 95 % intervals for rates', async () => {
    // p = 24/51; Wilson: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964
    const all = await row('dropout_rate/*', {});
    expect(all!.ci_low).toBeCloseTo(0.3405299, 6);
    expect(all!.ci_high).toBeCloseTo(0.6047670, 6);
    const p1 = await row('dropout_rate/*', { provider_id: 'P1' }); // 15/33
    expect(p1!.ci_low).toBeCloseTo(0.2984294, 6);
    expect(p1!.ci_high).toBeCloseTo(0.6201406, 6);
  });

  it('counts at-risk participants per measure at quarter ends, like the stichtag stocks', async () => {
    // June 2024: p23 (75 %) and p24 (3 unexcused days) in M1, p48 (50 %) in M3; July: p58 in M5
    const june = await built.db.json<{ measure_id: string; numerator: number }>(
      "SELECT measure_id, numerator FROM mart.indicator_values WHERE indicator = 'at_risk_participants' AND period = '2024-06' AND measure_id <> '*' AND numerator > 0 ORDER BY measure_id",
    );
    expect(june).toEqual([
      { measure_id: 'M1', numerator: 2 },
      { measure_id: 'M3', numerator: 1 },
    ]);
    // every other measure with participants active at the end of June has 0 at risk, not no row
    const zero = await built.db.json<{ measure_id: string }>(
      "SELECT measure_id FROM mart.indicator_values WHERE indicator = 'at_risk_participants' AND period = '2024-06' AND measure_id <> '*' AND numerator = 0 ORDER BY 1",
    );
    const active = await built.db.json<{ measure_id: string }>(
      "SELECT measure_id FROM mart.indicator_values WHERE indicator = 'participants_active' AND period = '2024-06-30' AND measure_id <> '*' AND measure_id NOT IN ('M1', 'M3') ORDER BY 1",
    );
    expect(zero.length).toBeGreaterThan(0);
    expect(zero).toEqual(active);
    const july = await slice(built.db, { period_type: 'month', period: '2024-07', measure_id: 'M5' });
    expect(july.get('at_risk_participants/*')).toBeUndefined(); // not a quarter end
    const julyAll = await slice(built.db, { period_type: 'month', period: '2024-07' });
    expect(julyAll.get('at_risk_participants/*')?.numerator).toBe(1);
  });

  it("counts a measure contracted before the Jobcenter's participation data begin (M6) only once everyone in it must be in the data", async () => {
    const costs = await built.db.json<{ indicator: string; period: string; measure_id: string }>(
      "SELECT indicator, period, measure_id FROM mart.indicator_values WHERE indicator LIKE 'cost_per%' AND (period LIKE '2023%' OR measure_id = 'M6')",
    );
    expect(costs).toEqual([]);
    // occupancy: J1's data from November 2023 + M6's 90 planned days → from February 2024
    // (Q1: February and March, 5 places × 60 days; Q2: 5 × 91; nobody in the data entered M6)
    const occupancy = await built.db.json<{ period: string; numerator: number; denominator: number }>(
      `SELECT period, numerator, denominator FROM mart.indicator_values
       WHERE indicator = 'occupancy_rate' AND (period LIKE '2023%' OR measure_id = 'M6') ORDER BY period`,
    );
    expect(occupancy).toEqual([
      { period: '2024', numerator: 0, denominator: 755 },
      { period: '2024-Q1', numerator: 0, denominator: 300 },
      { period: '2024-Q2', numerator: 0, denominator: 455 },
    ]);
    // J1's data begin in November 2023 (p64): M1's figures from then on are kept
    const m1 = await slice(built.db, { period_type: 'year', period: '2024', measure_id: 'M1' });
    expect(m1.get('occupancy_rate/*')).toBeDefined();
  });

  it('reports a Kaplan–Meier horizon only when someone of the entry period is observed that long', async () => {
    const horizons = async (period: string) =>
      [...(await slice(built.db, { period_type: 'month', period })).keys()].filter((k) => k.startsWith('retention_km/')).sort();
    // December 2024: p27 and p28 observed 98 and 113 days; October: p62 29 days, p63 74 days
    expect(await horizons('2024-12')).toEqual(['retention_km/d30', 'retention_km/d90']);
    expect(await horizons('2024-10')).toEqual(['retention_km/d30']);
  });

  it('counts 0, not NULL, where every condition of a group is unknown (no debriefing dates: 0 of n, not a blank rate)', async () => {
    const blanks = await built.db.json<{ indicator: string; n: number }>(
      `SELECT indicator, count(*)::INTEGER AS n FROM mart.indicator_values
       WHERE denominator > 0 AND numerator IS NULL GROUP BY indicator ORDER BY indicator`,
    );
    expect(blanks).toEqual([]);
    // e.g. M2 in 2024: exits with their 42 days passed, none with a debriefing date
    const m2 = await slice(built.db, { period_type: 'year', period: '2024', measure_id: 'M2' });
    expect(m2.get('debriefing_rate/*')).toMatchObject({ numerator: 0, value: 0 });
  });

  it('keeps a count of 0 where its family has units: 0 entries in a month with referrals', async () => {
    // March 2025: p22 referred on 01.03.2025, nobody entered; February: p47 (M3) likewise
    const march = await slice(built.db, { period_type: 'month', period: '2025-03' });
    expect([march.get('referrals/*')?.numerator, march.get('entries/*')?.numerator, march.get('entries/*')?.value]).toEqual([1, 0, 0]);
    const february = await slice(built.db, { period_type: 'month', period: '2025-02', jobcenter_id: 'J2' });
    expect([february.get('referrals/*')?.numerator, february.get('entries/*')?.numerator]).toEqual([1, 0]);
    expect(february.get('entries/*')?.suppressed).toBe(false); // zeros are not suppressed
  });

  it('keeps every Wilson interval within 0..1 around its rate, exactly 0 for no successes and 1 for all', async () => {
    const bounds = await built.db.json<{ rows: number; outside: number; none: number; all: number }>(
      `SELECT count(*)::INTEGER AS rows,
              count_if(ci_low < 0 OR ci_high > 1 OR ci_low > value OR ci_high < value)::INTEGER AS outside,
              count_if(numerator = 0 AND ci_low <> 0)::INTEGER AS none,
              count_if(numerator = denominator AND ci_high <> 1)::INTEGER AS "all"
       FROM mart.indicator_values WHERE ci_low IS NOT NULL AND indicator NOT LIKE 'dropout_oe%'`,
    );
    expect(bounds[0]).toEqual({ rows: expect.any(Number), outside: 0, none: 0, all: 0 });
    // both edge cases occur in the fixture (M2's integration rate is 0 of 6)
    const edges = await built.db.json<{ none: number; all: number }>(
      `SELECT count_if(numerator = 0)::INTEGER AS none, count_if(numerator = denominator)::INTEGER AS "all"
       FROM mart.indicator_values WHERE ci_low IS NOT NULL AND indicator NOT LIKE 'dropout_oe%'`,
    );
    expect(edges[0]!.none).toBeGreaterThan(0);
    expect(edges[0]!.all).toBeGreaterThan(0);
  });

  it("carries Byar's interval for the O/E ratio (provider P1: 15 observed, 14.534 expected)", async () => {
    const r = await row('dropout_oe_ratio/*', { provider_id: 'P1' });
    expect(r!.ci_low).toBeCloseTo(0.5772128, 6);
    expect(r!.ci_high).toBeCloseTo(1.7023171, 6);
  });

  it('flags periods whose last day is less than 3 months before as-of as provisional', async () => {
    const flag = async (period_type: string, period: string, indicator: string) =>
      (await slice(built.db, { period_type, period })).get(`${indicator}/*`)?.provisional;
    expect(await flag('year', '2024', 'exits')).toBe(false); // 31.12.2024 = as-of − 3 months exactly
    expect(await flag('month', '2024-12', 'entries')).toBe(false);
    expect(await flag('quarter', '2024-Q4', 'exits')).toBe(false);
    expect(await flag('month', '2025-03', 'referrals')).toBe(true); // p22
    expect(await flag('month', '2024-10', 'referrals')).toBe(false); // p62, p63
    expect(await flag('quarter', '2025-Q1', 'exits')).toBe(true);
    expect(await flag('stichtag', '2024-06-30', 'participants_active')).toBe(false);
    expect(await flag('stichtag', '2025-03-31', 'reports_overdue')).toBe(true);
    // a window indicator until its window after the period's last day has closed, + 3 months:
    // 2024 exits' 182 days run to 01.07.2025 (4 of 10 windows still open in a controller's case)
    expect(await flag('year', '2024', 'integration_rate_6m')).toBe(true);
    expect(await flag('quarter', '2024-Q2', 'integration_rate_6m')).toBe(false); // 30.06.2024 + 182 = 29.12.2024 ≤ as-of − 3 months
    expect(await flag('quarter', '2024-Q3', 'integration_rate_6m')).toBe(true); // 30.09.2024 + 182 = 31.03.2025
    expect(await flag('quarter', '2024-Q3', 'report_on_time_rate')).toBe(false); // 30.09.2024 + 14 + 3 months ≤ as-of
    expect(await flag('quarter', '2024-Q4', 'report_on_time_rate')).toBe(true); // 31.12.2024 + 14 + 3 months > as-of
    expect(await flag('year', '2024', 'dropout_rate')).toBe(false);
  });

  it('suppresses an occupancy rate of fewer than 5 people even when its day counts are large', async () => {
    // a month of one person in a 2-place measure is that person's 30 days: people count, not days
    const rows = await built.db.json<{ numerator: number; denominator: number; units: number; suppressed: boolean }>(
      `WITH people AS (
         SELECT strftime(pm.month, '%Y-%m') AS period, m.provider_id, count(*) AS units
         FROM core.participation_months AS pm JOIN staging.measures AS m USING (measure_id)
         WHERE m.places IS NOT NULL AND pm.active_from_in_month <= least(m.contract_end, pm.active_to_in_month) AND pm.active_to_in_month >= m.contract_start
         GROUP BY ALL)
       SELECT v.numerator, v.denominator, CAST(p.units AS INTEGER) AS units, v.suppressed
       FROM mart.indicator_values AS v JOIN people AS p USING (period, provider_id)
       WHERE v.indicator = 'occupancy_rate' AND v.period_type = 'month' AND v.jobcenter_id = '*' AND v.instrument = '*' AND v.measure_id = '*' AND v.provider_id <> '*'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const fewPeople = rows.filter((r) => r.units >= 1 && r.units < 5);
    expect(fewPeople.filter((r) => r.numerator >= 5 && r.denominator >= 5).length).toBeGreaterThan(0);
    for (const r of fewPeople) expect(r.suppressed).toBe(true);
    expect(rows.filter((r) => r.units >= 5 && r.numerator >= 5 && r.denominator >= 5).every((r) => !r.suppressed)).toBe(true);
  });

  it('suppresses an attendance rate of fewer than 5 people even when its day counts are large', async () => {
    // a month of one person's 20 planned days is that person's attendance: people count, not days
    // people per cell counted here from the attendance reports (one per person and month)
    const rows = await built.db.json<{ numerator: number; denominator: number; units: number | null; suppressed: boolean }>(
      `WITH people AS (
         SELECT strftime(a.month, '%Y-%m') AS period, m.jobcenter_id, m.instrument, count(*) AS units
         FROM staging.attendance AS a JOIN staging.measures AS m USING (measure_id)
         WHERE a.days_planned IS NOT NULL AND a.days_present IS NOT NULL
         GROUP BY ALL)
       SELECT v.numerator, v.denominator, p.units, v.suppressed
       FROM mart.indicator_values AS v JOIN people AS p USING (period, jobcenter_id, instrument)
       WHERE v.indicator = 'attendance_rate' AND v.period_type = 'month' AND v.provider_id = '*' AND v.measure_id = '*'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const fewPeople = rows.filter((r) => r.units !== null && r.units >= 1 && r.units < 5);
    expect(fewPeople.filter((r) => r.numerator >= 5 && r.denominator >= 5).length).toBeGreaterThan(0);
    for (const r of fewPeople) expect(r.suppressed).toBe(true);
    expect(rows.filter((r) => r.units !== null && r.units >= 5 && r.numerator >= 5 && r.denominator >= 5).every((r) => !r.suppressed)).toBe(true);
  });

  it('suppresses numerators or denominators of 1..4, not zeros', async () => {
    expect((await row('dropout_rate/*', {}))!.suppressed).toBe(false); // 24 / 51
    expect((await row('dropout_phase_share/first_14_days', { provider_id: 'P1' }))!.suppressed).toBe(true); // 3 / 15
    expect((await row('debriefing_rate/*', {}))!.suppressed).toBe(true); // 2 / 51
    expect((await row('goal_achievement_rate/career_orientation', {}))!.suppressed).toBe(true); // 1 / 1
    // M4: 6 entries in 2024 (p49–p54) → the Kaplan–Meier value is shown; its median days
    // referral → entry, too. M2: 1 no-show (p35) of 7 referrals → suppressed.
    const m4 = await slice(built.db, { period_type: 'year', period: '2024', measure_id: 'M4' });
    expect(m4.get('retention_km/d30')!.suppressed).toBe(false);
    expect(m4.get('days_referral_to_entry_median/*')!.suppressed).toBe(false);
    const m2 = await slice(built.db, { period_type: 'year', period: '2024', measure_id: 'M2' });
    expect(m2.get('no_show_rate/*')!.suppressed).toBe(true);
    expect(m2.get('dropout_days_median/*')!.suppressed).toBe(true); // 3 dropouts (p30, p32, p34)
  });

  it('agrees with R survival::survfit on Kaplan–Meier retention to 4 decimals', async () => {
    // Rscript (r-cran-survival 3.x, Debian), on the (time, event) pairs of the fixture's entries:
    //   d <- read.csv("km_y2024.csv"); fit <- survfit(Surv(time, event) ~ 1, data = d)
    //   summary(fit, times = c(30, 90, 180))$surv
    //   y2024   n = 57  S(30), S(90), S(180): 0.696296 0.545411 0.545411
    //   p1_2024 n = 37  S(30), S(90), S(180): 0.725371 0.567001 0.567001
    const all = await slice(built.db, { period_type: 'year', period: '2024' });
    expect(all.get('retention_km/d30')!.value).toBeCloseTo(0.696296, 4);
    expect(all.get('retention_km/d90')!.value).toBeCloseTo(0.545411, 4);
    expect(all.get('retention_km/d180')!.value).toBeCloseTo(0.545411, 4);
    const p1 = await slice(built.db, { period_type: 'year', period: '2024', provider_id: 'P1' });
    expect(p1.get('retention_km/d30')!.value).toBeCloseTo(0.725371, 4);
    expect(p1.get('retention_km/d90')!.value).toBeCloseTo(0.567001, 4);
    expect(p1.get('retention_km/d180')!.value).toBeCloseTo(0.567001, 4);
  });

  it('draws the retention curve as R does (all 58 entries, with the day-0 dropout)', async () => {
    // R: print(data.frame(time, n.risk, n.event, n.censor, surv)) for all entries (excerpt):
    const r = [
      [0, 58, 1, 0, 0.982759],
      [5, 57, 1, 0, 0.965517],
      [10, 55, 2, 0, 0.913793],
      [20, 50, 2, 1, 0.827586],
      [30, 45, 6, 2, 0.701649],
      [60, 32, 2, 3, 0.621732],
      [82, 24, 1, 0, 0.551691],
      [90, 20, 0, 4, 0.551691],
      [329, 4, 0, 2, 0.551691],
      [448, 1, 0, 1, 0.551691],
    ] as const;
    const curve = await built.db.json<{ day: number; at_risk: string; events: string; censored: string; survival: number }>(
      "select day, at_risk, events, censored, survival from mart.retention_curve where jobcenter_id = '*' and provider_id = '*' and instrument = '*' order by day",
    );
    expect(curve).toHaveLength(35);
    for (const [day, atRisk, events, censored, survival] of r) {
      const c = curve.find((x) => x.day === day)!;
      expect([Number(c.at_risk), Number(c.events), Number(c.censored)]).toEqual([atRisk, events, censored]);
      expect(c.survival).toBeCloseTo(survival, 4);
    }
  });

  it('keeps activation to the slices with a denominator and counts persons once', async () => {
    const slices = await built.db.json<{ s: string }>(
      "select distinct jobcenter_id || '|' || provider_id || '|' || instrument || '|' || measure_id as s from mart.indicator_values where indicator like 'activation%' order by 1",
    );
    expect(slices.map((r) => r.s)).toEqual(['*|*|*|*', 'J1|*|*|*', 'J2|*|*|*']);
    // J2 on 30.06.2024: p37, p42, p43, p48 (M3, 16i) = 4 persons of 200 unemployed
    const j2 = await slice(built.db, { period_type: 'stichtag', period: '2024-06-30', jobcenter_id: 'J2' });
    expect([j2.get('activation_rate_aq1/*')!.numerator, j2.get('activation_rate_aq1/*')!.denominator]).toEqual([4, 204]);
  });

  it('ignores records dated after as-of and superseded rows', async () => {
    const count = async (sql: string) => built.db.scalar(sql);
    expect(await count("select count(*) from core.participations where referral_date > DATE '2025-03-31'")).toBe(0); // p25
    expect(await count("select count(*) from core.participations where exit_date > DATE '2025-03-31'")).toBe(0); // p24
    expect(await count("select count(*) from core.final_reports where report_date > DATE '2025-03-31'")).toBe(0); // p28's
    expect(await count("select count(*) from mart.indicator_values where period in ('2025-04', '2025-04-30')")).toBe(0);
    expect(await count("select count(*) from core.participations where exit_class_source = 'exit_reason' and exit_reason = '01' and dropout_phase is not null")).toBe(0);
  });

  it('stores the as-of date in every row and keeps the measure slice to quarters and years', async () => {
    expect(await built.db.scalar("select count(*) from mart.indicator_values where as_of <> DATE '2025-03-31'")).toBe(0);
    // months only for the month-end stock at quarter ends (at-risk participants)
    expect(
      await built.db.scalar(
        "select count(*) from mart.indicator_values where measure_id <> '*' and period_type = 'month' and not (indicator = 'at_risk_participants' and right(period, 2) in ('03', '06', '09', '12'))",
      ),
    ).toBe(0);
    expect(await built.db.scalar("select count(*) from mart.indicator_values where measure_id = 'M1' and period = '2024-Q2' and indicator = 'exits'")).toBe(1);
    // breakdown codes, Kaplan–Meier horizons and medians per measure: years only
    expect(await built.db.scalar("select count(*) from mart.indicator_values where measure_id <> '*' and period_type = 'quarter' and (breakdown <> '*' or indicator like '%median')")).toBe(0);
    expect(await built.db.scalar("select count(*) from mart.indicator_values where measure_id = 'M1' and period = '2024' and indicator = 'retention_km'")).toBe(3);
  });

  it('records the data-quality findings of the fixture', async () => {
    const dq = Object.fromEntries(
      (await built.db.json<{ check: string; failing_rows: string }>('select "check", failing_rows from mart.data_quality')).map((r) => [r.check, Number(r.failing_rows)]),
    );
    expect(dq).toMatchObject({
      keys_unique: 0,
      dates_ordered: 1, // p66: exit without entry
      exit_class_conflicts: 2, // p19 (07 vs completed), p44 (08 vs completed)
      exit_reason_without_planned_end: 1, // p49
      reports_unmatched: 2, // p03 one day off, person X
      provider_exit_not_in_jobcenter_data: 1, // p43
      report_before_exit: 0, // every report 1–40 days after its exit (p43's after the provider's)
      exits_without_report: 32, // = reports_overdue on the as-of date
      // participant-days above places × contract days: M1 2024-Q2 682/546, M3 2024-Q1
      // 400/364 (4 places), M5 2024-Q3 327/184 and Q4 186/184 (2 places)
      occupancy_above_places: 4,
      // before the contract: p64 (M1); after its end (or still active on the as-of date):
      // p23, p24 (exit after as-of), p27, p28 (M1 ended 31.12.2024), p31 (M2), p58 (M5)
      participation_outside_contract: 7,
    });
    expect(built.result.checks.find((c) => c.name === 'dates_ordered')).toMatchObject({ severity: 'error', failing: 1 });
  });

  it('names, in each finding about input records, the file and row of every record it lists, and they lead to that record', async () => {
    // Pseudonyms cannot be reversed, and many participations share measure and dates: the
    // clerk finds a record by file and row, as with `almp rejects`. The Jobcenter record is
    // named by participation_file/_row, a final report by report_file/_row (both where a
    // check compares them); each must be the ingested row of the same person and measure.
    const project = discoverProject();
    const expected: Record<string, ('participation' | 'report')[]> = {
      dates_ordered: ['participation'],
      exit_class_conflicts: ['participation', 'report'],
      exit_reason_without_planned_end: ['participation'],
      exits_without_report: ['participation'],
      participation_outside_contract: ['participation'],
      provider_exit_not_in_jobcenter_data: ['report', 'participation'],
      reports_unmatched: ['report'],
    };
    await withCheckInputs(built.db, project, '2025-03-31', async () => {
      // the fixture's rows all come from file 1, which it does not record (rolled back)
      await built.db.run(
        `INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
         VALUES (1, 'participations', 'fixture.csv', 'fixture.csv', 'x', 'csv', 0, 0, 0, 0, TIMESTAMP '2025-03-31 00:00:00')`,
      );
      for (const [name, records] of Object.entries(expected)) {
        const sql = project.checks.find((c) => c.name === name)!.sql;
        const rows = await built.db.json<Record<string, unknown>>(sql);
        expect(rows.length, name).toBeGreaterThan(0);
        for (const r of rows) {
          const person = r['participant_id'] ?? String(r['participation_key']).split('|')[0];
          const measure = r['measure_id'] ?? String(r['participation_key']).split('|')[1];
          for (const record of records) {
            const table = record === 'participation' ? 'raw.participations' : 'raw.final_reports';
            const [found] = await built.db.json<{ participant_id: string; measure_id: string }>(
              `select r.participant_id, r.measure_id from ${table} as r join meta.files as f on f.file_id = r._file_id
               where f.name = $file and r._row = $row`,
              { file: String(r[`${record}_file`]), row: Number(r[`${record}_row`]) },
            );
            expect(found, `${name}: ${record} ${String(r[`${record}_file`])} row ${String(r[`${record}_row`])}`).toEqual({ participant_id: person, measure_id: measure });
          }
        }
      }
    });
  });

  it('builds the funnel plot inputs', async () => {
    const p1 = await built.db.json<{ exits: string; observed: string; expected: number; oe_ratio: number }>(
      "select exits, observed, expected, oe_ratio from mart.dropout_funnel where level = 'provider' and provider_id = 'P1' and jobcenter_id = '*' and instrument = '*' and period = '2024'",
    );
    expect(p1).toHaveLength(1);
    expect([Number(p1[0]!.exits), Number(p1[0]!.observed)]).toEqual([33, 15]);
    expect(p1[0]!.expected).toBeCloseTo(14.5340909, 6);
    // Poisson limits: at E = 100 the 95 % limits lie near 1 ± 1.96/√100
    const lim = await built.db.json<{ expected: number; lower_95: number; upper_95: number }>(
      'select expected, lower_95, upper_95 from mart.funnel_limits order by abs(expected - 100) limit 1',
    );
    expect(lim[0]!.lower_95).toBeGreaterThan(0.78);
    expect(lim[0]!.upper_95).toBeLessThan(1.24);
  });
});
