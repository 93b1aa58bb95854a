/**
 * Typed queries from TypeScript (Kysely on the same DuckDB instance) for the tables that
 * other tools read: the marts of contracts.md and the ingest ledger. Models stay in .sql.
 */
import { Kysely, type Dialect } from 'kysely';
import { DuckDbDialect } from 'kysely-duckdb';
import type { Db } from './database.ts';

/** mart.indicator_values, exactly as in contracts.md ("Outputs that others read"). */
export interface IndicatorValueRow {
  indicator: string;
  period_type: 'month' | 'quarter' | 'year' | 'stichtag';
  period: string;
  jobcenter_id: string;
  provider_id: string;
  instrument: string;
  measure_id: string;
  breakdown: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  suppressed: boolean;
  provisional: boolean;
  as_of: string;
}

export interface FileLedgerRow {
  file_id: bigint;
  kind: string;
  name: string;
  path: string;
  content_hash: string;
  format: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_superseded: number;
  loaded_at: string;
}

export interface RejectRow {
  file_id: bigint;
  kind: string;
  file_name: string;
  row: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface TypedSchema {
  'mart.indicator_values': IndicatorValueRow;
  'meta.files': FileLedgerRow;
  'meta.rejects': RejectRow;
}

export function typedQueries(db: Db): Kysely<TypedSchema> {
  // kysely-duckdb ships one .d.ts that resolves kysely's CommonJS typings; at run time both
  // sides are the ESM build, so the cast only bridges the duplicate declarations.
  const dialect = new DuckDbDialect({ database: db.instance }) as unknown as Dialect;
  return new Kysely<TypedSchema>({ dialect });
}
