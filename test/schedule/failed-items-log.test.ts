/**
 * A run whose items failed names them and their errors in the line that ends it: almp status
 * says 'the log names each failure', and the log said only 'job dashboards failed: item errors'.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler, type Job } from '../../pipelines/schedule/scheduler.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('job_finished of a run with failed items', () => {
  it('names the failed items and their errors, at error (all failed) or warn (partial) level', async () => {
    project = tempProject();
    const logged: { level: number; msg: string; error?: string }[] = [];
    const effects = { ...liveEffects(), log: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) }) };
    const denied = 'Cannot write into /opt/almp/out: no permission to write there';
    const jobs: Job[] = [
      { name: 'dashboards', cron: '0 0 3 * * *', run: async () => [{ name: 'dashboards', status: 'error', error: denied }] },
      { name: 'x', cron: '0 0 3 * * *', run: async () => [{ name: 'return a', status: 'success' }, { name: 'return b', status: 'error', error: 'disk full' }] },
    ];
    const scheduler = new Scheduler({ jobs, timezone: 'Europe/Berlin', withWriter: project.withWriter, effects, catchUp: false });
    await scheduler.start();
    await scheduler.trigger('dashboards');
    await scheduler.trigger('x');
    await scheduler.stop();
    const finished = logged.filter((l) => l.msg.startsWith('job ') && !l.msg.endsWith('started'));
    expect(finished.map((l) => [l.level, l.msg])).toEqual([
      [50, `job dashboards failed: 1 of 1 items failed — dashboards: ${denied}`],
      [40, 'job x partial: 1 of 2 items failed — return b: disk full'],
    ]);
  });
});
