/**
 * Reference data the validation SQL needs (allowed code lists, canonical-form patterns),
 * read from the ref.* tables here and bound as parameters of the parse statement.
 *
 * Why parameters and not a CTE or subquery: a CSV record's row number is its position in
 * the parsed TEMP table, which holds only when DuckDB keeps insertion order — and it does
 * so only for plans without joins. A cross join with a one-row CTE of code lists (and an
 * IN list of more than a few words, which DuckDB rewrites into a mark join) made the plan
 * unordered, so row numbers of bad and superseded rows could point to other records on
 * large files. Bound constants keep the plan a straight scan → projections → ordered insert.
 *
 * Fast path for the '|'-separated code lists (dropout reasons, goals): a value written the
 * canonical way (known lower-case codes, canonical goal statuses, no spaces, no empty items)
 * is recognised by one regular expression and split directly; everything else takes the
 * general path (trim, lower-case, German status words, drop empty items), about five times
 * as expensive (1.3 s of CPU on 10^6 final reports).
 */
import { DuckDBListValue } from '@duckdb/node-api';
import { GOAL_STATUSES, KIND_SPECS, type ColumnSpec, type Kind, type RefTable } from '../schema/kinds.ts';
import type { Db } from '../db/database.ts';
import { listOfId } from './id-checks.ts';

/** The code lists the SQL may use: the contract's reference tables and the exit reasons. */
type CodeTable = RefTable | 'ref.exit_reasons';
const EXIT_REASONS: CodeTable = 'ref.exit_reasons';

const refName = (table: CodeTable) => table.replace(/^ref\./, '');

/** SQL of the code list of `table` (VARCHAR[], ordered by code). */
export function refCodes(table: CodeTable = EXIT_REASONS): string {
  return `$ref_${refName(table)}::VARCHAR[]`;
}

/** SQL of the lower-cased code list of `table`, position by position like refCodes. */
export function refCodesLower(table: CodeTable): string {
  return `$ref_${refName(table)}_lc::VARCHAR[]`;
}

/** SQL of a list column's canonical-form pattern. */
export function listPattern(c: ColumnSpec): string {
  return `$canonical_${c.name}`;
}

/** Matches nothing (there is no code the fast path could accept). */
const NEVER = '[^\\s\\S]';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Codes the general path can ever accept unchanged: it lower-cases and trims each item and
 * splits at '|' and ':', so a code with upper case, blanks or separators never matches there
 * and must not match here either.
 */
function canonicalPattern(c: ColumnSpec, codes: readonly string[]): string {
  const usable = codes.filter((code) => code !== '' && code === code.toLowerCase() && !/[\s|:]/.test(code));
  if (usable.length === 0) return NEVER;
  const alternatives = `(${usable.map(escapeRegex).join('|')})`;
  const item = c.type === 'goal_list' ? `${alternatives}:(${GOAL_STATUSES.map(escapeRegex).join('|')})` : alternatives;
  return `${item}(\\|${item})*`;
}

/**
 * The ids of a reference kind in force, and those written with leading zeros twice more:
 * as written and stripped, position by position (validation-sql.ts names the one a value
 * that lost its zeros stands for).
 */
async function idParams(db: Db, reference: 'jobcenters' | 'providers'): Promise<Record<string, DuckDBListValue>> {
  const column = reference === 'jobcenters' ? 'jobcenter_id' : 'provider_id';
  // reference and column are constants of this module, not file content
  const ids = (await db.all<{ id: string }>(`SELECT DISTINCT ${column} AS id FROM raw.${reference} WHERE _current AND ${column} IS NOT NULL ORDER BY 1`)).map((r) => r.id);
  const zeros = ids.filter((id) => /^0+[0-9]*$/.test(id) && id.replace(/^0+/, '') !== '');
  // an empty list would have no item type for DuckDB; '' matches no value (empty ones are NULL)
  const list = (items: string[]) => new DuckDBListValue(items.length > 0 ? items : ['']);
  return {
    [`ids_${reference}`]: list(ids),
    [`ids_${reference}_zeros`]: list(zeros),
    [`ids_${reference}_stripped`]: list(zeros.map((id) => id.replace(/^0+/, ''))),
  };
}

/** The parameters `sql` (a parse statement of `kind`) refers to. */
export async function referenceParams(db: Db, kind: Kind, sql: string): Promise<Record<string, string | DuckDBListValue>> {
  const params: Record<string, string | DuckDBListValue> = {};
  const codesOf = async (table: CodeTable) =>
    // table is a schema constant from kinds.ts, not file content.
    (await db.all<{ code: string }>(`SELECT code FROM ${table} WHERE code IS NOT NULL ORDER BY code`)).map((r) => r.code);
  const tables = new Set<CodeTable>([EXIT_REASONS]);
  for (const c of KIND_SPECS[kind].columns) if (c.refTable) tables.add(c.refTable);
  for (const table of tables) {
    const name = `ref_${refName(table)}`;
    if (!sql.includes(`$${name}`)) continue;
    const codes = await codesOf(table);
    params[name] = new DuckDBListValue(codes);
    if (sql.includes(`$${name}_lc`)) params[`${name}_lc`] = new DuckDBListValue(codes.map((code) => code.toLowerCase()));
  }
  for (const c of KIND_SPECS[kind].columns) {
    const list = listOfId(c);
    if (list && sql.includes(`$ids_${list}`)) Object.assign(params, await idParams(db, list));
  }
  for (const c of KIND_SPECS[kind].columns) {
    const name = listPattern(c).slice(1);
    if (c.refTable && (c.type === 'reason_list' || c.type === 'goal_list') && sql.includes(`$${name}`)) {
      params[name] = canonicalPattern(c, await codesOf(c.refTable));
    }
  }
  return params;
}
