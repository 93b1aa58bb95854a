/** Streams a query result into an Arrow IPC file, chunk by chunk (bounded memory). */
import { createWriteStream } from 'node:fs';
import { DuckDBDecimalValue, DuckDBTypeId, JSDuckDBValueConverter, type DuckDBValueConverter, type JS } from '@duckdb/node-api';
import {
  Bool, DateDay, Decimal, Float64, Int32, Int64, RecordBatchFileWriter, TimestampMillisecond, Utf8,
  Table, vectorFromArray, type DataType, type Vector,
} from 'apache-arrow';
import type { Db } from '../db/database.ts';
import { AlmpError } from '../errors.ts';

/**
 * DuckDB type → Arrow type; anything nested or exotic travels as JSON text. Amounts stay
 * exact decimals and counts whole numbers: as doubles (before 2026-12-06) pandas and R read
 * a cost as a float and an O/E cell's count (HUGEINT, a sum) as 12.0; 9999999999999999.99
 * came back as 1e16.
 */
function arrowType(duckType: string): { type: DataType; cast?: string } {
  if (duckType === 'VARCHAR') return { type: new Utf8() };
  if (duckType === 'BOOLEAN') return { type: new Bool() };
  if (duckType === 'INTEGER' || duckType === 'SMALLINT' || duckType === 'TINYINT') return { type: new Int32() };
  if (duckType === 'BIGINT') return { type: new Int64() };
  // a count beyond BIGINT fails the export (a conversion error) rather than lose digits
  if (duckType === 'HUGEINT') return { type: new Int64(), cast: 'BIGINT' };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { type: new Decimal(Number(decimal[2]), Number(decimal[1]), 128) };
  if (duckType === 'DOUBLE' || duckType === 'FLOAT') return { type: new Float64(), cast: 'DOUBLE' };
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
    const values = chunk.convertColumns(exportConverter);
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

/** As JSDuckDBValueConverter, a DECIMAL as Arrow's 128-bit two's complement of its unscaled value (little-endian words). */
const exportConverter: DuckDBValueConverter<JS | Uint32Array> = (value, type) => {
  if (value instanceof DuckDBDecimalValue && type.typeId === DuckDBTypeId.DECIMAL) return decimalWords(value.value);
  return JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
};

function decimalWords(unscaled: bigint): Uint32Array {
  const words = new Uint32Array(4);
  let rest = BigInt.asUintN(128, unscaled);
  for (let i = 0; i < 4; i++, rest >>= 32n) words[i] = Number(rest & 0xffff_ffffn);
  return words;
}
