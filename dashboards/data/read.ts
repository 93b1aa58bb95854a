/**
 * Query rows for the dashboards. DuckDB's row-wise JSON conversion costs ~4 µs per row
 * (0.5 s for the 10^5 monthly rows at 10^6 participations); converting column by column
 * and assembling the objects here is ~4× faster and gives the same JSON-safe values
 * (BIGINT → string, DATE → 'YYYY-MM-DD') as Db.json.
 */
import type { Db, Params, Row } from '../../pipelines/db/database.ts';

export async function readRows<T extends Row>(db: Db, sql: string, params?: Params): Promise<T[]> {
  const reader = await db.connection.runAndReadAll(sql, params);
  const names = reader.columnNames();
  const columns = reader.getColumnsJson() as unknown[][];
  const count = reader.currentRowCount;
  const rows = new Array<T>(count);
  for (let i = 0; i < count; i++) {
    const row: Row = {};
    for (let j = 0; j < names.length; j++) row[names[j]!] = columns[j]![i];
    rows[i] = row as T;
  }
  return rows;
}
