/**
 * A rewrite of the database (Db.compact: after almp forget, after an upgrade step that masked
 * personal data) cut short leaves no copy behind: left in place by a full disk, it kept the disk
 * full for every next statement, and each command failed (a review).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-compact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a rewrite of the database cut short', () => {
  it('removes its copy, keeps the database as it was and usable', async () => {
    const db = await Db.open(join(dir, 'almp.duckdb'));
    await db.run('CREATE TABLE t AS SELECT range AS n FROM range(1000)');
    const run = db.run.bind(db);
    // the copy fails as on a full disk, after its file was made
    db.run = async (sql, params) => {
      if (sql.startsWith('COPY FROM DATABASE')) throw new Error('IO Error: No space left on device');
      return run(sql, params);
    };
    await expect(db.compact()).rejects.toThrow('No space left on device');
    expect(existsSync(`${db.path}.compact.tmp`)).toBe(false);
    // the copy made whole, its DETACH (a checkpoint of the copy) stopped by the full disk (a review)
    db.run = async (sql, params) => {
      if (sql === 'DETACH almp_compact') {
        await run(sql, params);
        throw new Error('Detached database, but CHECKPOINT during DETACH failed: No space left on device');
      }
      return run(sql, params);
    };
    await expect(db.compact()).rejects.toThrow('CHECKPOINT during DETACH failed');
    expect([existsSync(`${db.path}.compact.tmp`), existsSync(`${db.path}.compact.tmp.wal`)]).toEqual([false, false]);
    db.run = run;
    expect(await db.scalar('SELECT count(*) FROM t')).toBe(1000);
    db.close();
  });
});
