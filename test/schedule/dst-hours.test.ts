/**
 * A schedule file kept across the upgrade that names the old default build time 02:30 (the
 * operations guide printed it until 2026-12-03): the scheduler says that this job misses
 * the night of the spring clock change, as the new default 01:30 does not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { clockChangeHours, clockChangeWarnings } from '../../pipelines/schedule/dst-hours.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function settingsOf(file: object) {
  const dir = mkdtempSync(join(tmpdir(), 'almp-dst-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'schedule.json'), JSON.stringify(file));
  return loadScheduleSettings(join(dir, 'schedule.json'), { dataDir: dir, cwd: dir });
}

const DECEMBER = new Date('2026-12-03T12:00:00Z');

describe('jobs in the hour of a clock change', () => {
  it('finds 02:00–02:59 in Berlin (skipped in March, repeated in October), none in UTC', () => {
    expect([...clockChangeHours('Europe/Berlin', DECEMBER)]).toEqual([2]);
    expect([...clockChangeHours('UTC', DECEMBER)]).toEqual([]);
  });

  it('names the models job of an older schedule file at 02:30, and only that one', () => {
    const old = settingsOf({ jobs: { ingest: { cron: '0 */15 * * * *' }, models: { cron: '0 30 2 * * *', after: 'ingest' } } });
    const lines = clockChangeWarnings(old, DECEMBER);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Job models \(cron "0 30 2 \* \* \*"\).*02:00–02:59.*"0 30 1 \* \* \*"/);
  });

  it('says nothing for the defaults or a zone without clock changes', () => {
    expect(clockChangeWarnings(settingsOf({}), DECEMBER)).toEqual([]);
    expect(clockChangeWarnings(settingsOf({ timezone: 'UTC', jobs: { models: { cron: '0 30 2 * * *' } } }), DECEMBER)).toEqual([]);
  });
});

describe('fire times on the night of the spring clock change', () => {
  it('are the times node-cron fires: none at 02:30 on 28.03.2027 (cron-parser named 03:30, and status called the job missed)', async () => {
    const { nextFires, previousFire } = await import('../../pipelines/schedule/cron-times.ts');
    const evening = new Date('2027-03-27T22:00:00Z');
    expect(nextFires('0 30 2 * * *', 'Europe/Berlin', evening, 2).map((d) => d.toISOString())).toEqual(['2027-03-29T00:30:00.000Z', '2027-03-30T00:30:00.000Z']);
    expect(previousFire('0 30 2 * * *', 'Europe/Berlin', new Date('2027-03-28T10:00:00Z')).toISOString()).toBe('2027-03-27T01:30:00.000Z');
    // every other job keeps its times that night: 01:30, and each quarter of an hour outside 02:xx
    expect(nextFires('0 30 1 * * *', 'Europe/Berlin', evening)[0]!.toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(nextFires('0 */15 * * * *', 'Europe/Berlin', new Date('2027-03-28T00:40:00Z'), 2).map((d) => d.toISOString())).toEqual(['2027-03-28T00:45:00.000Z', '2027-03-28T01:00:00.000Z']);
    // a job of many fires in that hour: its next fire is the night after, not none at all
    expect(nextFires('0 */5 2 * * *', 'Europe/Berlin', evening)[0]!.toISOString()).toBe('2027-03-29T00:00:00.000Z');
    expect(nextFires('* * 2 * * *', 'Europe/Berlin', evening)[0]!.toISOString()).toBe('2027-03-29T00:00:00.000Z');
  });
});
