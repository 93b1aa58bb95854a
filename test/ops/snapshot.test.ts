import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withReadOnlyDb } from '../../pipelines/commands/open-db.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { currentSnapshot, publishSnapshot, requireSnapshot } from '../../pipelines/ops/snapshot.ts';
import { spawnTs } from './child.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

let project: TempProject;
afterEach(() => project?.cleanup());

const HOLDER = 'test/ops/fixtures/hold-writer.ts';

describe('read-only snapshots', () => {
  it('publishes, points current at the newest, keeps the last N', async () => {
    project = tempProject();
    const dir = join(project.dir, 'data', 'snapshots');
    expect(currentSnapshot(dir)).toBeUndefined();
    expect(() => requireSnapshot(dir)).toThrow(/No published snapshot/);
    const clock = { t: Date.parse('2026-03-10T10:00:00Z') };
    const effects = { ...quietEffects(), now: () => new Date(clock.t) };
    const paths: string[] = [];
    await project.withWriter(async (db) => {
      await db.run('CREATE TABLE main.v (n INTEGER)');
      for (let i = 1; i <= 4; i++) {
        await db.run('INSERT INTO main.v VALUES (?)', [i]);
        const item = await publishSnapshot(db, { dir, keep: 2 }, effects);
        expect(item.status).toBe('success');
        paths.push(item.path!);
        clock.t += 1_000;
      }
    });
    expect(readFileSync(join(dir, 'current'), 'utf8').trim()).toBe('20260310T100003000Z.duckdb');
    expect(readdirSync(dir).sort()).toEqual(['20260310T100002000Z.duckdb', '20260310T100003000Z.duckdb', 'current', 'source']);
    // Each snapshot holds the state at its publication.
    expect(await withReadOnlyDb(requireSnapshot(dir), (db) => db.scalar('SELECT sum(n) FROM main.v'))).toBe(10);
    expect(await withReadOnlyDb(paths[2]!, (db) => db.scalar('SELECT sum(n) FROM main.v'))).toBe(6);
  });

  it('a reader of the snapshot works while another process writes the database', async () => {
    project = tempProject();
    const dir = join(project.dir, 'data', 'snapshots');
    await project.withWriter(async (db) => {
      await db.run("CREATE TABLE main.writes (who VARCHAR, n INTEGER); INSERT INTO main.writes VALUES ('before', 1)");
      await publishSnapshot(db, { dir, keep: 3 }, quietEffects());
    });
    const writer = spawnTs(HOLDER, [project.config.dbPath, '2000', 'lock', '100000']);
    await writer.waitFor('holding');
    // The live file is locked by the writer: even a read-only open fails…
    await expect(Db.open(project.config.dbPath, { readOnly: true })).rejects.toThrow(/lock/i);
    // …but the snapshot reads fine, with the data as published, while the writer is mid-transaction.
    const rows = await withReadOnlyDb(requireSnapshot(dir), (db) => db.json('SELECT who, count(*) AS n FROM main.writes GROUP BY who'));
    expect(rows).toEqual([{ who: 'before', n: '1' }]);
    expect((await writer.exited()).code).toBe(0);
    // The writer never waited for the reader: its rows are all there.
    expect(await project.withWriter((db) => db.scalar("SELECT count(*) FROM main.writes WHERE who = 'child'"))).toBe(100000);
  });

  it('a reader holding an old snapshot keeps reading while newer ones are published and old ones pruned', async () => {
    project = tempProject();
    const dir = join(project.dir, 'data', 'snapshots');
    const clock = { t: Date.parse('2026-03-10T10:00:00Z') };
    const effects = { ...quietEffects(), now: () => new Date(clock.t++) };
    await project.withWriter(async (db) => {
      await db.run('CREATE TABLE main.v AS SELECT range AS n FROM range(1000)');
      await publishSnapshot(db, { dir, keep: 1 }, effects);
    });
    const reader = await Db.open(requireSnapshot(dir), { readOnly: true });
    try {
      await project.withWriter(async (db) => {
        await db.run('DELETE FROM main.v');
        await publishSnapshot(db, { dir, keep: 1 }, effects);
        await publishSnapshot(db, { dir, keep: 1 }, effects);
      });
      expect(readdirSync(dir).filter((f) => f.endsWith('.duckdb'))).toHaveLength(1);
      expect(await reader.scalar('SELECT count(*) FROM main.v')).toBe(1000);
    } finally {
      reader.close();
    }
    expect(await withReadOnlyDb(requireSnapshot(dir), (db) => db.scalar('SELECT count(*) FROM main.v'))).toBe(0);
  });
});
