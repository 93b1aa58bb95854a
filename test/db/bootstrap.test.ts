import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap, REFERENCE_DIR } from '../../pipelines/db/bootstrap.ts';
import { layoutFingerprint } from '../../pipelines/db/layout.ts';
import { MIGRATIONS } from '../../pipelines/db/migrations.ts';
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

  it('leaves a file that holds this layout as it is; a file with another layout or an older step gets the whole bootstrap', async () => {
    const db = await freshDb();
    await bootstrap(db);
    const exitClass = () => db.scalar("SELECT count(*) FROM ref.exit_reasons WHERE code = '05' AND exit_class = 'transfer'");
    // a change to a reference list inside the file stands for "was it read again?"
    await db.run("UPDATE ref.exit_reasons SET exit_class = 'changed' WHERE code = '05'");
    await bootstrap(db);
    expect(await exitClass()).toBe(0);
    const [{ fingerprint }] = (await db.json<{ fingerprint: string }>('SELECT fingerprint FROM meta.layout')) as [{ fingerprint: string }];
    // a file an older version bootstrapped (its layout had another fingerprint)
    await db.run("UPDATE meta.layout SET fingerprint = 'older'");
    await bootstrap(db);
    expect(await exitClass()).toBe(1);
    expect(await db.json('SELECT fingerprint FROM meta.layout')).toEqual([{ fingerprint }]);
    // a file set back to an older step (a test's way to an older file, or a restore) is upgraded again
    await db.run("UPDATE ref.exit_reasons SET exit_class = 'changed' WHERE code = '05'");
    await db.run('DELETE FROM meta.schema_version WHERE version = (SELECT max(version) FROM meta.schema_version)');
    await bootstrap(db);
    expect(await exitClass()).toBe(1);
    expect(await db.scalar('SELECT count(*) FROM meta.schema_version')).toBe(MIGRATIONS.length);
    db.close();
  });

  it('takes a changed reference list for another layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'almp-reference-'));
    dirs.push(dir);
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const sources = { modules: [], statements: ['same'], referenceDir: dir };
    const before = layoutFingerprint(sources);
    expect(layoutFingerprint(sources)).toBe(before);
    appendFileSync(join(dir, 'exit_reasons.csv'), '99,Test,dropout\n');
    expect(layoutFingerprint(sources)).not.toBe(before);
  });

  it('makes a new file as running every migration step over it would: same tables, columns, views and step rows', async () => {
    const catalogue = async (db: Db) => ({
      columns: await db.json(`SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() WHERE database_name = current_database() ORDER BY ALL`),
      views: await db.json(`SELECT schema_name, view_name, sql FROM duckdb_views() WHERE database_name = current_database() AND NOT internal ORDER BY ALL`),
      constraints: await db.json(`SELECT schema_name, table_name, constraint_type, constraint_column_names FROM duckdb_constraints() WHERE database_name = current_database() ORDER BY ALL`),
      indexes: await db.json(`SELECT schema_name, table_name, index_name FROM duckdb_indexes() WHERE database_name = current_database() ORDER BY ALL`),
      sequences: await db.json(`SELECT schema_name, sequence_name FROM duckdb_sequences() WHERE database_name = current_database() ORDER BY ALL`),
      steps: await db.json('SELECT version, description FROM meta.schema_version ORDER BY version'),
    });
    const recorded = await freshDb();
    await bootstrap(recorded);
    const ran = await freshDb();
    await bootstrap(ran, [...MIGRATIONS]); // not the shipped list itself: the steps run
    expect(await catalogue(recorded)).toEqual(await catalogue(ran));
    recorded.close();
    ran.close();
  });
});
