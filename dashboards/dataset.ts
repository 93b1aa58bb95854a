/**
 * Compact embedding of chart rows: columnar, with a dictionary for text fields (ids and
 * codes repeat thousands of times). The page script expands it back into rows.
 */
export type Rows = readonly Record<string, unknown>[];

export interface EncodedDataset {
  readonly fields: string[];
  readonly dicts: Record<string, string[]>;
  readonly rows: unknown[][];
}

export function encodeDataset(rows: Rows): EncodedDataset {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const dicts: Record<string, string[]> = {};
  const indexes: Record<string, Map<string, number>> = {};
  for (const field of fields) {
    if (rows.every((r) => r[field] === null || r[field] === undefined || typeof r[field] === 'string')) {
      dicts[field] = [];
      indexes[field] = new Map();
    }
  }
  const encoded = rows.map((r) =>
    fields.map((field) => {
      const value = r[field] ?? null;
      const index = indexes[field];
      if (!index || value === null) return value;
      let i = index.get(value as string);
      if (i === undefined) {
        i = dicts[field]!.length;
        dicts[field]!.push(value as string);
        index.set(value as string, i);
      }
      return i;
    }),
  );
  return { fields, dicts, rows: encoded };
}
