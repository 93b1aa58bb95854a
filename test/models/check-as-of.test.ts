/**
 * `almp check` without --as-of checks at the latest date in the data, which need not be the
 * cut-off of the last build: after `almp run --as-of 2025-03-31` it reported 7 exits without
 * a report while `almp status` (the build's) said 9, and neither named its date. The check
 * now says its date and the build's when they differ. A given date is checked as run checks it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { noParticipations, runChecks } from '../../pipelines/models/check.ts';
import { ensureRunLog } from '../../pipelines/models/run-log.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('almp check names its as-of date', () => {
  let tiny: TinyDb;
  const heading = async (asOf?: string) => {
    const effects = quietEffects();
    await runChecks(tiny.db, asOf === undefined ? {} : { asOf }, effects);
    return effects.lines.find((l) => l.startsWith('Checked as of'));
  };

  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.participation('a', 'J1', '2025-01-02', '2025-01-10', '2025-05-10');
  });
  afterAll(() => tiny?.close());

  it('says the date it checked at', async () => {
    expect(await heading('2025-03-31')).toBe('Checked as of 31.03.2025.');
    expect(await heading()).toBe('Checked as of 10.05.2025 (the latest date in the data).');
    expect(await noParticipations(tiny.db)).toBe(false);
  });

  it('names the last build’s cut-off when it differs', async () => {
    await ensureRunLog(tiny.db);
    await tiny.db.run(`INSERT INTO meta.model_runs (run_id, model, status, as_of, started_at) VALUES (1, 'core.participations', 'success', DATE '2025-03-31', now())`);
    expect(await heading()).toBe(
      'Checked as of 10.05.2025 (the latest date in the data); the last build used 31.03.2025: give --as-of 2025-03-31 for the findings of its figures.',
    );
  });

  it('says the date is today, not of the data, when nothing in the data is dated', async () => {
    // with the Jobcenters' list alone it said 'as of 06.12.2026 (the latest date in the data)'
    const lists = await tinyDb(['J1'], ['P1'], 90);
    try {
      const effects = quietEffects(new Date('2026-12-06T09:00:00Z'));
      await runChecks(lists.db, {}, effects);
      expect(effects.lines.find((l) => l.startsWith('Checked as of'))).toBe('Checked as of 06.12.2026 (today: the data hold no dated record yet).');
      // every check passes on no data: said, as almp run says it (and the command exits 1)
      expect(effects.warnings).toContain("No participations are loaded: the checks found nothing because most of them have nothing to check. Load the Jobcenter's participations (almp ingest FILE --kind participations), then run almp check again.");
      expect(await noParticipations(lists.db)).toBe(true);
    } finally {
      lists.close();
    }
  });

  it('refuses an --as-of before the data and warns of one after it, as almp run does', async () => {
    // it showed every check green with exit 0 where run refused the date
    await expect(runChecks(tiny.db, { asOf: '2020-01-01' }, quietEffects())).rejects.toMatchObject({
      exitCode: 2,
      message: '--as-of 01.01.2020 is before the first referral in the data (02.01.2025): no participation would be in force and every figure would be empty. Nothing was checked.',
    });
    const late = quietEffects();
    await runChecks(tiny.db, { asOf: '2099-01-01' }, late);
    expect(late.warnings.at(-1)).toMatch(/^Note: --as-of 01\.01\.2099 is after the latest date in the data \(10\.05\.2025\): participations without an exit count as active/);
    const within = quietEffects();
    await runChecks(tiny.db, { asOf: '2025-03-31' }, within);
    expect(within.warnings.filter((w) => w.includes('--as-of'))).toEqual([]);
  });
});
