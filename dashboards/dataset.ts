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

// Plain loops: 43 pages encode ~4·10^5 rows at 10^6 participations.
export function encodeDataset(rows: Rows): EncodedDataset {
  const seen = new Set<string>();
  for (const r of rows) for (const key in r) seen.add(key);
  const fields = [...seen];
  // A field is dictionary-encoded when every value is a string or missing.
  const indexes = fields.map((field) => {
    for (const r of rows) {
      const value = r[field];
      if (value !== null && value !== undefined && typeof value !== 'string') return undefined;
    }
    return new Map<string, number>();
  });
  const dicts: Record<string, string[]> = {};
  fields.forEach((field, j) => indexes[j] && (dicts[field] = []));
  const encoded = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const out = new Array<unknown>(fields.length);
    for (let j = 0; j < fields.length; j++) {
      const value = r[fields[j]!] ?? null;
      const index = indexes[j];
      if (!index || value === null) {
        out[j] = value;
        continue;
      }
      let k = index.get(value as string);
      if (k === undefined) {
        k = index.size;
        dicts[fields[j]!]!.push(value as string);
        index.set(value as string, k);
      }
      out[j] = k;
    }
    encoded[i] = out;
  }
  return { fields, dicts, rows: encoded };
}
