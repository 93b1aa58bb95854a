/**
 * What the cover sheet states besides the figures: data sources (per kind: files, last load
 * time, rows — render/cover.ts; the file names stay here, masked, for nothing that is
 * published: a provider names a file after whatever it likes, a person too) and the
 * generator version.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../../pipelines/db/database.ts';
import { maskParticipantIds } from '../../pipelines/ingest/value-shapes.ts';
import { cutoffNote } from '../../pipelines/publish/cutoff-note.ts';

export interface DataSource {
  readonly kind: string;
  readonly file_name: string;
  readonly loaded_at: Date | null;
  readonly rows_loaded: number | null;
  readonly rows_rejected: number | null;
}

/** The first month of one Jobcenter's participation data (mart.data_begin). */
export interface DataBegin {
  readonly jobcenterId: string;
  /** 'YYYY-MM-DD'. */
  readonly coveredFrom: string;
}

export interface CoverData {
  readonly version: string;
  /** Per Jobcenter; none for marts built before mart.data_begin existed. */
  readonly dataBegins?: readonly DataBegin[];
  /** Set when the as-of lies after the latest event in the data (pipelines/publish/cutoff-note.ts). */
  readonly cutoff?: string;
  readonly sources: readonly DataSource[];
  /** Jobcenter id → name and state as the Jobcenters' list gives them (mart.jobcenter_names; none before it existed). */
  readonly jobcenters?: Readonly<Record<string, { readonly name: string | null; readonly state: string | null }>>;
  /** The instrument codes every sheet lists, with their names and legal basis (ref.instruments), for the Definitionen sheet. */
  readonly instruments?: readonly { readonly code: string; readonly name: string; readonly legal_basis: string | null }[];
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
    ? await db.all<Record<string, unknown>>('select kind, file_name, loaded_at, rows_loaded, rows_rejected from mart.data_sources order by kind, loaded_at, file_name')
    : [];
  const cutoff = await cutoffNote(db);
  const begins = await db
    .json<{ jobcenter_id: string; covered_from: string }>(
      "select jobcenter_id, covered_from::varchar as covered_from from mart.data_begin where jobcenter_id <> '*' and provider_id = '*' and instrument = '*' order by jobcenter_id",
    )
    .catch(() => []);
  const names = await db
    .json<{ id: string; name: string | null; state: string | null }>('select jobcenter_id as id, name, state from mart.jobcenter_names')
    .catch(() => []);
  const instruments = await db
    .json<{ code: string; name: string; legal_basis: string | null }>('select code, name, legal_basis from ref.instruments order by code')
    .catch(() => []);
  return {
    version: generatorVersion(),
    instruments,
    jobcenters: Object.fromEntries(names.map((n) => [n.id, { name: n.name, state: n.state }])),
    dataBegins: begins.map((b) => ({ jobcenterId: b.jobcenter_id, coveredFrom: b.covered_from })),
    ...(cutoff ? { cutoff } : {}),
    sources: sources.map((s) => ({
      kind: String(s['kind']),
      file_name: maskParticipantIds(String(s['file_name'])),
      loaded_at: s['loaded_at'] instanceof Date ? s['loaded_at'] : null,
      rows_loaded: s['rows_loaded'] === null ? null : Number(s['rows_loaded']),
      rows_rejected: s['rows_rejected'] === null ? null : Number(s['rows_rejected']),
    })),
  };
}
