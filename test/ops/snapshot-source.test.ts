/**
 * Two databases in one folder share its snapshots (the default folder is beside the database).
 * A controller who ran `almp run --db a.duckdb --as-of 2025-12-31`, then built b.duckdb with
 * as-of 2026-07-01, asked `almp query --db a.duckdb` and got b's figures and b's as-of, without
 * a word. By hand: a's only row is as_of 2025-12-31, b's 2026-07-01; a query on a must give
 * 2025-12-31 or refuse, never 2026-07-01.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { queryCommand } from '../../pipelines/ops/query.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function buildAndPublish(path: string, asOf: string, snapshots: string, at: string): Promise<void> {
  const db = await Db.open(path);
  try {
    await db.run('CREATE TABLE main.cutoff (as_of DATE)');
    await db.run('INSERT INTO main.cutoff VALUES ($a::DATE)', { a: asOf });
    const item = await publishSnapshot(db, { dir: snapshots, keep: 5 }, { ...quietEffects(), now: () => new Date(at) });
    expect(item.status).toBe('success');
  } finally {
    db.close();
  }
}

describe('snapshot of which database', () => {
  it('answers for the database asked about, and refuses the snapshot of another one in the same folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-snapshot-source-'));
    const snapshots = join(dir, 'snapshots');
    const a = join(dir, 'a.duckdb');
    const b = join(dir, 'b.duckdb');
    const sql = "SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM main.cutoff";

    await buildAndPublish(a, '2025-12-31', snapshots, '2026-12-03T12:00:00Z');
    expect(await queryCommand({ sql, snapshots, db: a, format: 'table', maxRows: 10 }, quietEffects())).toEqual([{ as_of: '2025-12-31' }]);

    await buildAndPublish(b, '2026-07-01', snapshots, '2026-12-03T12:01:00Z');
    await expect(queryCommand({ sql, snapshots, db: a, format: 'csv', maxRows: 10 }, quietEffects())).rejects.toThrow(/is a copy of .*b\.duckdb, not of .*a\.duckdb/);
    expect(await queryCommand({ sql, snapshots, db: b, format: 'table', maxRows: 10 }, quietEffects())).toEqual([{ as_of: '2026-07-01' }]);
    // a --db naming no file beside the snapshots' own database is mistyped: it read b's figures
    await expect(queryCommand({ sql, snapshots, db: join(dir, 'c.duckdb'), format: 'csv', maxRows: 10 }, quietEffects())).rejects.toThrow(/There is no database at .*c\.duckdb/);
    // a reader host that mounts the snapshots but has neither database cannot compare: it reads
    renameSync(b, join(dir, 'b-moved.duckdb'));
    expect(await queryCommand({ sql, snapshots, db: join(dir, 'elsewhere', 'almp.duckdb'), format: 'table', maxRows: 10 }, quietEffects())).toEqual([{ as_of: '2026-07-01' }]);
  });
});
