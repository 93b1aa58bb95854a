/**
 * Brings a database file to the current layout: schemas, raw tables, the ingest ledger,
 * and the shipped reference data (sql/reference/*.csv, versioned with the code).
 * Safe to run on every open: it only creates what is missing, upgrades what an older
 * version left (migrations.ts) and reloads `ref`; all in one transaction. A file that
 * already holds this layout (layout.ts) is left as it is.
 */
import { fileURLToPath } from 'node:url';
import { readdirSync, statSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALMP_SCHEMAS, type Db, ident } from './database.ts';
import { allRawDdl } from './raw-ddl.ts';
import { applyMigration, CURRENT_SCHEMA_VERSION, type Migration, MIGRATIONS, noRecords, planMigrations, reshapeBeforeDdl, REWRITE_PENDING_DDL, SCHEMA_VERSION_DDL } from './migrations.ts';
import { holdsLayout, LAYOUT_DDL, layoutFingerprint, recordLayout } from './layout.ts';

export const REFERENCE_DIR = fileURLToPath(new URL('../../sql/reference/', import.meta.url));

// reports/model/revision.ts SheetFigures, as DuckDB's from_json reads it
const FIGURES_JSON_SHAPE = '[{"sheet":"VARCHAR","rows":["VARCHAR"],"rowLabels":["VARCHAR"],"columns":["VARCHAR"],"columnLabels":["VARCHAR"],"formats":["VARCHAR"],"shown":[["JSON"]]}]';

const META_DDL = [
  'CREATE SEQUENCE IF NOT EXISTS meta.file_id_seq START 1',
  `CREATE TABLE IF NOT EXISTS meta.files (
     file_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, path VARCHAR NOT NULL,
     content_hash VARCHAR NOT NULL, format VARCHAR NOT NULL, dialect VARCHAR,
     rows_read INTEGER NOT NULL, rows_loaded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,
     rows_superseded INTEGER NOT NULL, rows_ignored INTEGER NOT NULL DEFAULT 0,
     extra_columns VARCHAR[], loaded_at TIMESTAMP NOT NULL, columns_read VARCHAR[])`,
  `CREATE TABLE IF NOT EXISTS meta.rejects (
     file_id BIGINT NOT NULL, kind VARCHAR NOT NULL, file_name VARCHAR NOT NULL, "row" INTEGER,
     "column" VARCHAR, "value" VARCHAR, reason VARCHAR NOT NULL, rejected_at TIMESTAMP NOT NULL, header VARCHAR,
     content_hash VARCHAR, file_header VARCHAR[])`,
  // the fingerprint (not the key) of the pseudonym key the ids were made with: ingest/key-guard.ts
  'CREATE TABLE IF NOT EXISTS meta.pseudonym_key (fingerprint VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL)',
  // federation/instance.ts: this instance's identity in its exports, and at a state which export each loaded file came from
  'CREATE TABLE IF NOT EXISTS meta.instance (instance_id VARCHAR NOT NULL, db_path VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)',
  // as_of: the data cut-off the export's manifest declares (federation/exports-behind.ts)
  'CREATE TABLE IF NOT EXISTS meta.export_files (file_id BIGINT NOT NULL, instance_id VARCHAR NOT NULL, exported_at VARCHAR NOT NULL, as_of DATE)',
  // at a state, per record imported (its file and row here): where its instance took it from, as
  // the export names it (federation/source.ts); the data-quality checks name that file and row
  'CREATE TABLE IF NOT EXISTS meta.record_sources (file_id BIGINT NOT NULL, "row" INTEGER NOT NULL, source_file VARCHAR NOT NULL, source_row INTEGER NOT NULL)',
  // every version of every return written, and what it showed as JSON (reports/model/revision.ts)
  `CREATE TABLE IF NOT EXISTS meta.return_versions (
     return_key VARCHAR NOT NULL, version INTEGER NOT NULL, figures_hash VARCHAR NOT NULL, as_of DATE NOT NULL,
     marts_built_at TIMESTAMP, models_version VARCHAR, file_name VARCHAR NOT NULL, written_at TIMESTAMP NOT NULL,
     figures VARCHAR)`,
  // the same figures a cell a row, for almp query: sheet, row, column, value or mark
  `CREATE OR REPLACE VIEW meta.return_version_figures AS
   WITH sheets AS (
     SELECT return_key, version, unnest(from_json(figures, '${FIGURES_JSON_SHAPE}')) AS s
     FROM meta.return_versions WHERE figures IS NOT NULL)
   SELECT return_key, version, s.sheet, s.rows[r] AS row_key, s.rowLabels[r] AS row_label, s.columns[c] AS column_key,
     s.columnLabels[c] AS column_label, s.formats[c] AS format,
     CASE WHEN json_type(s.shown[r][c]) <> 'VARCHAR' THEN s.shown[r][c]::DOUBLE END AS value,
     CASE WHEN json_type(s.shown[r][c]) = 'VARCHAR' THEN s.shown[r][c] ->> '$' END AS mark
   FROM sheets, range(1, len(s.rows) + 1) AS rr(r), range(1, len(s.columns) + 1) AS cc(c)
   WHERE json_type(s.shown[r][c]) <> 'NULL'`,
];

/** Column types of the reference CSVs; everything else is read as text. */
const REFERENCE_TYPES: Readonly<Record<string, Record<string, string>>> = {
  instrument_activation: { valid_from: 'DATE', valid_to: 'DATE', recorded_on: 'DATE' },
  outcome_statuses: { is_integration: 'BOOLEAN', is_employment: 'BOOLEAN', is_unemployed: 'BOOLEAN' },
};

function allDdl(): string[] {
  return [...META_DDL, ...allRawDdl(), SCHEMA_VERSION_DDL, REWRITE_PENDING_DDL, LAYOUT_DDL];
}

let shippedLayout: string | undefined;

/** The layout of this code with the shipped migrations (computed once per process). */
function currentLayout(): string {
  const source = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  shippedLayout ??= layoutFingerprint({
    modules: [source('./bootstrap.ts'), source('./migrations.ts'), source('./layout.ts')],
    statements: [ALMP_SCHEMAS, allDdl(), CURRENT_SCHEMA_VERSION, REFERENCE_TYPES],
    referenceDir: REFERENCE_DIR,
  });
  return shippedLayout;
}

/**
 * `migrations`: the steps to bring it up to (a test adds a failing one). The two short cuts
 * hold for the shipped steps only, whose end the statements here already make: a file that
 * holds this layout is left as it is, and a new file gets its steps recorded without running
 * them (their checks of the information schema were two thirds of a new file's bootstrap).
 */
export async function bootstrap(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const shipped = migrations === MIGRATIONS;
  if (shipped && (await holdsLayout(db, currentLayout(), CURRENT_SCHEMA_VERSION))) return rewriteIfPending(db);
  const upgrade = await db.transaction(async () => {
    const fresh = shipped && (await isNewFile(db));
    for (const schema of ALMP_SCHEMAS) {
      await db.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await reshapeBeforeDdl(db);
    for (const ddl of allDdl()) await db.run(ddl);
    if (fresh) {
      await recordShippedSteps(db);
    } else {
      // tables an older version made in an older shape (IF NOT EXISTS above left them so)
      const plan = await planMigrations(db, migrations);
      // a new file, or one with nothing to upgrade: one commit, as every open was (the suite opens thousands)
      if (plan.pending.length > 0 && !plan.empty) return plan;
      for (const m of plan.pending) await applyMigration(db, plan, m);
    }
    await loadReferenceData(db);
    if (shipped) await recordLayout(db, currentLayout());
    return undefined;
  });
  if (upgrade) {
    // each step in its own transaction: DuckDB refuses to commit an ALTER after an UPDATE of the same table (migrations.ts)
    for (const m of upgrade.pending) await db.transaction(() => applyMigration(db, upgrade, m));
    await db.transaction(async () => {
      await loadReferenceData(db);
      if (shipped) await recordLayout(db, currentLayout());
    });
  }
  await rewriteIfPending(db);
}

/** No table yet: DuckDB made the file for this open (or nothing was ever stored in it). */
async function isNewFile(db: Db): Promise<boolean> {
  return (await db.scalar('SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()')) === 0;
}

/** The shipped steps as done: the statements above made every table in the shape they lead to, and no row exists for them to change. */
async function recordShippedSteps(db: Db): Promise<void> {
  const values = MIGRATIONS.map((_, i) => `($v${i}, $d${i}, current_timestamp::TIMESTAMP)`).join(', ');
  const params = Object.fromEntries(MIGRATIONS.flatMap((m, i) => [[`v${i}`, m.version], [`d${i}`, m.description]]));
  await db.run(`INSERT INTO meta.schema_version VALUES ${values}`, params);
}

/**
 * An UPDATE leaves the old values in the file's freed blocks, readable from its bytes and from
 * every snapshot copied from it: a raw Kundennummer masked by migration 9 stood in both (a
 * review). The rewrite is recorded as pending with the step and done here until it succeeds —
 * cut short by a signal or a full disk, it was never tried again (a review).
 */
async function rewriteIfPending(db: Db): Promise<void> {
  // made by bootstrap; a count at every open (the information schema cost 15 ms more per open)
  if ((await db.scalar('SELECT count(*) FROM meta.rewrite_pending')) === 0) return;
  // a new file runs the steps too, over empty tables: nothing to rewrite
  if (db.path !== ':memory:' && !(await noRecords(db))) {
    // a copy of the file needs its size free again: tried on a fuller disk, it filled it (a review)
    const free = freeBytes(db.path);
    if (free !== undefined && free < statSync(db.path).size * 1.2) {
      process.stderr.write(`Not rewriting ${db.path} after masking personal data an older version stored: it needs about its size (${Math.ceil(statSync(db.path).size / 2 ** 20)} MB) free beside it. The old values stay in its free blocks until a writing command finds the room — free disk space (almp doctor).\n`);
      return;
    }
    try {
      await db.compact();
    } catch (error) {
      process.stderr.write(
        `Could not rewrite ${db.path} after masking personal data an older version stored (${error instanceof Error ? error.message : String(error)}): the old values stay in its free blocks until the next writing command manages it — check the free disk (almp doctor).\n`,
      );
      return;
    }
  }
  await db.run('DELETE FROM meta.rewrite_pending');
}

function freeBytes(path: string): number | undefined {
  try {
    const fs = statfsSync(dirname(path));
    return fs.bavail * fs.bsize;
  } catch {
    return undefined;
  }
}

async function loadReferenceData(db: Db): Promise<void> {
  for (const file of readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.csv')).sort()) {
    const table = file.replace(/\.csv$/, '');
    const types = REFERENCE_TYPES[table] ?? {};
    // all_varchar keeps codes such as '01' intact; typed columns are cast explicitly.
    const path = join(REFERENCE_DIR, file);
    await db.run(
      `CREATE OR REPLACE TABLE ref.${ident(table)} AS SELECT * FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"')`,
      { path },
    );
    for (const [column, type] of Object.entries(types)) {
      await db.run(`ALTER TABLE ref.${ident(table)} ALTER ${ident(column)} TYPE ${type}`);
    }
  }
}
