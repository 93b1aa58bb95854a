import { describe, expect, it } from 'vitest';
import { latestAnnualDue, latestQuarterlyDue, localDay, localWallClock, nthWorkingDay } from '../../pipelines/schedule/working-days.ts';

describe('working days', () => {
  it('counts Monday to Friday only', () => {
    // April 2026: Wed 1, Thu 2, Fri 3, Mon 6 … the 10th working day is Tue 14 (Easter ignored on purpose).
    expect(nthWorkingDay(2026, 4, 1)).toBe('2026-04-01');
    expect(nthWorkingDay(2026, 4, 10)).toBe('2026-04-14');
    // January 2027 starts on a Friday: Fri 1, Mon 4 … Thu 14 is the 10th.
    expect(nthWorkingDay(2027, 1, 10)).toBe('2027-01-14');
  });

  it('finds the quarter whose return is due', () => {
    expect(latestQuarterlyDue('2026-04-14', 10)).toEqual({ period: '2026-Q1', due: '2026-04-14' });
    // The day before the due day, the previous quarter (Q4 2025, due 14 Jan 2026) is the latest due.
    expect(latestQuarterlyDue('2026-04-13', 10)).toEqual({ period: '2025-Q4', due: '2026-01-14' });
    expect(latestQuarterlyDue('2026-12-31', 10).period).toBe('2026-Q3');
  });

  it('finds the annual return due in January', () => {
    expect(latestAnnualDue('2026-01-14', 10)).toEqual({ period: '2025', due: '2026-01-14' });
    expect(latestAnnualDue('2026-01-13', 10)).toEqual({ period: '2024', due: '2025-01-14' });
  });

  it('takes the local day in Berlin', () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin (CEST, UTC+2).
    expect(localDay(new Date('2026-03-31T23:30:00Z'), 'Europe/Berlin')).toBe('2026-04-01');
  });
});

describe('local wall clock', () => {
  it('carries the Berlin time of an instant in the UTC fields (winter +1 h, summer +2 h), as spreadsheets show them', () => {
    expect(localWallClock(new Date('2026-12-03T06:51:07Z'), 'Europe/Berlin').toISOString()).toBe('2026-12-03T07:51:07.000Z');
    expect(localWallClock(new Date('2026-07-01T22:30:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-07-02T00:30:00.000Z');
  });
});
