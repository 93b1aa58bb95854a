/**
 * The generator's in-memory row: canonical column names (pipelines/schema/kinds.ts) to
 * typed cells. Dates are day numbers; writers turn them into each file's dialect.
 */
import type { Kind } from '../schema/kinds.ts';

export interface Goal {
  readonly code: string;
  readonly status: string;
}

/** null / undefined = empty cell. date and month cells are day numbers (see days.ts). */
export type Cell = string | number | boolean | null | undefined | readonly string[] | readonly Goal[];
export type Row = Record<string, Cell>;

/** Where generated rows go: a file writer, or memory for the sample builder. */
export interface RowSink {
  write(row: Row): void;
}

export type Sinks = Readonly<Record<Kind, RowSink>>;

export class MemorySink implements RowSink {
  readonly rows: Row[] = [];
  write(row: Row): void {
    this.rows.push(row);
  }
}
