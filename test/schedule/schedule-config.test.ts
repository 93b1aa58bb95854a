import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { nextFires } from '../../pipelines/schedule/cron-times.ts';
import { localDay } from '../../pipelines/schedule/working-days.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const places = () => ({ dataDir: join(dir, 'data'), cwd: dir });

describe('schedule settings', () => {
  it('defaults to the standard operation beside the database', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-cfg-'));
    const s = loadScheduleSettings(undefined, places());
    expect(s.timezone).toBe('Europe/Berlin');
    expect([s.inbox, s.archive, s.quarantine, s.snapshots, s.logFile, s.out]).toEqual([
      join(dir, 'data', 'inbox'), join(dir, 'data', 'archive'), join(dir, 'data', 'quarantine'), join(dir, 'data', 'snapshots'), join(dir, 'data', 'logs', 'almp.log'), join(dir, 'out'),
    ]);
    expect(s.jobs.ingest).toEqual({ cron: '0 */15 * * * *', after: null, enabled: true, workingDay: 10 });
    expect(s.jobs.dashboards.after).toBe('models');
    expect(Object.isFrozen(s.jobs.models)).toBe(true);
  });

  it('takes a partial file, resolving its paths against the file', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-cfg-'));
    const file = join(dir, 'ops', 'schedule.json');
    mkdirSync(join(dir, 'ops'));
    writeFileSync(file, JSON.stringify({ inbox: '../eingang', jobs: { ingest: { cron: '0 */5 * * * *' }, annual_return: { enabled: false } } }));
    const s = loadScheduleSettings(file, places());
    expect(s.inbox).toBe(join(dir, 'eingang'));
    expect(s.jobs.ingest.cron).toBe('0 */5 * * * *');
    expect(s.jobs.models.cron).toBe('0 30 1 * * *');
    expect(s.jobs.annual_return.enabled).toBe(false);
  });

  it('refuses wrong fields with messages that name them', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-cfg-'));
    const file = join(dir, 'schedule.json');
    writeFileSync(file, JSON.stringify({ timezone: 'Europe/Bonn', jobs: { ingest: { cron: 'every minute' }, modles: {} } }));
    expect(() => loadScheduleSettings(file, places())).toThrow(/timezone: not an IANA timezone.*jobs\.ingest\.cron: not a valid cron expression.*modles/);
    writeFileSync(file, '{ "timezone": ');
    expect(() => loadScheduleSettings(file, places())).toThrow(/not valid JSON/);
    expect(() => loadScheduleSettings(join(dir, 'nope.json'), places())).toThrow(/does not exist/);
  });

  it('builds the models outside 02:00–02:59, the hour the clocks skip in March and repeat in October', () => {
    // node-cron let a 02:30 build pass on 28.03.2027 without firing (an operator's test with a fake clock)
    const { cron } = loadScheduleSettings(undefined, places()).jobs.models;
    for (const night of ['2027-01-15T22:00:00Z', '2027-03-27T22:00:00Z', '2027-10-30T22:00:00Z']) {
      const [fire] = nextFires(cron!, 'Europe/Berlin', new Date(night));
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(fire!));
      expect([night, hour === 2]).toEqual([night, false]);
      expect(localDay(fire!, 'Europe/Berlin')).toBe(localDay(new Date(new Date(night).getTime() + 12 * 3600_000), 'Europe/Berlin'));
    }
  });
});
