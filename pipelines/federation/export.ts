/**
 * `almp export`: the path beyond one machine. Parquet (Hive-partitioned by year and
 * Jobcenter) for Spark, Trino or another DuckDB; Arrow IPC files for R, pandas, Polars.
 * Alongside the core and mart tables, the current pseudonymised raw records go out too (and
 * the earlier versions the models read, history.ts), so that a state instance can re-build
 * every indicator on the union (`almp ingest DIR`).
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { followStatements } from '../db/follow-statements.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import type { ItemResult } from '../results.ts';
import { KIND_SPECS, KINDS, type Kind } from '../schema/kinds.ts';
import { files, rows as rowCount } from '../counts.ts';
import { ensureSameKey } from '../ingest/key-guard.ts';
import { exportTables, type ExportTable } from './tables.ts';
import { writeArrowFile } from './arrow-writer.ts';
import { prepareExportDir } from './export-dir.ts';
import { keyFingerprint, MANIFEST_FILE, type Manifest } from './manifest.ts';
import { instanceId } from './instance.ts';
import { fileDigest, signManifest } from './signature.ts';
import { HISTORY_KINDS, historyName, historySource } from './history.ts';
import { withSource } from './source.ts';
import { resolveAsOf } from '../models/as-of.ts';
import { modelHeaders, tableDoc, type TableDoc } from './table-docs.ts';

export interface ExportOptions {
  readonly format: 'parquet' | 'arrow';
  readonly outDir: string;
  readonly key: Buffer;
}

export async function exportData(db: Db, options: ExportOptions, effects: Effects): Promise<ItemResult[]> {
  // The manifest vouches for the key the records were pseudonymised with: a different key
  // configured here would stamp them with a fingerprint they do not have.
  await ensureSameKey(db, options.key, 'the key configured for this export', effects, 'export');
  prepareExportDir(options.outDir, db.path);
  // Marked incomplete before the first file: an export killed halfway is then an earlier
  // export (the next one may replace it) that no instance loads.
  const manifestPath = join(options.outDir, MANIFEST_FILE);
  const started: Manifest = { format: options.format, createdBy: 'almp-monitor', keyFingerprint: keyFingerprint(options.key), asOf: null, tables: [], incomplete: true };
  writeFileAtomic(manifestPath, `${JSON.stringify(started, null, 2)}\n`);
  const results: ItemResult[] = [];
  const tables = await exportTables(db, ['core', 'mart']);
  const instance = await instanceId(db);
  const imported = (await db.scalar('SELECT count(*) FROM (SELECT 1 FROM meta.record_sources LIMIT 1)')) > 0;
  // each record with the input file and row it came from here (source.ts)
  const raw = [
    ...KINDS.map((kind) => ({
      name: kind as string,
      source: withSource(`SELECT ${exportedColumns(kind)}, _file_id, _row FROM raw.${ident(kind)} WHERE _current`, instance, { ordered: false, imported }),
    })),
    ...HISTORY_KINDS.map((kind) => ({ name: historyName(kind), source: withSource(historySource(kind, exportedColumns(kind)), instance, { ordered: true, imported }) })),
  ];
  const progress = effects.progress('export', tables.length + raw.length);
  // the table in work and how far its copy has got: a table of 10^7 rows is one statement
  const statements = await followStatements(db, progress);
  const headers = modelHeaders();
  const docs = new Map<string, TableDoc>();
  const write = async (name: string, table: ExportTable, source: string) => {
    statements?.item(name);
    results.push(await timed(name, () => writeTable(db, options, table, source)));
    docs.set(name, await tableDoc(db, name, source, headers));
    progress.tick();
  };
  try {
    for (const r of raw) await write(`raw.${r.name}`, { schema: 'raw', name: r.name, columns: [], hasJobcenter: false }, r.source);
    for (const t of tables) await write(`${t.schema}.${t.name}`, t, modelSource(t, instance));
  } finally {
    statements?.stop();
    progress.stop();
  }
  const asOf = await exportedAsOf(db, effects.now());
  const manifest: Manifest = {
    format: options.format,
    createdBy: 'almp-monitor',
    keyFingerprint: keyFingerprint(options.key),
    asOf,
    instance,
    exportedAt: effects.now().toISOString(),
    // paths relative to the export: it is moved to other machines, and this one's folders are nobody's business
    // with what each table is and its columns: the folder travels without the code
    // raw files with their SHA-256 (signature.ts): what a state instance loads
    tables: await Promise.all(
      results.map(async (r) => ({
        name: r.name,
        rows: r.rows ?? 0,
        path: r.path ? relative(options.outDir, r.path) : '',
        ...(r.name.startsWith('raw.') && r.path && r.status === 'success' ? { sha256: await fileDigest(r.path) } : {}),
        ...docs.get(r.name),
      })),
    ),
    ...(results.some((r) => r.status === 'error') ? { incomplete: true as const } : {}),
  };
  writeFileAtomic(manifestPath, `${JSON.stringify(signManifest(manifest, options.key), null, 2)}\n`);
  // figures as ingest and status print them (1.423 rows), not 1423
  for (const r of results) effects.out(`  ${r.name.padEnd(32)} ${rowCount(r.rows ?? 0).padStart(15)}  ${r.status}`);
  const failed = results.filter((r) => r.status === 'error').length;
  const models = await modelsBehind(db);
  if (models) effects.warn(models);
  if (failed) effects.warn(`The export in ${options.outDir} is incomplete (${failed} of ${results.length} tables failed): no instance will load it. Fix the cause above, then export again into the same folder.`);
  else effects.out(`Export written to ${options.outDir} (${options.format}).`);
  return results;
}

/**
 * Readers of the core and mart tables (Spark, Trino, R) get what the last build made. An
 * instance that never built exported the raw records alone, and one that ingested after
 * its build exported marts without those files, each with "Export written" and no word.
 * mart.data_sources is the ledger as the build saw it.
 */
async function modelsBehind(db: Db): Promise<string | undefined> {
  const built = await db.scalar(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'mart' AND table_name = 'data_sources'`,
  );
  if (built === 0) {
    return 'No models have been built here: the export holds the raw records only (a state instance needs no more). For the core and mart tables, run `almp run`, then export again.';
  }
  const newer = await db.scalar(
    'SELECT count(*) FROM (SELECT kind, name, loaded_at FROM meta.files EXCEPT SELECT kind, file_name, loaded_at FROM mart.data_sources)',
  );
  if (newer === 0) return undefined;
  return `The core and mart tables are from the build before the last ingest: ${files(newer)} loaded since ${newer === 1 ? 'is' : 'are'} in the raw records only. For current core and mart tables, run \`almp run\`, then export again.`;
}

/**
 * The cut-off the manifest declares, which a state compares with its build's as-of: the
 * later of the last build's as-of and the latest event in the records. The build's alone
 * (an instance built at 30.06., then ingested up to 30.09.) had the state warn that
 * events after 30.06. were missing, which the records it exported held.
 */
async function exportedAsOf(db: Db, now: Date): Promise<string> {
  const built = await db.json<{ as_of: string | null }>(`SELECT max(as_of)::VARCHAR AS as_of FROM mart.indicator_values`).catch(() => [{ as_of: null }]);
  const latestEvent = await resolveAsOf(db, undefined, now);
  const asOfBuild = built[0]?.as_of;
  return asOfBuild && asOfBuild > latestEvent ? asOfBuild : latestEvent;
}

/**
 * A core or mart table as it leaves the instance: without the numbers of this instance's
 * input files and rows (`_file_id`, `_row`, `report_file_id`, …), which mean nothing
 * elsewhere — file 7 is participations.csv in every instance, and a reader joining reports
 * to participations on them across three exports paired 3,883 of 5,903 reports with another
 * person — and with the exporting instance (`instance_id`): a total over all Jobcenters
 * (`jobcenter_id = '*'`) is that instance's total, and the union of several exports holds
 * one such row per instance.
 */
function modelSource(table: ExportTable, instance: string): string {
  const names = new Set(table.columns.map((c) => c.name));
  const kept = table.columns.filter((c) => !isInstanceLocal(c.name, names)).map((c) => ident(c.name));
  return `SELECT ${kept.join(', ')}, '${instance.replaceAll("'", "''")}' AS instance_id FROM ${table.schema}.${ident(table.name)}`;
}

/**
 * An input file's number, or the row paired with one (`report_row` beside `report_file_id`),
 * or an input file's name (`mart.data_sources.file_name`): a name may name a person
 * ("Abschlussbericht Max Mustermann KdNr ….csv"), and the records' sources leave without it (source.ts).
 */
export function isInstanceLocal(column: string, columns: ReadonlySet<string>): boolean {
  if (column === '_file_id' || column === '_row' || column.endsWith('_file_id') || column === 'file_name') return true;
  return column.endsWith('_row') && columns.has(`${column.slice(0, -'_row'.length)}_file_id`);
}

/** A kind's contract columns without provider free text (personal data; contracts.md: never exported). */
function exportedColumns(kind: Kind): string {
  return KIND_SPECS[kind].columns.filter((c) => !c.freeText).map((c) => ident(c.name)).join(', ');
}

async function timed(name: string, work: () => Promise<{ rows: number; path: string }>): Promise<ItemResult> {
  const started = performance.now();
  try {
    const { rows, path } = await work();
    return { name, status: 'success', rows, path, ms: performance.now() - started };
  } catch (error) {
    return { name, status: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

async function writeTable(db: Db, options: ExportOptions, table: ExportTable, source: string): Promise<{ rows: number; path: string }> {
  const rows = await db.scalar(`SELECT count(*) FROM (${source})`);
  if (options.format === 'arrow') {
    const path = join(options.outDir, `${table.schema}.${table.name}.arrow`);
    await writeArrowFile(db, source, path);
    return { rows, path };
  }
  const partitions = [table.yearExpr ? 'year' : undefined, table.hasJobcenter ? 'jobcenter_id' : undefined].filter(Boolean);
  const select = table.yearExpr ? `SELECT *, ${table.yearExpr} AS year FROM (${source})` : source;
  if (partitions.length === 0 || rows === 0) {
    const path = join(options.outDir, table.schema, `${table.name}.parquet`);
    mkdirSync(join(options.outDir, table.schema), { recursive: true });
    await db.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
    return { rows, path };
  }
  const path = join(options.outDir, table.schema, table.name);
  mkdirSync(join(options.outDir, table.schema), { recursive: true });
  await db.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet, PARTITION_BY (${partitions.join(', ')}), OVERWRITE_OR_IGNORE)`);
  return { rows, path };
}
