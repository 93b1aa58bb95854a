/** `almp restore` brings a snapshot back as the live database; `almp doctor` on a healthy setup. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { listSnapshots, restoreSnapshot } from '../../pipelines/ops/restore.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';
import { runNeedsBytes } from '../../pipelines/ops/doctor-disk.ts';
import { tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { loadKey } from '../../pipelines/ingest/pseudonym.ts';
import { ROOT, spawnTs } from './child.ts';

describe('restore and doctor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-restore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores the chosen snapshot, keeps the replaced file, and refuses names that are not snapshots', async () => {
    const dbPath = join(dir, 'almp.duckdb');
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await db.run("INSERT INTO raw.providers VALUES ('P1', 'Bildung gGmbH', 'independent', 1, 1, true, NULL)");
    const first = await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-01-01T10:00:00Z')));
    await db.run("INSERT INTO raw.providers VALUES ('P2', 'Kommunal', 'municipal', 2, 1, true, NULL)");
    await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-01-02T10:00:00Z')));
    await db.run("INSERT INTO raw.providers VALUES ('P3', 'Später', 'municipal', 3, 1, true, NULL)");
    await db.run(`INSERT INTO meta.files VALUES (3, 'providers', 'traeger_neu.csv', '/inbox/providers/traeger_neu.csv', 'h3', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-01-03 09:15:00', NULL)`); // UTC, as the ledger keeps it: 10:15 in Berlin
    db.close();
    expect(listSnapshots(snapshots)).toHaveLength(2);
    // committed data a crash left in the WAL belong to the old file: kept with it, not deleted
    writeFileSync(`${dbPath}.wal`, 'wal of the old file');

    const effects = quietEffects();
    await expect(restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: '../almp.duckdb', waitMs: 1000 }, effects)).rejects.toThrow(/does not exist/);
    const name = first.path!.split('/').at(-1)!;
    // not under a running scheduler: the restored file lost the record of its runs since the
    // snapshot (a failed dashboards run vanished, and status turned green)
    const scheduler = tryAcquire(`${dbPath}.scheduler.lock`);
    try {
      await expect(restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: name, waitMs: 1000 }, effects)).rejects.toThrow(/The scheduler runs on .*: a restore under it would drop the record of its runs/);
    } finally {
      if ('release' in scheduler) scheduler.release();
    }
    await restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: name, waitMs: 1000 }, effects);
    const restored = await Db.open(dbPath);
    expect((await restored.json<{ id: string }>('SELECT provider_id AS id FROM raw.providers ORDER BY 1')).map((r) => r.id)).toEqual(['P1']);
    restored.close();
    expect(existsSync(`${dbPath}.before-restore`)).toBe(true);
    expect(readFileSync(`${dbPath}.before-restore.wal`, 'utf8')).toBe('wal of the old file');
    expect(existsSync(`${dbPath}.wal`)).toBe(false);
    // the file loaded after the snapshot is named, with what to do
    expect(effects.warnings.join('\n')).toMatch(/1 file loaded after this snapshot is not .*ingest it again[\s\S]*providers\/traeger_neu\.csv \(loaded 03\.01\.2026 10:15 from \/inbox\/providers\/traeger_neu\.csv, no longer there\)/);
    // not "from the archive": a file loaded by hand never was archived
    expect(effects.warnings.join('\n')).not.toContain('(from the archive)');
    const before = await Db.open(`${dbPath}.before-restore`, { readOnly: true });
    expect(await before.scalar('SELECT count(*) FROM raw.providers')).toBe(3);
    before.close();
    // a second restore keeps the first one's backup and names its own
    const again = quietEffects();
    await restoreSnapshot({ dbPath, snapshotDir: snapshots, waitMs: 1000 }, again);
    expect(again.lines.join('\n')).toContain(`(the previous file is ${dbPath}.before-restore.2)`);
    const firstBackup = await Db.open(`${dbPath}.before-restore`, { readOnly: true });
    expect(await firstBackup.scalar('SELECT count(*) FROM raw.providers')).toBe(3);
    firstBackup.close();
    expect(readFileSync(`${dbPath}.before-restore.wal`, 'utf8')).toBe('wal of the old file');
    expect(existsSync(`${dbPath}.before-restore.2`)).toBe(true);
  });

  it('a snapshot that does not open leaves the live database as it was and no copy behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-restore-bad-'));
    const dbPath = join(dir, 'almp.duckdb');
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await db.run("INSERT INTO raw.providers VALUES ('P1', 'Bildung gGmbH', 'independent', 1, 1, true, NULL)");
    db.close();
    mkdirSync(snapshots);
    writeFileSync(join(snapshots, '20260101T100000000Z.duckdb'), 'not a database');
    await expect(restoreSnapshot({ dbPath, snapshotDir: snapshots, waitMs: 1000 }, quietEffects())).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['almp.duckdb', 'snapshots']);
    const live = await Db.open(dbPath, { readOnly: true });
    expect(await live.scalar('SELECT count(*) FROM raw.providers')).toBe(1);
    live.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the versions of the returns written after the snapshot: they went out whatever the database now holds', async () => {
    const own = mkdtempSync(join(dir, 'versions-'));
    const dbPath = join(own, 'almp.duckdb');
    const snapshots = join(own, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    const version = (n: number, at: string) =>
      db.run(`INSERT INTO meta.return_versions VALUES ('state-annual 2025', ${n}, 'h${n}', DATE '2025-12-31', NULL, 'v', 'landesprogramm-jahresmeldung-2025.xlsx', TIMESTAMP '${at}', '[]')`);
    await version(1, '2026-01-05 06:00:00');
    await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-01-10T10:00:00Z')));
    // the build of 10.01. published the snapshot; its returns were written after it
    await version(2, '2026-01-10 10:05:00');
    db.close();
    const effects = quietEffects();
    await restoreSnapshot({ dbPath, snapshotDir: snapshots, waitMs: 1000 }, effects);
    const restored = await Db.open(dbPath, { readOnly: true });
    expect(await restored.json('SELECT version, figures_hash FROM meta.return_versions ORDER BY version')).toEqual([
      { version: 1, figures_hash: 'h1' },
      { version: 2, figures_hash: 'h2' },
    ]);
    restored.close();
    expect(effects.lines).toContain('Kept the record of 1 return version written after this snapshot (meta.return_versions): a return written again is compared with what was sent.');
    // the file it replaced holds every person: doctor names it until it is deleted
    const findings = await doctor(loadConfig({ db: dbPath }, { ALMP_PSEUDONYM_KEY: 'k'.repeat(40) }), { snapshotDir: snapshots }, quietEffects());
    expect(findings.find((f) => f.check === 'restore')).toMatchObject({ severity: 'warning', message: expect.stringContaining(`${dbPath}.before-restore`) });
    rmSync(`${dbPath}.before-restore`);
    const after = await doctor(loadConfig({ db: dbPath }, { ALMP_PSEUDONYM_KEY: 'k'.repeat(40) }), { snapshotDir: snapshots }, quietEffects());
    expect(after.find((f) => f.check === 'restore')).toBeUndefined();
  });

  it('doctor finds nothing wrong with an owner-only key, a built database and a snapshot', async () => {
    const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
    loadKey(config);
    const findings = await doctor(config, { snapshotDir: join(dir, 'snapshots') }, quietEffects());
    expect(findings.find((f) => f.check === 'key')?.severity).toBe('ok');
    expect(findings.find((f) => f.check === 'snapshot')?.severity).toBe('ok');
    expect(findings.find((f) => f.check === 'lock')?.severity).toBe('ok');
    // No marts were built in this store: doctor says so and what to run.
    expect(findings.find((f) => f.check === 'database')?.fix).toContain('almp run');
    // a snapshot is owner and group only, whatever the database file's mode (an older almp made it 0644)
    const snapshots = join(dir, 'snapshots');
    const names = readdirSync(snapshots).filter((n) => n.endsWith('.duckdb'));
    expect(names.map((n) => statSync(join(snapshots, n)).mode & 0o777)).toEqual(names.map(() => 0o640));
    // one an older almp left open to every user is named, with the fix (doctor said 'ok': an upgrade audit)
    chmodSync(join(snapshots, names[0]!), 0o644);
    try {
      const open = (await doctor(config, { snapshotDir: snapshots }, quietEffects())).find((f) => f.check === 'snapshot')!;
      expect([open.severity, open.message, open.fix]).toEqual(['warning', `a snapshot readable by every user of this machine (written so by an older almp): ${join(snapshots, names[0]!)}`, `chmod o-rwx ${join(snapshots, names[0]!)} — or delete those taken before the upgrade`]);
    } finally {
      chmodSync(join(snapshots, names[0]!), 0o640);
    }
  });

  it('doctor says when the disk cannot take a run, or a folder cannot be written', async () => {
    const config = loadConfig({ db: join(dir, 'almp.duckdb') }, {});
    const dbBytes = statSync(config.dbPath).size;
    const GB = 1024 ** 3;
    const disk = (free: number, canWrite = true) => ({ freeBytes: () => free, canWrite: () => canWrite });
    const of = async (probe: ReturnType<typeof disk>) => (await doctor(config, { snapshotDir: join(dir, 'snapshots'), disk: probe }, quietEffects())).filter((f) => f.check === 'disk');
    // the snapshots lie on the database's disk: one finding names both folders
    const roomy = await of(disk(runNeedsBytes(dbBytes)));
    expect(roomy.map((f) => f.severity)).toEqual(['ok']);
    expect(roomy[0]!.message).toContain(`free for ${dir} and ${join(dir, 'snapshots')}`);
    // room for the snapshot, not for the build's second copy of the marts
    const tight = await of(disk(runNeedsBytes(dbBytes) - 1));
    expect(tight.map((f) => f.severity)).toEqual(['warning']);
    expect(tight[0]!.fix).toContain('free disk space');
    expect((await of(disk(dbBytes))).map((f) => f.severity)).toEqual(['error']);
    const readOnly = await of(disk(100 * GB, false));
    expect(readOnly).toHaveLength(1);
    expect(readOnly[0]).toMatchObject({ severity: 'error', message: expect.stringContaining(`cannot write in ${dir}`) });
    // on this machine's real disk: a figure in GB, never an exception
    const real = (await doctor(config, { snapshotDir: join(dir, 'not-yet', 'snapshots') }, quietEffects())).filter((f) => f.check === 'disk');
    expect(real[0]!.message).toMatch(/^[\d.]+,\d [GM]B free for /);
    // the snapshot folder does not exist yet: its nearest parent is the database's folder, named once
    expect(real[0]!.message).toContain(`free for ${dir} (database`);
  });

  it('doctor asks room for temporary files in proportion to the database, not a fixed gigabyte', () => {
    const MB = 1024 ** 2;
    const GB = 1024 ** 3;
    // a 6 MB sample database: its two copies and 64 MB for temporary files (a fixed 1 GB said 'a run needs 1,0 GB')
    expect(runNeedsBytes(6 * MB)).toBe(76 * MB);
    // 10^6 participations (1 GB file, the build spilled 887 MB of temporary files): capped at 1 GB
    expect(runNeedsBytes(GB)).toBe(3 * GB);
    expect(runNeedsBytes(200 * MB)).toBe(800 * MB);
  });

  it('restore and doctor use the snapshot folder of the schedule file given with --config', async () => {
    const elsewhere = join(dir, 'elsewhere');
    const schedule = join(dir, 'schedule.json');
    writeFileSync(schedule, JSON.stringify({ snapshots: 'elsewhere' }));
    const dbPath = join(dir, 'almp.duckdb');
    const db = await Db.open(dbPath);
    await publishSnapshot(db, { dir: elsewhere, keep: 5 }, quietEffects(new Date('2026-02-01T10:00:00Z')));
    db.close();
    const almp = async (...args: string[]) => {
      const child = spawnTs(join(ROOT, 'pipelines/cli/main.ts'), ['--db', dbPath, '--key-file', join(dir, 'almp.key'), ...args]);
      await child.exited();
      return child.output();
    };
    expect(await almp('restore', '--list', '--config', schedule)).toMatch(/20260201T100000000Z\.duckdb  published 01\.02\.2026 11:00.*  \(current/);
    expect(await almp('doctor', '--config', schedule)).toContain(`readers use ${join(elsewhere, '20260201T100000000Z.duckdb')}`);
  }, 90_000); // two CLI starts (tsx): 30 s ran out once in CI while another job loaded both cores
});
