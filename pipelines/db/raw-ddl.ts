/** DDL of the `raw` schema, derived from the one schema source (pipelines/schema/kinds.ts). */
import { KIND_SPECS, KINDS, type ColumnType, type Kind } from '../schema/kinds.ts';
import { ident } from './database.ts';

const SQL_TYPE: Readonly<Record<ColumnType, string>> = {
  pid: 'VARCHAR',
  id: 'VARCHAR',
  text: 'VARCHAR',
  date: 'DATE',
  month: 'DATE',
  int: 'INTEGER',
  decimal: 'DECIMAL(18,2)',
  bool: 'BOOLEAN',
  exit_code: 'VARCHAR',
  enum: 'VARCHAR',
  reason_list: 'VARCHAR[]',
  goal_list: 'STRUCT(code VARCHAR, status VARCHAR)[]',
};

export function sqlType(type: ColumnType): string {
  return SQL_TYPE[type];
}

/**
 * Every version of every record is kept: `_current` marks the one in force,
 * `_superseded_by` the file that replaced it (corrections are normal).
 */
export const LINEAGE_COLUMNS = [
  '_file_id BIGINT NOT NULL',
  '_row INTEGER NOT NULL',
  '_current BOOLEAN NOT NULL',
  '_superseded_by BIGINT',
] as const;

export function rawTableDdl(kind: Kind): string {
  const columns = KIND_SPECS[kind].columns.map((c) => `${ident(c.name)} ${sqlType(c.type)}`);
  return `CREATE TABLE IF NOT EXISTS raw.${ident(kind)} (${[...columns, ...LINEAGE_COLUMNS].join(', ')})`;
}

export function allRawDdl(): string[] {
  return KINDS.map(rawTableDdl);
}
