/**
 * An attendance report counts from the end of its month: it gives the days of the whole
 * month, so at an as-of inside the month it cannot have been sent yet (a run as of
 * 15.07. reconstructs what was known then), and at_risk_participants — a month-end stock —
 * had no such month either. Hand-checked fixture (test/fixtures/hand-checked/fixture.ts):
 * June 2024 reports B 15/15, p23 15/20, p24 18/20, p36 16/18, p43 16/20, p48 10/20 (90 of
 * 113 days); July p58 5 of 15 days.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildHandChecked, slice, type Built } from './helpers.ts';

let built: Built | undefined;
afterEach(() => built?.close());

const days = (rows: Map<string, { numerator: number | null; denominator: number | null }>) => {
  const row = rows.get('attendance_rate/*');
  return row ? [row.numerator, row.denominator] : undefined;
};

describe('attendance of a month not over at as-of', () => {
  it('is left out until the month has ended', async () => {
    built = await buildHandChecked({ asOf: '2024-07-15' });
    expect(built.result.models.filter((m) => m.status !== 'success')).toEqual([]);
    expect(days(await slice(built.db, { period_type: 'month', period: '2024-06' }))).toEqual([90, 113]);
    expect(days(await slice(built.db, { period_type: 'month', period: '2024-07' }))).toBeUndefined();
    // the quarter holds June alone, the year likewise
    expect(days(await slice(built.db, { period_type: 'quarter', period: '2024-Q3' }))).toBeUndefined();
    expect(days(await slice(built.db, { period_type: 'year', period: '2024' }))).toEqual([90, 113]);
  });

  it('counts once the month has ended', async () => {
    built = await buildHandChecked({ asOf: '2024-07-31' });
    expect(days(await slice(built.db, { period_type: 'month', period: '2024-07' }))).toEqual([5, 15]);
    expect(days(await slice(built.db, { period_type: 'year', period: '2024' }))).toEqual([95, 128]);
  });
});
