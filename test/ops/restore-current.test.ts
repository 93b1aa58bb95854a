/**
 * After `almp restore` of an older snapshot the readers must see what the live database holds.
 * A controller restored the snapshot behind a Q2 return (dropout rate 3 of 6), `almp returns`
 * wrote 3 of 6 again, but `almp query` still answered 1 of 6: `current` kept naming the later
 * snapshot. By hand: snapshot 1 holds provider P1 (1 row), snapshot 2 P1 and P2 (2 rows);
 * after restoring snapshot 1 both the live file and the query give 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { queryCommand } from '../../pipelines/ops/query.ts';
import { currentSnapshot, publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { describeSnapshot, restoreSnapshot } from '../../pipelines/ops/restore.ts';
import { ensureLedger, recordEnd, recordStart } from '../../pipelines/schedule/job-ledger.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('restore and the readers', () => {
  it('points current at the restored snapshot, so almp query answers as the live database does', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-restore-current-'));
    const dbPath = join(dir, 'almp.duckdb');
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await db.run("INSERT INTO raw.providers VALUES ('P1', 'Bildung gGmbH', 'independent', 1, 1, true, NULL)");
    const first = await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-09-30T10:00:00Z')));
    await db.run("INSERT INTO raw.providers VALUES ('P2', 'Kommunal', 'municipal', 2, 1, true, NULL)");
    await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-10-15T10:00:00Z')));
    db.close();

    await restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: basename(first.path!), waitMs: 1000 }, quietEffects());
    expect(currentSnapshot(snapshots)).toBe(first.path);
    const live = await Db.open(dbPath, { readOnly: true });
    expect(await live.scalar('SELECT count(*) FROM raw.providers')).toBe(1);
    live.close();
    const rows = await queryCommand({ sql: 'SELECT count(*)::INTEGER AS n FROM raw.providers', snapshots, db: dbPath, format: 'table', maxRows: 10 }, quietEffects());
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('lists each snapshot with its local time, as-of and files, not only its UTC name', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-restore-list-'));
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(join(dir, 'almp.duckdb'));
    await bootstrap(db);
    await db.run("INSERT INTO meta.files VALUES (1, 'providers', 'p.csv', 'p.csv', 'h1', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-09-30 09:00:00', NULL)");
    await db.run("CREATE TABLE mart.indicator_values AS SELECT DATE '2026-06-30' AS as_of");
    const published = await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-09-30T10:00:00Z')));
    db.close();
    const name = basename(published.path!);
    // 10:00 UTC is 12:00 in Berlin (summer time)
    expect(await describeSnapshot(snapshots, name, 'Europe/Berlin')).toBe(`${name}  published 30.09.2026 12:00, as of 30.06.2026, 1 file loaded`);
  });

  it('ends the run that published the restored snapshot as a success: it said "models interrupted" and almp status exited 1', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-restore-ledger-'));
    const dbPath = join(dir, 'almp.duckdb');
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await ensureLedger(db);
    // the scheduler's models job publishes its snapshot before its run is recorded as ended
    const run = await recordStart(db, { job: 'models', scheduledAt: null, trigger: 'cron', startedAt: new Date('2026-09-30T01:30:00Z') });
    const first = await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-09-30T01:31:02.345Z')));
    await recordEnd(db, run, { endedAt: new Date('2026-09-30T01:31:03Z'), status: 'success', items: [] });
    await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-10-15T10:00:00Z')));
    db.close();

    await restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: basename(first.path!), waitMs: 1000 }, quietEffects());
    const live = await Db.open(dbPath, { readOnly: true });
    const runs = await live.json<{ status: string; ended_at: string }>("SELECT status, strftime(ended_at, '%Y-%m-%d %H:%M:%S.%g') AS ended_at FROM meta.job_runs");
    live.close();
    expect(runs).toEqual([{ status: 'success', ended_at: '2026-09-30 01:31:02.345' }]);
  });
});
