/**
 * Runs the mart models on PostgreSQL (PGlite: PostgreSQL compiled to WASM) over a copy of
 * the tables they read from a built DuckDB database, for test/models/portable-marts.test.ts.
 *
 * "Unchanged" means: the model file's query — everything after its header
 * `CREATE OR REPLACE TABLE|VIEW mart.x AS` or `INSERT INTO mart.x BY NAME` — runs on
 * PostgreSQL as it is in the file. The header and any statement before it (the declared
 * columns of mart.indicator_values with their DuckDB storage hints) are DuckDB's; here the
 * wrapper `CREATE TABLE|VIEW mart.x AS <query>` is generated, as the model runner
 * generates nothing on DuckDB.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../../pipelines/db/database.ts';
import { stripComments, type SqlModel } from '../../pipelines/models/discover.ts';

/** The header that ends the engine-specific part of a model file, and whether it makes a view. */
export function portableQuery(model: SqlModel): { query: string; view: boolean } {
  const name = model.name.replace('.', '\\.');
  const header = new RegExp(`(?:CREATE\\s+OR\\s+REPLACE\\s+(TABLE|VIEW)\\s+${name}\\s+AS|INSERT\\s+INTO\\s+${name}\\s+BY\\s+NAME)\\s`, 'gi');
  const found = [...model.sql.matchAll(header)].at(-1);
  if (!found) throw new Error(`${model.file}: no CREATE OR REPLACE TABLE|VIEW ${model.name} AS or INSERT INTO ${model.name} BY NAME`);
  const query = model.sql.slice(found.index + found[0].length).trim().replace(/;\s*$/, '');
  return { query, view: found[1]?.toUpperCase() === 'VIEW' };
}

/** `::` casts are PostgreSQL's and DuckDB's, not the SQL standard's (Trino, Spark 3): CAST is. */
export function doubleColonCasts(sql: string): string[] {
  const code = stripComments(sql).replace(/'(?:[^']|'')*'/g, "''");
  return [...code.matchAll(/\S*::\S*/g)].map((m) => m[0]);
}

/** Relations outside the marts that a model reads (raw.* too, unlike the runner's graph). */
export function inputsOf(model: SqlModel): string[] {
  const found = stripComments(model.sql).matchAll(/\b(raw|staging|core|meta|ref)\.([a-z_][a-z0-9_]*)\b(?!\s*\()/gi);
  return [...new Set([...found].map((m) => `${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`))].sort();
}

/** DuckDB column type → PostgreSQL column type and how to read the value out of DuckDB. */
function columnType(duckType: string): { pg: string; read: (col: string) => string } {
  const plain: Record<string, string> = {
    VARCHAR: 'text',
    BIGINT: 'bigint',
    INTEGER: 'integer',
    SMALLINT: 'smallint',
    DOUBLE: 'double precision',
    FLOAT: 'real',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    'VARCHAR[]': 'text[]',
  };
  const pg = plain[duckType];
  if (pg) return { pg, read: (c) => (pg === 'timestamp' || pg === 'timestamptz' ? `CAST(${c} AS VARCHAR)` : c) };
  // exact decimals travel as text so that no digit is lost
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { pg: `numeric(${decimal[1]},${decimal[2]})`, read: (c) => `CAST(${c} AS VARCHAR)` };
  if (duckType === 'HUGEINT') return { pg: 'numeric', read: (c) => `CAST(${c} AS VARCHAR)` };
  // lists of structs (final reports' goals): no mart reads them; kept as JSON
  if (/^STRUCT|\[\]$/.test(duckType)) return { pg: 'jsonb', read: (c) => `CAST(to_json(${c}) AS VARCHAR)` };
  throw new Error(`no PostgreSQL type for DuckDB ${duckType}`);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Creates `relation` in PostgreSQL with DuckDB's columns and copies its rows. */
export async function copyTable(db: Db, pg: PGlite, relation: string): Promise<number> {
  const [schema, table] = relation.split('.') as [string, string];
  const columns = await db.json<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = $s AND table_name = $t ORDER BY ordinal_position`,
    { s: schema, t: table },
  );
  if (columns.length === 0) throw new Error(`${relation} has no columns in DuckDB`);
  const types = columns.map((c) => ({ ...c, ...columnType(c.type) }));
  await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${relation} (${types.map((c) => `${quote(c.name)} ${c.pg}`).join(', ')})`);
  const rows = await db.all<Record<string, unknown>>(`SELECT ${types.map((c) => `${c.read(quote(c.name))} AS ${quote(c.name)}`).join(', ')} FROM ${relation}`);
  const perInsert = Math.max(1, Math.floor(30_000 / types.length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const chunk = rows.slice(start, start + perInsert);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${types.map((c) => `$${params.push(pgValue(row[c.name]))}::${c.pg}`).join(', ')})`);
    await pg.query(`INSERT INTO ${relation} VALUES ${values.join(', ')}`, params);
  }
  return rows.length;
}

function pgValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

/** A value as both engines' rows are compared: numbers as numbers, dates as 'YYYY-MM-DD'. */
export function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

/** Rows with normalised values, sorted on their values (numbers to 6 digits, then exactly). */
export function sortedRows(rows: readonly Record<string, unknown>[]): unknown[][] {
  const normalised = rows.map((r) => Object.values(r).map(normalise));
  const key = (row: unknown[], exact: boolean): string =>
    JSON.stringify(row.map((v) => (typeof v === 'number' && !exact ? Number(v.toPrecision(6)) : v)));
  return normalised.sort((a, b) => key(a, false).localeCompare(key(b, false)) || key(a, true).localeCompare(key(b, true)));
}

/** Whether two normalised values agree: numbers to 1e-9 (relative above 1), the rest exactly. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}
