/**
 * A date typed wrong into one record (an outcome of 12.05.2052 for 2025) made the default
 * as-of 2052 (a new user's audit): 2026 figures marked final, the no-show rate of windows
 * "closed" in the future, returns for 2029. Events dated after today are left out of the
 * default as-of and named with file, row and column; a given --as-of is taken as given.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { runChecks } from '../../pipelines/models/check.ts';
import { loadHandChecked, pid } from '../fixtures/hand-checked/fixture.ts';
import { openStore } from '../ingest/helpers.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The hand-checked fixture (events up to 2025) with one more outcome dated `date`, as file 9 outcomes_typo.csv row 4. */
async function fixtureWithOutcome(date: string): Promise<Db> {
  const store = await openStore();
  cleanup = store.close;
  const db = store.db;
  await loadHandChecked(db);
  await db.run(
    `INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
     VALUES (9, 'outcomes', 'outcomes_typo.csv', 'outcomes_typo.csv', 'h9', 'csv', 4, 4, 0, 0, TIMESTAMP '2026-01-01 00:00:00')`,
  );
  await db.run(
    `INSERT INTO raw.outcomes (participant_id, jobcenter_id, status_date, status, subsidised, _file_id, _row, _current)
     VALUES ($pid, NULL, $date::DATE, 'employed_svp', false, 9, 4, true)`,
    { pid: pid('A'), date },
  );
  return db;
}

const asOfOf = async (db: Db) => (await db.json<{ d: string }>('SELECT max(as_of)::VARCHAR AS d FROM mart.indicator_values'))[0]?.d ?? '';

describe('an event dated after today', () => {
  it('is left out of the default as-of and named, in the build and the check', async () => {
    // the fixture alone: its own latest event
    const plain = await fixtureWithOutcome('2024-01-01');
    expect((await buildModels(plain, {}, quietEffects())).models.every((m) => m.status === 'success')).toBe(true);
    const expected = await asOfOf(plain);
    expect(expected < '2026-01-01').toBe(true);
    cleanup?.();

    const db = await fixtureWithOutcome('2052-05-12');
    const effects = quietEffects(new Date('2026-01-01T09:00:00Z'));
    const built = await buildModels(db, {}, effects);
    expect(built.models.every((m) => m.status === 'success')).toBe(true);
    expect(await asOfOf(db)).toBe(expected);
    expect(effects.warnings).toContain(
      '1 date in the data lies after today (01.01.2026), the latest outcomes_typo.csv, row 4, status_date 12.05.2052: left out of the default as-of (a typing error? correct the file and ingest it again; records dated after the as-of are not counted)',
    );
    const checked = quietEffects(new Date('2026-01-01T09:00:00Z'));
    await runChecks(db, {}, checked);
    expect(checked.warnings.join('\n')).toContain('status_date 12.05.2052');
    // the heading said 'the latest date in the data' under the warning naming 2052 (a review)
    expect(checked.lines.find((l) => l.startsWith('Checked as of'))).toMatch(/^Checked as of \d\d\.\d\d\.20\d\d \(the latest date in the data up to today\)/);
  });

  it('stays in a given as-of, without the note', async () => {
    const db = await fixtureWithOutcome('2052-05-12');
    const effects = quietEffects(new Date('2026-01-01T09:00:00Z'));
    await buildModels(db, { asOf: '2025-03-31' }, effects);
    expect(await asOfOf(db)).toBe('2025-03-31');
    expect(effects.warnings.join('\n')).not.toContain('after today');
    // a given cut-off past the real data is warned of, the 2052 typo aside (it was not)
    const beyond = quietEffects(new Date('2026-01-01T09:00:00Z'));
    const result = await buildModels(db, { asOf: '2025-12-31' }, beyond);
    expect(result.asOfBeyondData).toMatch(/^--as-of 31\.12\.2025 is after the latest date in the data \(\d\d\.\d\d\.20\d\d\)/);
  });
});
