/**
 * Arrow columns filled straight from DuckDB vectors, a record batch at a time: strings as the
 * UTF-8 bytes DuckDB holds, numbers into typed arrays. Going through JS values (strings
 * decoded only to be encoded again, one boxed value per cell, apache-arrow's builders) took
 * 46 s for core.participations at 10^6 rows (7.9 s now).
 */
import {
  DuckDBBlobVector, DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, type DuckDBValue, type DuckDBVector,
} from '@duckdb/node-api';
import { makeData, type Data, type DataType } from 'apache-arrow';

/** How a column is filled: each kind reads what the export's SELECT makes of its DuckDB type (arrow-writer.ts). */
export type ColumnKind = 'utf8' | 'bool' | 'int32' | 'int64' | 'float64' | 'decimal' | 'dateDay' | 'timestampMs';

export interface ColumnBuilder {
  /** Appends a chunk's vector at row `at` of the batch; the batch has room (newBatchColumn's capacity). */
  append(vector: DuckDBVector, at: number, rows: number): void;
  /** Bytes of text so far: a batch of long texts ends before the row limit (arrow-writer.ts). */
  readonly bytes: number;
  /** The batch's first `length` rows as Arrow data; the buffers are the batch's own (the file stream may still hold them). */
  finish(length: number): Data;
}

// The JS Date range: the JS path these replace refused a DATE or TIMESTAMP beyond it (±infinity
// among them) with a conversion error rather than write a day no reader can show.
const MAX_DAYS = 100_000_000;
const MAX_MILLIS = 8_640_000_000_000_000n;

function days(value: DuckDBValue): number {
  const { days } = value as DuckDBDateValue;
  if (days < -MAX_DAYS || days > MAX_DAYS) throw new Error(`DATE value out of range for JS Date: ${days} days`);
  return days;
}

function millis(value: DuckDBValue): bigint {
  const { micros } = value as DuckDBTimestampValue;
  const ms = micros / 1000n; // towards zero, as the JS path did
  if (ms < -MAX_MILLIS || ms > MAX_MILLIS) throw new Error(`TIMESTAMP value out of range for JS Date: ${micros} micros`);
  return ms;
}

/** Arrow's validity bitmap (a set bit is a value), kept only if some row is NULL. */
class Validity {
  readonly bits: Uint8Array;
  nulls = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array((capacity + 7) >> 3);
  }
  set(row: number, valid: boolean): void {
    if (valid) this.bits[row >> 3]! |= 1 << (row & 7);
    else this.nulls++;
  }
  props(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    return this.nulls === 0 ? { nullCount: 0 } : { nullCount: this.nulls, nullBitmap: this.bits.subarray(0, (length + 7) >> 3) };
  }
}

type Numbers = Int32Array | Float64Array;
type Bigints = BigInt64Array;

/** One value per row in a typed array; `read` turns DuckDB's value (never NULL) into the array's. */
function fixedWidth<A extends Numbers | Bigints>(type: DataType, values: A, read: (value: DuckDBValue) => A[number]): ColumnBuilder {
  const validity = new Validity(values.length);
  return {
    bytes: 0,
    append(vector, at, rows) {
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        validity.set(at + i, value !== null);
        if (value !== null) values[at + i] = read(value);
      }
    },
    finish: (length) => makeData({ type, length, data: values.subarray(0, length), ...validity.props(length) } as never),
  };
}

function bool(type: DataType, capacity: number): ColumnBuilder {
  const validity = new Validity(capacity);
  const bits = new Uint8Array((capacity + 7) >> 3);
  return {
    bytes: 0,
    append(vector, at, rows) {
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        validity.set(at + i, value !== null);
        if (value === true) bits[(at + i) >> 3]! |= 1 << ((at + i) & 7);
      }
    },
    finish: (length) => makeData({ type, length, data: bits.subarray(0, (length + 7) >> 3), ...validity.props(length) } as never),
  };
}

/** Arrow's 128-bit two's complement of the unscaled value, as two little-endian 64-bit halves. */
function decimal(type: DataType, capacity: number): ColumnBuilder {
  const validity = new Validity(capacity);
  const halves = new BigUint64Array(capacity * 2);
  return {
    bytes: 0,
    append(vector, at, rows) {
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        validity.set(at + i, value !== null);
        if (value === null) continue;
        const unscaled = (value as DuckDBDecimalValue).value;
        halves[2 * (at + i)] = BigInt.asUintN(64, unscaled);
        halves[2 * (at + i) + 1] = BigInt.asUintN(64, unscaled >> 64n);
      }
    },
    finish: (length) => makeData({ type, length, data: new Uint32Array(halves.buffer, 0, length * 4), ...validity.props(length) } as never),
  };
}

/**
 * UTF-8 bytes copied as DuckDB holds them: the SELECT hands a VARCHAR over as a BLOB
 * (encode(), which keeps the bytes) since only a BLOB vector gives its bytes undecoded.
 */
function utf8(type: DataType, capacity: number): ColumnBuilder {
  const validity = new Validity(capacity);
  const offsets = new Int32Array(capacity + 1);
  let data: Uint8Array = new Uint8Array(1 << 16);
  let end = 0;
  return {
    get bytes() {
      return end;
    },
    append(vector, at, rows) {
      if (!(vector instanceof DuckDBBlobVector)) throw new Error(`expected a BLOB vector for ${String(type)}, got ${String(vector.type)}`);
      for (let i = 0; i < rows; i++) {
        const bytes = vector.getItemBytes(i);
        validity.set(at + i, bytes !== null);
        if (bytes !== null && bytes.length > 0) {
          if (end + bytes.length > data.length) data = grown(data, end + bytes.length);
          data.set(bytes, end);
          end += bytes.length;
        }
        offsets[at + i + 1] = end;
      }
    },
    finish: (length) => makeData({ type, length, valueOffsets: offsets.subarray(0, length + 1), data: data.subarray(0, end), ...validity.props(length) } as never),
  };
}

function grown(data: Uint8Array, needed: number): Uint8Array {
  let size = data.length * 2;
  while (size < needed) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(data);
  return bigger;
}

/** A fresh builder for one batch of at most `capacity` rows. */
export function newBatchColumn(kind: ColumnKind, type: DataType, capacity: number): ColumnBuilder {
  switch (kind) {
    case 'utf8': return utf8(type, capacity);
    case 'bool': return bool(type, capacity);
    case 'decimal': return decimal(type, capacity);
    case 'int32': return fixedWidth(type, new Int32Array(capacity), (v) => v as number);
    case 'float64': return fixedWidth(type, new Float64Array(capacity), (v) => v as number);
    case 'int64': return fixedWidth(type, new BigInt64Array(capacity), (v) => v as bigint);
    case 'dateDay': return fixedWidth(type, new Int32Array(capacity), days);
    case 'timestampMs': return fixedWidth(type, new BigInt64Array(capacity), millis);
  }
}
