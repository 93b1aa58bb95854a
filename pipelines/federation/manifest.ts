/** The manifest that travels with an export, so an importer can check what it reads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from '../errors.ts';
import { isKind, KINDS, type Kind } from '../schema/kinds.ts';
import { HISTORY_KINDS, historyKind, historyName } from './history.ts';

export const MANIFEST_FILE = 'almp-export.json';

export interface Manifest {
  format: 'parquet' | 'arrow';
  createdBy: 'almp-monitor';
  /** HMAC of a fixed label under the pseudonym key: equal fingerprints ⇒ pseudonyms link up. */
  keyFingerprint: string;
  asOf: string | null;
  /** Per table: description and grain (model tables: their SQL header) and the columns with their DuckDB types. */
  tables: { name: string; rows: number; path: string; sha256?: string; description?: string; grain?: string; columns?: { name: string; type: string }[] }[];
  /** The exporting instance (instance.ts): a later export of it replaces its earlier one. Absent before 2026-12-03. */
  instance?: string;
  /** When the export was written (ISO 8601): an earlier export of an instance never replaces a later one. */
  exportedAt?: string;
  /** Written first and cleared last: an export killed or failed midway says so, and loads nothing. */
  incomplete?: true;
  /** HMAC of the rest under the pseudonym key (signature.ts); exports since 2026-12-06. */
  signature?: string;
}

export { keyFingerprint } from '../ingest/key-guard.ts';

/** Tables an export writes besides raw.<kind>: the stored core and mart tables (export.ts), never read on import. */
const MODEL_TABLE = /^(core|mart)\.[a-z0-9_]+$/;

/**
 * The manifest of the export in `dir` and the row counts it lists per raw kind and per kind's
 * earlier versions (history.ts; exports since 2026-12-05 hold them). The manifest
 * comes from another machine: its table names only select among the known kinds, and are
 * never part of a path (a name like raw.../../x/raw/participations read a file outside the
 * export). A name that is not one an export writes refuses the whole export.
 */
export function readManifest(dir: string): {
  manifest: Manifest;
  kindRows: ReadonlyMap<Kind, number>;
  historyRows: ReadonlyMap<Kind, number>;
  /** Per raw file (its name without `raw.`): the SHA-256 the manifest lists, if any. */
  digests: ReadonlyMap<string, string>;
} {
  const refuse = (problem: string, hint = 'Ingest only exports written by almp export; export again at the Jobcenter.') =>
    new IngestError(`The export in ${dir} ${problem}. Nothing of it was loaded.`, dir, undefined, undefined, hint);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    throw refuse(`has a manifest (${MANIFEST_FILE}) that cannot be read as JSON`);
  }
  if (manifest?.incomplete) throw refuse(`is incomplete: it was stopped or failed while it was written (${MANIFEST_FILE} says so)`);
  if (!Array.isArray(manifest?.tables)) throw refuse(`has a manifest (${MANIFEST_FILE}) without its list of tables`);
  const kindRows = new Map<Kind, number>();
  const historyRows = new Map<Kind, number>();
  const digests = new Map<string, string>();
  for (const table of manifest.tables as unknown[]) {
    const { name, rows, sha256 } = (table ?? {}) as { name?: unknown; rows?: unknown; sha256?: unknown };
    if (typeof name === 'string' && name.startsWith('raw.') && typeof sha256 === 'string') digests.set(name.slice(4), sha256);
    const rawName = typeof name === 'string' && name.startsWith('raw.') ? name.slice(4) : undefined;
    const counted = Number.isSafeInteger(rows) && (rows as number) >= 0;
    const history = rawName === undefined ? undefined : historyKind(rawName);
    if (rawName !== undefined && isKind(rawName) && !kindRows.has(rawName) && counted) {
      kindRows.set(rawName, rows as number);
    } else if (history !== undefined && !historyRows.has(history) && counted) {
      historyRows.set(history, rows as number);
    } else if (!(typeof name === 'string' && MODEL_TABLE.test(name))) {
      const shown = typeof name === 'string' ? `'${name.slice(0, 80)}'` : JSON.stringify(table)?.slice(0, 80);
      // a raw table this almp does not know may come from a newer one at the Jobcenter
      throw refuse(
        `names a table that is not part of an almp export: ${shown} (raw tables are raw.<kind>, kinds: ${KINDS.join(', ')}, and ${HISTORY_KINDS.map((k) => `raw.${historyName(k)}`).join(', ')}, each once with its row count)`,
        'If the Jobcenter runs a newer almp than this one, upgrade almp here first (the state before its Jobcenters); otherwise export again at the Jobcenter with almp export.',
      );
    }
  }
  return { manifest, kindRows, historyRows, digests };
}
