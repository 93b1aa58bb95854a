import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs, { writeFileSync, existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, dirname } from 'node:path';
import { hostname } from 'node:os';
import { withDb } from '../../pipelines/commands/open-db.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { AlmpError } from '../../pipelines/errors.ts';
import { describeHolder, lockPathFor, tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { spawnTs } from './child.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

const HOLDER = 'test/ops/fixtures/hold-writer.ts';
let project: TempProject;
afterEach(() => project?.cleanup());

async function count(p: TempProject): Promise<Record<string, number>> {
  const rows = await withDb(p.config, (db) => db.all<{ who: string; n: bigint }>('SELECT who, count(*) AS n FROM main.writes GROUP BY who'));
  return Object.fromEntries(rows.map((r) => [r.who, Number(r.n)]));
}

async function parentWrites(p: TempProject, waitMs: number, effects = quietEffects()) {
  await withDb(
    p.config,
    async (db) => {
      await db.run('CREATE TABLE IF NOT EXISTS main.writes (who VARCHAR, n INTEGER)');
      await db.run(`INSERT INTO main.writes SELECT 'parent', range FROM range(500)`);
    },
    { waitMs, effects },
  );
  return effects;
}

describe('one writer per database', () => {
  it('a second writer waits with a message naming the holder, then writes; nothing is lost', async () => {
    project = tempProject();
    const child = spawnTs(HOLDER, [project.config.dbPath, '1500', 'lock', '1000']);
    await child.waitFor('holding');
    const effects = await parentWrites(project, 20_000);
    expect((await child.exited()).code).toBe(0);
    expect(effects.warnings.join('\n')).toMatch(new RegExp(`Waiting up to 20 s for almp process pid ${child.process.pid} on `));
    expect(await count(project)).toEqual({ child: 1000, parent: 500 });
    expect(existsSync(lockPathFor(project.config.dbPath))).toBe(false);
  });

  it('gives up after the bounded wait with a message naming the holder pid; the holder’s data stay whole', async () => {
    project = tempProject();
    const child = spawnTs(HOLDER, [project.config.dbPath, '2500', 'lock', '1000']);
    await child.waitFor('holding');
    const error = await parentWrites(project, 600).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AlmpError);
    expect((error as AlmpError).message).toContain(`pid ${child.process.pid}`);
    expect((error as AlmpError).exitCode).toBe(75);
    expect((await child.exited()).code).toBe(0);
    expect(await count(project)).toEqual({ child: 1000 });
  });

  it('takes over a lock left by a dead process', async () => {
    project = tempProject();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(String(dead.stdout));
    mkdirSync(dirname(project.config.dbPath), { recursive: true });
    writeFileSync(lockPathFor(project.config.dbPath), JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const effects = await parentWrites(project, 1_000);
    expect(effects.warnings).toEqual([]);
    expect(await count(project)).toEqual({ parent: 500 });
  });

  it('also waits for a process that has the file open without the lock file (DuckDB lock as signal)', async () => {
    project = tempProject();
    const child = spawnTs(HOLDER, [project.config.dbPath, '1500', 'raw', '1000']);
    await child.waitFor('holding');
    const effects = await parentWrites(project, 20_000);
    expect((await child.exited()).code).toBe(0);
    expect(effects.warnings.join('\n')).toContain(`process pid ${child.process.pid}`);
    expect(await count(project)).toEqual({ child: 1000, parent: 500 });
  });

  it('gives up on such a process naming it as a program outside almp (a BI tool), not as an almp process', async () => {
    project = tempProject();
    const child = spawnTs(HOLDER, [project.config.dbPath, '4000', 'raw', '10']);
    await child.waitFor('holding');
    const refused = parentWrites(project, 500);
    await expect(refused).rejects.toThrow(`is being written by process pid ${child.process.pid} (not almp: a program with the database file open, e.g. a BI tool or a DuckDB shell)`);
    await expect(refused).rejects.toMatchObject({ exitCode: 75, hint: expect.stringMatching(/^Close that program's connection/) });
    await child.exited();
  });
});

describe('a lock file that names no holder', () => {
  // after a power loss the lock's write had not reached the disk: an empty file, and every
  // writer (the scheduler's jobs too) waited for "another almp process" for good
  it('is taken over once it is older than a few seconds, and waited for while it is new', async () => {
    project = tempProject();
    const lockPath = lockPathFor(project.config.dbPath);
    mkdirSync(dirname(lockPath), { recursive: true });
    writeFileSync(lockPath, '');
    expect(tryAcquire(lockPath)).toEqual({ busy: undefined });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    for (const content of ['', '{"pid": "x"', 'garbage']) {
      writeFileSync(lockPath, content);
      utimesSync(lockPath, old, old);
      const effects = await parentWrites(project, 1_000);
      expect(effects.warnings).toEqual([]);
    }
    expect(await count(project)).toEqual({ parent: 1500 });
    expect(existsSync(lockPath)).toBe(false);
  });
});

describe('a lock whose pid now belongs to another process', () => {
  // After a kill -9 (or a container restart) the pid in the lock can be reused: by an
  // unrelated process, or by the restarted almp itself. Judged by pid alone the lock
  // looked held for ever: every job gave up after its wait, and doctor said "ok".
  it.runIf(existsSync('/proc/self/stat'))('is taken over when that process started after the lock was written', async () => {
    project = tempProject();
    mkdirSync(dirname(project.config.dbPath), { recursive: true });
    for (const pid of [1, process.pid]) {
      writeFileSync(lockPathFor(project.config.dbPath), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', start: 'another-process' }));
      const effects = await parentWrites(project, 1_000);
      expect(effects.warnings).toEqual([]);
    }
    expect(await count(project)).toEqual({ parent: 1000 });
  });
});

describe('writer lock on a full disk', () => {
  it('leaves no lock.<pid>.<hex> file behind when writing the lock fails (ENOSPC: each failed job left one)', async () => {
    project = tempProject();
    const lockPath = lockPathFor(project.config.dbPath);
    mkdirSync(dirname(lockPath), { recursive: true });
    // node:fs as a disk full writes it: the file is created, the write fails
    const spy = vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    syncBuiltinESMExports();
    try {
      expect(() => tryAcquire(lockPath)).toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
    expect(readdirSync(dirname(lockPath)).filter((f) => f.startsWith(basename(lockPath)))).toEqual([]);
  });
});

describe('the holder named in a message', () => {
  it('says since when on the wall clock, as almp status shows times (the lock keeps UTC)', () => {
    expect(describeHolder({ pid: 4711, host: 'jc-server', since: '2026-01-01T17:00:00.000Z' })).toBe('almp process pid 4711 on jc-server, since 01.01.2026, 18:00:00');
    expect(describeHolder({ pid: 4711, host: 'jc-server', since: 'garbled' })).toBe('almp process pid 4711 on jc-server');
  });
});
