/**
 * Finds the SQL models (sql/staging, sql/core, sql/marts), the macro files they use and
 * the data-quality checks (sql/checks), and reads what each one depends on from the
 * relation names its SQL mentions (`staging.x`, `core.x`, `mart.x`, `meta.x`).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../errors.ts';

export const SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

/** Folder → DuckDB schema, in layer order. */
const LAYERS = [
  ['staging', 'staging'],
  ['core', 'core'],
  ['marts', 'mart'],
] as const;

export type Severity = 'error' | 'warning' | 'info';

export interface SqlModel {
  /** schema.relation, e.g. core.participations */
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  /** Relations of other models (or meta tables) this one reads. */
  readonly dependsOn: readonly string[];
}

export interface SqlCheck {
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  readonly severity: Severity;
  readonly description: string;
  readonly dependsOn: readonly string[];
}

export interface Project {
  /** Files starting with `_` define macros; they run before every model. */
  readonly macros: readonly { file: string; sql: string }[];
  readonly models: readonly SqlModel[];
  readonly checks: readonly SqlCheck[];
  /** The reference tables' CSV (ref.*, read by the models): part of what a build computed from. */
  readonly references?: readonly { file: string; sql: string }[];
}

const RELATION = /\b(staging|core|mart|meta)\.([a-z_][a-z0-9_]*)\b(?!\s*\()/gi;

export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Relations a statement mentions (macro calls `core.f(` are not relations). */
export function referencedRelations(sql: string): string[] {
  const found = new Set<string>();
  for (const m of stripComments(sql).matchAll(RELATION)) {
    found.add(`${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`);
  }
  return [...found].sort();
}

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

function readModel(sqlDir: string, folder: string, schema: string, file: string): SqlModel {
  const path = join(sqlDir, folder, file);
  const sql = readFileSync(path, 'utf8');
  const name = `${schema}.${file.replace(/\.sql$/, '')}`;
  const target = /create\s+or\s+replace\s+(?:table|view)\s+([a-z_]+\.[a-z0-9_]+)/i.exec(stripComments(sql));
  if (!target || target[1]!.toLowerCase() !== name) {
    throw new ModelError(
      `Model file ${folder}/${file} must create ${name}, found ${target ? target[1] : 'no CREATE OR REPLACE TABLE|VIEW'}`,
      name,
      path,
      'Name the file after the relation it creates (one model per file).',
    );
  }
  return { name, file: path, sql, dependsOn: referencedRelations(sql).filter((r) => r !== name) };
}

function header(sql: string, key: string): string | undefined {
  return new RegExp(`^--\\s*${key}:\\s*(.+)$`, 'im').exec(sql)?.[1]?.trim();
}

function readCheck(sqlDir: string, file: string): SqlCheck {
  const path = join(sqlDir, 'checks', file);
  const sql = readFileSync(path, 'utf8');
  const name = file.replace(/\.sql$/, '');
  const severity = header(sql, 'severity');
  if (severity !== 'error' && severity !== 'warning' && severity !== 'info') {
    throw new ModelError(`Check ${file} has severity '${severity ?? ''}'`, name, path, 'Start the file with `-- severity: error|warning|info`.');
  }
  const description = header(sql, 'description') ?? name;
  // A check is a bare SELECT: strip a trailing semicolon so it can be wrapped in count(*).
  const body = stripComments(sql).trim().replace(/;\s*$/, '');
  return { name, file: path, sql: body, severity, description, dependsOn: referencedRelations(sql) };
}

export function discoverProject(sqlDir = SQL_DIR): Project {
  const macros: { file: string; sql: string }[] = [];
  const models: SqlModel[] = [];
  for (const [folder, schema] of LAYERS) {
    for (const file of sqlFiles(join(sqlDir, folder))) {
      if (file.startsWith('_')) {
        const path = join(sqlDir, folder, file);
        macros.push({ file: path, sql: readFileSync(path, 'utf8') });
      } else {
        models.push(readModel(sqlDir, folder, schema, file));
      }
    }
  }
  const checks = sqlFiles(join(sqlDir, 'checks')).map((f) => readCheck(sqlDir, f));
  const referenceDir = join(sqlDir, 'reference');
  const references = existsSync(referenceDir)
    ? readdirSync(referenceDir).filter((f) => f.endsWith('.csv')).sort().map((f) => ({ file: join(referenceDir, f), sql: readFileSync(join(referenceDir, f), 'utf8') }))
    : [];
  return { macros, models, checks, references };
}
