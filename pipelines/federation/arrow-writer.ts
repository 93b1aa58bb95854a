/** Streams a query result into an Arrow IPC file, chunk by chunk (bounded memory). */
import { createWriteStream } from 'node:fs';
import { JSDuckDBValueConverter } from '@duckdb/node-api';
import {
  Bool, DateDay, Float64, Int32, Int64, RecordBatchFileWriter, TimestampMillisecond, Utf8,
  Table, vectorFromArray, type DataType, type Vector,
} from 'apache-arrow';
import type { Db } from '../db/database.ts';
import { AlmpError } from '../errors.ts';

/** DuckDB type → Arrow type; anything nested or exotic travels as JSON text. */
function arrowType(duckType: string): { type: DataType; cast?: string } {
  if (duckType === 'VARCHAR') return { type: new Utf8() };
  if (duckType === 'BOOLEAN') return { type: new Bool() };
  if (duckType === 'INTEGER' || duckType === 'SMALLINT' || duckType === 'TINYINT') return { type: new Int32() };
  if (duckType === 'BIGINT') return { type: new Int64() };
  if (duckType === 'DOUBLE' || duckType === 'FLOAT' || duckType.startsWith('DECIMAL') || duckType === 'HUGEINT') return { type: new Float64(), cast: 'DOUBLE' };
  if (duckType === 'DATE') return { type: new DateDay() };
  if (duckType.startsWith('TIMESTAMP')) return { type: new TimestampMillisecond(), cast: 'TIMESTAMP' };
  return { type: new Utf8(), cast: 'JSON' };
}

export async function writeArrowFile(db: Db, source: string, path: string): Promise<void> {
  const described = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${source}`);
  const columns = described.map((d) => ({ name: d.column_name, ...arrowType(d.column_type) }));
  const select = columns
    .map((c) => {
      const q = `"${c.name.replaceAll('"', '""')}"`;
      return c.cast === 'JSON' ? `CAST(to_json(${q}) AS VARCHAR) AS ${q}` : c.cast ? `CAST(${q} AS ${c.cast}) AS ${q}` : q;
    })
    .join(', ');
  // counted first (a stored table: from its metadata): DuckDB ends a stream that fails
  // part-way as one that is complete (whole-stream.ts)
  const expected = await db.scalar(`SELECT count(*) FROM (${source})`);
  const result = await db.connection.stream(`SELECT ${select} FROM (${source})`);
  const out = createWriteStream(path);
  const writer = RecordBatchFileWriter.throughNode();
  writer.pipe(out);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let wrote = false;
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    rows += chunk.rowCount;
    const values = chunk.convertColumns(JSDuckDBValueConverter);
    const vectors: Record<string, Vector> = Object.fromEntries(columns.map((c, i) => [c.name, vectorFromArray(values[i] as never[], c.type)]));
    for (const batch of new Table(vectors).batches) writer.write(batch);
    wrote = true;
  }
  if (rows !== expected) {
    writer.end();
    await finished;
    throw new AlmpError(`DuckDB ended ${source} after ${rows} of ${expected} rows without saying why (it reports no error while it streams): ${path} is incomplete.`, 'Export again; if it stops short again, give DuckDB more memory (ALMP_MEMORY_LIMIT, docs/operations.md).');
  }
  if (!wrote) {
    const empty: Record<string, Vector> = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray([], c.type)]));
    for (const batch of new Table(empty).batches) writer.write(batch);
  }
  writer.end();
  await finished;
}
