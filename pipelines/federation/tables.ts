/** Which tables leave the instance in an export, and how they are partitioned. */
import type { Db } from '../db/database.ts';

export interface ExportTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly { name: string; type: string }[];
  /** SQL expression for the Hive `year` partition, if the table has a natural year. */
  readonly yearExpr?: string;
  readonly hasJobcenter: boolean;
}

const YEAR_SOURCES = ['referral_date', 'entry_date', 'exit_date', 'report_date', 'status_date', 'month', 'contract_start'];

/**
 * The stored tables of the schemas. Views are left out: they are the models' intermediate
 * steps, computed again on every read and only under the build's session variables (as-of,
 * threshold) — exported without them, the as-of views came out empty.
 */
export async function exportTables(db: Db, schemas: readonly string[]): Promise<ExportTable[]> {
  const rows = await db.all<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
     FROM information_schema.columns AS c
     JOIN information_schema.tables AS t USING (table_schema, table_name)
     WHERE c.table_schema IN (SELECT unnest($schemas::VARCHAR[])) AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
    { schemas: `[${schemas.map((s) => `'${s.replace(/[^a-z_]/g, '')}'`).join(',')}]` },
  );
  const byTable = new Map<string, { schema: string; name: string; columns: { name: string; type: string }[] }>();
  for (const r of rows) {
    const id = `${r.table_schema}.${r.table_name}`;
    const entry = byTable.get(id) ?? { schema: r.table_schema, name: r.table_name, columns: [] };
    entry.columns.push({ name: r.column_name, type: r.data_type });
    byTable.set(id, entry);
  }
  return [...byTable.values()].map((t) => {
    const names = new Set(t.columns.map((c) => c.name));
    const dateColumn = YEAR_SOURCES.find((c) => names.has(c) && t.columns.find((x) => x.name === c)?.type === 'DATE');
    let yearExpr: string | undefined;
    if (names.has('period') && names.has('period_type')) yearExpr = 'substr("period", 1, 4)';
    else if (dateColumn) yearExpr = `coalesce(CAST(year("${dateColumn}") AS VARCHAR), 'none')`;
    return { ...t, yearExpr, hasJobcenter: names.has('jobcenter_id') };
  });
}
