/**
 * The three-month waiting period ends exactly 3 calendar months after the period's last day,
 * also when that day is a month end longer than the as-of's month (31.03 → 30.06, 31.08 →
 * 30.11, 30.11 → 28.02). A controller saw the 2026-Q1 figures still marked "vorläufig" in a
 * return built on 30.06.2026, when April, May and June were all in the data: the flag compared
 * the period end with as-of − 3 months (30.06 − 3 months = 30.03 < 31.03).
 *
 * Worked out by hand (indicators.md: provisional while the last day is less than 3 months
 * before as-of; § 188 (2), (3) BGB: a 3-month span from the 31st ends on the last day of the
 * third month when it has no 31st):
 *
 * | entry (→ period)    | period's last day | + 3 months | as-of      | provisional |
 * |---------------------|-------------------|------------|------------|-------------|
 * | 31.08.2025 (2025-08)| 31.08.2025        | 30.11.2025 | 29.11.2025 | true        |
 * |                     |                   |            | 30.11.2025 | false       |
 * | 30.11.2025 (2025-11)| 30.11.2025        | 28.02.2026 | 27.02.2026 | true        |
 * |                     |                   |            | 28.02.2026 | false       |
 * | 31.03.2026 (2026-Q1)| 31.03.2026        | 30.06.2026 | 29.06.2026 | true        |
 * |                     |                   |            | 30.06.2026 | false       |
 * | 31.03.2026 (2026-03)| 31.03.2026        | 30.06.2026 | 30.06.2026 | false       |
 * | 29.02.2024 (2024-02)| 29.02.2024        | 29.05.2024 | 28.05.2024 | true        |
 * |                     |                   |            | 29.05.2024 | false       |
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { discoverProject } from '../../pipelines/models/discover.ts';
import { prepareSession } from '../../pipelines/models/session.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { slice } from './helpers.ts';
import { type TinyDb, tinyDb } from './tiny-db.ts';

let tiny: TinyDb | undefined;
afterEach(() => tiny?.close());

async function entriesProvisional(db: TinyDb['db'], asOf: string, periodType: string, period: string): Promise<boolean | undefined> {
  await buildModels(db, { asOf }, quietEffects());
  return (await slice(db, { period_type: periodType, period })).get('entries/*')?.provisional;
}

describe('provisional ends exactly 3 months after the period end', () => {
  it.each([
    ['2025-08-31', 'month', '2025-08', '2025-11-29', true],
    ['2025-08-31', 'month', '2025-08', '2025-11-30', false],
    ['2025-11-30', 'month', '2025-11', '2026-02-27', true],
    ['2025-11-30', 'month', '2025-11', '2026-02-28', false],
    ['2026-03-31', 'quarter', '2026-Q1', '2026-06-29', true],
    ['2026-03-31', 'quarter', '2026-Q1', '2026-06-30', false],
    ['2026-03-31', 'month', '2026-03', '2026-06-30', false],
    ['2024-02-29', 'month', '2024-02', '2024-05-28', true],
    ['2024-02-29', 'month', '2024-02', '2024-05-29', false],
  ] as const)('entry %s: %s %s at as-of %s is provisional = %s', async (entry, periodType, period, asOf, expected) => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.participation('p1', 'J1', entry, entry, null);
    expect(await entriesProvisional(tiny.db, asOf, periodType, period)).toBe(expected);
  });
});

describe('meta.build_parameters.last_final_day (the marts: provisional while the last day is after it)', () => {
  it('equals "last day + 3 months > as-of" for every last day and every as-of of 2023–2025 month ends and mid-months', async () => {
    const db = await Db.open(':memory:');
    try {
      await bootstrap(db);
      const asOfs = await db.json<{ d: string }>(
        `SELECT d::VARCHAR AS d FROM (SELECT unnest([last_day(m::DATE), (m + INTERVAL 14 DAY)::DATE, (m + INTERVAL 28 DAY)::DATE]) AS d
           FROM range(DATE '2023-01-01', DATE '2026-01-01', INTERVAL 1 MONTH) t(m))`,
      );
      for (const { d } of asOfs) {
        await prepareSession(db, discoverProject(), { asOf: d, suppressionThreshold: 5, runId: 1 });
        const differing = await db.scalar(
          `SELECT count(*) FROM range(DATE '2022-06-01', DATE '2026-01-01', INTERVAL 1 DAY) t(day)
           WHERE (day::DATE > (SELECT last_final_day FROM meta.build_parameters)) <> ((day::DATE + INTERVAL 3 MONTH)::DATE > getvariable('as_of'))`,
        );
        expect(differing, `as-of ${d}`).toBe(0);
      }
    } finally {
      db.close();
    }
  });
});
