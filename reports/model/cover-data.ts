/**
 * What the cover sheet states besides the figures: data sources and the generator version.
 * Sources are counted per kind of file, not listed by name: a provider names a file after
 * whatever it likes (a participant's name has been seen), and returns leave the house.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../../pipelines/db/database.ts';

export interface DataSource {
  readonly kind: string;
  readonly files: number;
  readonly last_loaded_at: Date | null;
  readonly rows_loaded: number | null;
  readonly rows_rejected: number | null;
}

export interface CoverData {
  readonly version: string;
  readonly sources: readonly DataSource[];
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

export async function loadCoverData(db: Db): Promise<CoverData> {
  // A database built before mart.data_sources existed still gets its returns; the cover says so.
  const exists = await db.scalar("select count(*) from information_schema.tables where table_schema = 'mart' and table_name = 'data_sources'");
  const sources = exists
    ? await db.all<Record<string, unknown>>(`select kind, count(*) as files, max(loaded_at) as last_loaded_at, sum(rows_loaded) as rows_loaded, sum(rows_rejected) as rows_rejected
         from mart.data_sources group by kind order by kind`)
    : [];
  return {
    version: generatorVersion(),
    sources: sources.map((s) => ({
      kind: String(s['kind']),
      files: Number(s['files']),
      last_loaded_at: s['last_loaded_at'] instanceof Date ? s['last_loaded_at'] : null,
      rows_loaded: s['rows_loaded'] === null ? null : Number(s['rows_loaded']),
      rows_rejected: s['rows_rejected'] === null ? null : Number(s['rows_rejected']),
    })),
  };
}
