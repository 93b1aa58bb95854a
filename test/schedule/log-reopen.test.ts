/**
 * SIGHUP opens the log file anew (logrotate moved it away); it ended the scheduler before
 * (Node's default: exit 129 mid-job, nothing logged, and systemd's Restart=on-failure counts
 * a SIGHUP death as clean, so the service stayed down).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleCommand } from '../../pipelines/schedule/schedule-command.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, waitUntil, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

describe('almp schedule and logrotate', () => {
  it('writes into a new almp.log after SIGHUP, and leaves no SIGHUP listener behind', async () => {
    project = tempProject();
    const file = join(project.dir, 'schedule.json');
    const off = { enabled: false };
    writeFileSync(file, JSON.stringify({ logFile: 'logs/almp.log', jobs: { ingest: off, models: off, dashboards: off, quarterly_return: off, annual_return: off } }));
    const listeners = process.listenerCount('SIGHUP');
    const stop = new AbortController();
    const running = scheduleCommand(project.config, { configFile: file, signal: stop.signal, cwd: project.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects());
    const log = join(project.dir, 'logs', 'almp.log');
    await waitUntil(() => read(log).includes('scheduler_started'), 15_000, 'the scheduler');
    renameSync(log, `${log}.1`); // logrotate without copytruncate
    process.emit('SIGHUP', 'SIGHUP');
    stop.abort();
    expect(await running).toBe(0);
    expect(read(log)).toContain('"event":"log_reopened"');
    expect(read(log)).toContain('"event":"scheduler_stopped"');
    expect(read(`${log}.1`)).not.toContain('scheduler_stopped');
    expect(process.listenerCount('SIGHUP')).toBe(listeners);
  });

  it('goes on writing into the old file when the new one cannot be opened, and reopens at the next SIGHUP', async () => {
    project = tempProject();
    const file = join(project.dir, 'schedule.json');
    const off = { enabled: false };
    writeFileSync(file, JSON.stringify({ logFile: 'logs/almp.log', jobs: { ingest: off, models: off, dashboards: off, quarterly_return: off, annual_return: off } }));
    const stop = new AbortController();
    const running = scheduleCommand(project.config, { configFile: file, signal: stop.signal, cwd: project.dir, verbs: fakeVerbs(), consoleLog: false }, liveEffects());
    const log = join(project.dir, 'logs', 'almp.log');
    await waitUntil(() => read(log).includes('scheduler_started'), 15_000, 'the scheduler');
    renameSync(log, `${log}.1`);
    // a folder where the file should be: refused to root as well (logrotate's create for another owner)
    mkdirSync(log);
    process.emit('SIGHUP', 'SIGHUP');
    expect(read(`${log}.1`)).toContain('"event":"log_reopen_failed"');
    rmdirSync(log);
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the old descriptor is closed on the next tick
    stop.abort();
    expect(await running).toBe(0);
    expect(read(log)).toContain('"event":"log_reopened"');
    expect(read(log)).toContain('"event":"scheduler_stopped"');
  });
});
