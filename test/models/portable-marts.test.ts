/**
 * Issue 7: the marts are written in SQL that PostgreSQL runs too, so a deployment on
 * another engine needs only the staging and core layers translated. The hand-checked
 * fixture is built on DuckDB as everywhere; every table the marts read (core.*, staging.*,
 * meta.*, raw.*) is copied into PGlite (PostgreSQL 18 in WASM), each mart's query runs
 * there as it stands in its file (test/models/portable.ts says what "unchanged" means),
 * and each mart's rows must equal DuckDB's (sorted; numbers to 1e-9). So must the core
 * models written portably so far (PORTABLE_CORE), built there from their own inputs.
 * A DuckDB-only construct put back into a mart (a macro, QUALIFY, EXCLUDE, getvariable(),
 * try_cast, arg_max, a list literal, GROUP BY ALL …) fails here on PostgreSQL; a `::` cast,
 * which PostgreSQL accepts, fails the lexical check.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverProject, type SqlModel } from '../../pipelines/models/discover.ts';
import { topologicalOrder } from '../../pipelines/models/graph.ts';
import { buildHandChecked, type Built } from './helpers.ts';
import { copyTable, doubleColonCasts, inputsOf, portableQuery, sameValue, sortedRows } from './portable.ts';

/** Core models written portably so far (the rest of core is DuckDB's dialect, README 'National scale'): their rows must equal DuckDB's too. */
const PORTABLE_CORE = ['core.participations', 'core.coverage', 'core.cells_dropout_oe', 'core.exit_outcomes', 'core.known_jobcenters'];
const portable = topologicalOrder(discoverProject().models.filter((m) => m.name.startsWith('mart.') || PORTABLE_CORE.includes(m.name)));
const marts = portable.filter((m) => m.name.startsWith('mart.'));

let built: Built;
let pg: PGlite;
const copied = new Map<string, number>();
const failures = new Map<string, string>();

/**
 * The fixture loads no files and no federation exports: two instances' exports are added
 * after the build (one whose latest export declares no as-of), and the two marts that
 * read them are rebuilt from their files, so that they have rows to compare.
 */
async function plantExports(): Promise<void> {
  const db = built.db;
  await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, extra_columns, loaded_at)
    VALUES (1, 'participations', 'export-a-2/raw/participations.parquet', '/in/a2', 'h1', 'parquet', 66, 66, 0, 0, ['note'], TIMESTAMP '2025-02-03 07:00:00'),
           (2, 'participations', 'export-a-1/raw/participations.parquet', '/in/a1', 'h2', 'parquet', 5, 5, 0, 0, NULL, TIMESTAMP '2025-01-06 07:00:00'),
           (3, 'measures', 'export-b-2/raw/measures.parquet', '/in/b2', 'h3', 'parquet', 2, 2, 0, 0, NULL, TIMESTAMP '2025-03-03 07:00:00'),
           (4, 'measures', 'export-b-1/raw/measures.parquet', '/in/b1', 'h4', 'parquet', 2, 1, 1, 0, NULL, TIMESTAMP '2024-07-01 07:00:00')`);
  await db.run(`INSERT INTO meta.export_files (file_id, instance_id, exported_at, as_of)
    VALUES (1, 'a', '2025-02-02T10:00:00Z', DATE '2025-01-31'), (2, 'a', '2025-01-05T10:00:00Z', DATE '2024-12-31'),
           (3, 'b', '2025-03-02T10:00:00Z', NULL), (4, 'b', '2024-06-30T10:00:00Z', DATE '2024-06-30')`);
  for (const m of marts.filter((x) => x.name === 'mart.data_sources' || x.name === 'mart.export_cutoffs')) await db.run(m.sql);
}

beforeAll(async () => {
  built = await buildHandChecked();
  await plantExports();
  // dates, timestamps and exact numbers as PostgreSQL's text, compared as DuckDB's JSON rows
  const asText = (value: string): string => value;
  pg = await PGlite.create({ parsers: { [types.DATE]: asText, [types.TIMESTAMP]: asText, [types.NUMERIC]: asText, [types.INT8]: asText } });
  const produced = new Set(portable.map((m) => m.name));
  const inputs = [...new Set(portable.flatMap(inputsOf))].filter((r) => !produced.has(r)).sort();
  for (const relation of inputs) copied.set(relation, await copyTable(built.db, pg, relation));
  await pg.exec('CREATE SCHEMA IF NOT EXISTS core; CREATE SCHEMA mart');
  for (const model of portable) {
    const { query, view } = portableQuery(model);
    try {
      await pg.exec(`CREATE ${view ? 'VIEW' : 'TABLE'} ${model.name} AS ${query}`);
    } catch (error) {
      failures.set(model.name, error instanceof Error ? error.message : String(error));
    }
  }
  // a DuckDB build, PostgreSQL's start (7–11 s) and the copy: 20–40 s, past 120 s on a loaded machine
}, 300_000);
afterAll(async () => {
  await pg?.close();
  built?.close();
});

async function rowsOf(model: SqlModel): Promise<{ duck: { columns: string[]; rows: unknown[][] }; pg: { columns: string[]; rows: unknown[][] } }> {
  const duck = await built.db.json<Record<string, unknown>>(`SELECT * FROM ${model.name}`);
  const [schema, table] = model.name.split('.') as [string, string];
  const duckColumns = (
    await built.db.json<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $s AND table_name = $t ORDER BY ordinal_position`, { s: schema, t: table })
  ).map((r) => r.c);
  const other = await pg.query<Record<string, unknown>>(`SELECT * FROM ${model.name}`);
  return {
    duck: { columns: duckColumns, rows: sortedRows(duck) },
    pg: { columns: other.fields.map((f) => f.name), rows: sortedRows(other.rows) },
  };
}

describe('the marts and the portable core models run unchanged on PostgreSQL (PGlite) and give DuckDB\'s rows', () => {
  it('copies every input of the marts, with rows', () => {
    expect([...copied.keys()]).toEqual(expect.arrayContaining(['core.ind_exits', 'meta.build_parameters', 'raw.participations', 'ref.exit_reasons', 'staging.final_reports', 'staging.measures']));
    expect(copied.get('staging.participations')).toBe(64);
    // built there: core.participations from staging, core.coverage from it, as the marts read them
    expect(copied.has('core.participations')).toBe(false);
    expect(copied.has('core.coverage')).toBe(false);
  });

  it('writes no :: cast in a mart (CAST is what every engine reads)', () => {
    expect(portable.map((m) => ({ model: m.name, casts: doubleColonCasts(m.sql) })).filter((m) => m.casts.length > 0)).toEqual([]);
  });

  it.each(portable.map((m) => [m.name, m] as const))('%s', async (name, model) => {
    expect(failures.get(name), `PostgreSQL refused ${name}`).toBeUndefined();
    const { duck, pg: other } = await rowsOf(model);
    expect(other.columns).toEqual(duck.columns);
    expect(other.rows.length).toBe(duck.rows.length);
    // every mart has rows on this fixture (the planted exports included): nothing is compared empty
    expect(duck.rows.length).toBeGreaterThan(0);
    const differing = duck.rows.flatMap((row, i) =>
      row.some((v, j) => !sameValue(v, other.rows[i]![j])) ? [{ duckdb: row, postgresql: other.rows[i] }] : [],
    );
    expect(differing.slice(0, 3)).toEqual([]);
  });
});
