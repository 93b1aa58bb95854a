/**
 * What each exported table is, for the Spark, Trino, R or pandas user who gets the folder
 * without the code: its columns with their types, and for a model table the description and
 * grain its SQL file states. The state's ministry found no column documentation in an export.
 */
import type { Db } from '../db/database.ts';
import { discoverProject } from '../models/discover.ts';
import { isKind } from '../schema/kinds.ts';
import { historyKind } from './history.ts';

export interface TableDoc {
  readonly description?: string;
  readonly grain?: string;
  readonly columns: { name: string; type: string }[];
}

/** The header of every model file: what it is, up to "Grain:", and the grain. */
export function modelHeaders(): Map<string, { description: string; grain?: string }> {
  const headers = new Map<string, { description: string; grain?: string }>();
  for (const model of discoverProject().models) {
    const lines: string[] = [];
    for (const line of model.sql.split('\n')) {
      if (!line.startsWith('--')) break;
      lines.push(line.replace(/^--\s?/, ''));
    }
    const text = lines.join('\n');
    const description = text.split(/\n(?:Grain|Depends|Columns|Checks):/)[0]!.replace(`${model.name}:`, '').replace(/\s+/g, ' ').trim();
    const grain = /\nGrain:([^\n]*(?:\n {2,}[^\n]*)*)/.exec(`\n${text}`)?.[1]?.replace(/\s+/g, ' ').trim();
    headers.set(model.name, { description, ...(grain ? { grain } : {}) });
  }
  return headers;
}

/** Columns and types of an exported source as the export writes it. */
export async function sourceColumns(db: Db, source: string): Promise<{ name: string; type: string }[]> {
  const rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${source}`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

export async function tableDoc(db: Db, name: string, source: string, headers: ReadonlyMap<string, { description: string; grain?: string }>): Promise<TableDoc> {
  const columns = await sourceColumns(db, source);
  const kind = name.startsWith('raw.') ? name.slice(4) : undefined;
  if (kind !== undefined && isKind(kind)) {
    return { description: `The current pseudonymised records of the input kind ${kind} (columns as in contracts.md), without provider free text.`, columns };
  }
  const history = kind === undefined ? undefined : historyKind(kind);
  if (history !== undefined) {
    return { description: `The earlier versions (replaced by a correction) of the current records of ${history}, oldest first, without provider free text: the first dates a report's delivery.`, columns };
  }
  return { ...headers.get(name), columns };
}
