/** Streams a query result into an Arrow IPC file, a record batch at a time (bounded memory). */
import {
  Bool, DateDay, Decimal, Field, Float64, Int32, Int64, RecordBatch, Schema, Struct,
  TimestampMillisecond, Utf8, makeData, type DataType,
} from 'apache-arrow';
import type { Db } from '../db/database.ts';
import { AlmpError } from '../errors.ts';
import { openArrowFile } from './arrow-file.ts';
import { newBatchColumn, type ColumnBuilder, type ColumnKind } from './arrow-columns.ts';

/**
 * DuckDB type → Arrow type; anything nested or exotic travels as JSON text. Amounts stay
 * exact decimals and counts whole numbers: as doubles (before 2026-12-06) pandas and R read
 * a cost as a float and an O/E cell's count (HUGEINT, a sum) as 12.0; 9999999999999999.99
 * came back as 1e16. `select` is what the export reads, given the quoted column: the form
 * its column kind reads (arrow-columns.ts).
 */
function arrowType(duckType: string): { type: DataType; kind: ColumnKind; select: (q: string) => string } {
  const as = (sql: string) => (q: string) => `CAST(${q} AS ${sql})`;
  const bytes = (q: string) => `encode(${q})`;
  if (duckType === 'VARCHAR') return { type: new Utf8(), kind: 'utf8', select: bytes };
  if (duckType === 'BOOLEAN') return { type: new Bool(), kind: 'bool', select: (q) => q };
  if (duckType === 'INTEGER' || duckType === 'SMALLINT' || duckType === 'TINYINT') return { type: new Int32(), kind: 'int32', select: as('INTEGER') };
  if (duckType === 'BIGINT') return { type: new Int64(), kind: 'int64', select: (q) => q };
  // a count beyond BIGINT fails the export (a conversion error) rather than lose digits
  if (duckType === 'HUGEINT') return { type: new Int64(), kind: 'int64', select: as('BIGINT') };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { type: new Decimal(Number(decimal[2]), Number(decimal[1]), 128), kind: 'decimal', select: (q) => q };
  if (duckType === 'DOUBLE' || duckType === 'FLOAT') return { type: new Float64(), kind: 'float64', select: as('DOUBLE') };
  if (duckType === 'DATE') return { type: new DateDay(), kind: 'dateDay', select: (q) => q };
  if (duckType.startsWith('TIMESTAMP')) return { type: new TimestampMillisecond(), kind: 'timestampMs', select: as('TIMESTAMP') };
  return { type: new Utf8(), kind: 'utf8', select: (q) => bytes(`CAST(to_json(${q}) AS VARCHAR)`) };
}

// A batch per DuckDB chunk (2,048 rows) cost a batch's overhead every 2,048 rows; 65,536
// rows of core.participations are ~21 MB. The byte limit (checked between chunks) keeps a
// batch of long texts (JSON) in bounds too, far below the 2 GB Arrow's Int32 offsets address.
const BATCH_ROWS = 65_536;
const BATCH_TEXT_BYTES = 64 << 20;

export async function writeArrowFile(db: Db, source: string, path: string): Promise<void> {
  const described = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${source}`);
  const columns = described.map((d) => ({ name: d.column_name, ...arrowType(d.column_type) }));
  const schema = new Schema(columns.map((c) => new Field(c.name, c.type, true)));
  const select = columns.map((c) => {
    const q = `"${c.name.replaceAll('"', '""')}"`;
    return `${c.select(q)} AS ${q}`;
  });
  // counted first (a stored table: from its metadata): DuckDB ends a stream that fails
  // part-way as one that is complete (whole-stream.ts)
  const expected = await db.scalar(`SELECT count(*) FROM (${source})`);
  const result = await db.connection.stream(`SELECT ${select.join(', ')} FROM (${source})`);
  const file = openArrowFile(path);
  let batch: ColumnBuilder[] = [];
  let inBatch = 0;
  const flush = async () => {
    const children = batch.map((b) => b.finish(inBatch));
    await file.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: inBatch, nullCount: 0, children })));
    batch = [];
    inBatch = 0;
  };
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (inBatch > 0 && (inBatch + n > BATCH_ROWS || batch.reduce((sum, b) => sum + b.bytes, 0) > BATCH_TEXT_BYTES)) await flush();
    if (inBatch === 0) batch = columns.map((c) => newBatchColumn(c.kind, c.type, Math.max(BATCH_ROWS, n)));
    batch.forEach((b, i) => b.append(chunk.getColumnVector(i), inBatch, n));
    inBatch += n;
    rows += n;
  }
  if (rows !== expected) {
    await file.close();
    throw new AlmpError(`DuckDB ended ${source} after ${rows} of ${expected} rows without saying why (it reports no error while it streams): ${path} is incomplete.`, 'Export again; if it stops short again, give DuckDB more memory (ALMP_MEMORY_LIMIT, docs/operations.md).');
  }
  // no rows: one empty batch, so the file still carries the schema
  if (rows === 0) batch = columns.map((c) => newBatchColumn(c.kind, c.type, 0));
  if (inBatch > 0 || rows === 0) await flush();
  await file.close();
}
