/**
 * Counts of 0 are figures (contracts.md omits only rates with a zero denominator and breakdown
 * codes without units): a month with entries but no exit has exits = 0, not a missing row
 * that a reader takes for missing data. The flows are counted here from the fixture's
 * participations, independently of the SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, MEASURES, PARTICIPATIONS } from '../fixtures/hand-checked/fixture.ts';
import { buildHandChecked, type Built } from './helpers.ts';

let built: Built;
beforeAll(async () => {
  built = await buildHandChecked();
});
afterAll(() => built?.close());

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** referrals, entries and exits per "month provider" of the participations in force. */
function flows(): Map<string, { referrals: number; entries: number; exits: number }> {
  const provider = new Map<string, string>(MEASURES.map((m) => [m[0], m[2]]));
  const counts = new Map<string, { referrals: number; entries: number; exits: number }>();
  const add = (date: string, measure: string, flow: 'referrals' | 'entries' | 'exits') => {
    if (date > AS_OF) return; // not happened yet at as-of: a still active participation
    for (const slice of ['*', provider.get(measure)!]) {
      const key = `${date.slice(0, 7)} ${slice}`;
      const c = counts.get(key) ?? { referrals: 0, entries: 0, exits: 0 };
      c[flow] += 1;
      counts.set(key, c);
    }
  };
  for (const p of PARTICIPATIONS.filter((x) => x.expect !== undefined)) {
    add(p.referral, p.measure, 'referrals');
    if (p.entry) add(p.entry, p.measure, 'entries');
    if (p.entry && p.exit !== undefined) add(typeof p.exit === 'number' ? addDays(p.entry, p.exit) : p.exit, p.measure, 'exits');
  }
  return counts;
}

describe('counts of 0', () => {
  it('referrals, entries and exits each have a row wherever a month and provider has any of them, 0 where none', async () => {
    const rows = await built.db.json<{ indicator: string; period: string; provider_id: string; n: number }>(
      `SELECT indicator, period, provider_id, numerator AS n FROM mart.indicator_values
       WHERE indicator IN ('referrals', 'entries', 'exits') AND period_type = 'month'
         AND jobcenter_id = '*' AND instrument = '*' AND measure_id = '*'`,
    );
    const actual = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const key = `${r.period} ${r.provider_id}`;
      actual.set(key, { ...actual.get(key), [r.indicator]: r.n });
    }
    const expected = flows();
    const zeroExits = [...expected.values()].filter((c) => c.exits === 0).length;
    expect(zeroExits).toBeGreaterThan(3);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });

  it('at-risk participants have a row wherever participants are active at the month end, overdue reports wherever an exit is over 14 days ago', async () => {
    const missing = await built.db.json(
      `WITH v AS (SELECT * FROM mart.indicator_values)
       SELECT a.period, a.jobcenter_id, a.provider_id, a.instrument, a.measure_id FROM v AS a
       WHERE a.indicator = 'participants_active'
         AND NOT EXISTS (SELECT 1 FROM v AS r WHERE r.indicator = 'at_risk_participants' AND r.period = substr(a.period, 1, 7)
                          AND (r.jobcenter_id, r.provider_id, r.instrument, r.measure_id) = (a.jobcenter_id, a.provider_id, a.instrument, a.measure_id))`,
    );
    expect(missing).toEqual([]);
    const atRisk = await built.db.json<{ zero: number; counted: number }>(
      "SELECT CAST(count(*) FILTER (WHERE numerator = 0) AS INTEGER) AS zero, CAST(count(*) FILTER (WHERE numerator > 0) AS INTEGER) AS counted FROM mart.indicator_values WHERE indicator = 'at_risk_participants'",
    );
    expect(atRisk[0]!.zero).toBeGreaterThan(0);
    expect(atRisk[0]!.counted).toBeGreaterThan(0);
    // every provider with an exit before 2025-03-17 (as-of − 14 days) has its overdue count, 0 or more
    const provider = new Map<string, string>(MEASURES.map((m) => [m[0], m[2]]));
    const exited = new Set(
      PARTICIPATIONS.filter((p) => p.expect !== undefined && p.entry && p.exit !== undefined)
        .filter((p) => (typeof p.exit === 'number' ? addDays(p.entry!, p.exit) : p.exit!) < '2025-03-17')
        .map((p) => provider.get(p.measure)!),
    );
    const overdue = await built.db.json<{ provider_id: string }>(
      "SELECT provider_id FROM mart.indicator_values WHERE indicator = 'reports_overdue' AND jobcenter_id = '*' AND instrument = '*' AND measure_id = '*' AND provider_id <> '*' ORDER BY 1",
    );
    expect(overdue.map((r) => r.provider_id)).toEqual([...exited].sort());
  });
});
