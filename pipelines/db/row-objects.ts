/**
 * Result rows as objects keyed by their column names, every name an own property. DuckDB's
 * node-api assigns `row[name] = value`, and for a column named `__proto__` that sets the
 * object's prototype instead: `almp query "select 2 as __proto__"` printed `{}` in every format.
 */
export function rowObjects(names: readonly string[], rows: readonly (readonly unknown[])[]): Record<string, unknown>[] {
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (name === '__proto__') Object.defineProperty(row, name, { value: values[i], enumerable: true, writable: true, configurable: true });
      else row[name] = values[i];
    });
    return row;
  });
}

/** As rowObjects, batch by batch. */
export async function* rowObjectBatches(names: readonly string[], batches: AsyncIterable<readonly (readonly unknown[])[]>): AsyncIterable<Record<string, unknown>[]> {
  for await (const rows of batches) yield rowObjects(names, rows);
}
