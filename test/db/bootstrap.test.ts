import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { KIND_SPECS, KINDS } from '../../pipelines/schema/kinds.ts';
import { typedQueries } from '../../pipelines/db/typed.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function freshDb(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-db-'));
  dirs.push(dir);
  return Db.open(join(dir, 'test.duckdb'));
}

describe('bootstrap', () => {
  it('creates one raw table per kind with the contract columns plus lineage, and is repeatable', async () => {
    const db = await freshDb();
    await bootstrap(db);
    await db.run("INSERT INTO raw.jobcenters VALUES ('06411', 'JC Darmstadt', 'gE', 'HE', 'Süd', 1, 2, true, NULL)");
    await bootstrap(db); // a second run must neither fail nor lose data
    for (const kind of KINDS) {
      const columns = await db.all<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = $t ORDER BY ordinal_position`,
        { t: kind },
      );
      expect(columns.map((c) => c.column_name)).toEqual([...KIND_SPECS[kind].columns.map((c) => c.name), '_file_id', '_row', '_current', '_superseded_by']);
    }
    expect(await db.scalar('SELECT count(*) FROM raw.jobcenters')).toBe(1);
    db.close();
  });

  it('loads the instrument catalogue as data: 16k never counts as activation, codes keep leading zeros', async () => {
    const db = await freshDb();
    await bootstrap(db);
    const activation = await db.json<{ code: string }>('SELECT code FROM ref.instrument_activation ORDER BY code');
    const instruments = await db.json<{ code: string }>('SELECT code FROM ref.instruments');
    expect(instruments.map((i) => i.code)).toContain('16k');
    expect(activation.map((a) => a.code)).not.toContain('16k');
    expect(activation).toHaveLength(instruments.length - 1);
    const exit = await db.json<{ code: string; exit_class: string }>("SELECT code, exit_class FROM ref.exit_reasons WHERE code = '05'");
    expect(exit).toEqual([{ code: '05', exit_class: 'transfer' }]);
    db.close();
  });

  it('gives typed read access to the ledger through Kysely', async () => {
    const db = await freshDb();
    await bootstrap(db);
    await db.run(`INSERT INTO meta.files VALUES (7, 'providers', 'p.csv', '/x/p.csv', 'abc', 'csv', NULL, 3, 2, 1, 0, 0, NULL, TIMESTAMP '2026-01-01 10:00:00', NULL)`);
    const rows = await typedQueries(db).selectFrom('meta.files').select(['name', 'rows_loaded']).where('kind', '=', 'providers').execute();
    expect(rows).toEqual([{ name: 'p.csv', rows_loaded: 2 }]);
    db.close();
  });
});
