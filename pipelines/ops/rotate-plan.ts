/**
 * What `almp rotate-key` will load: the archived input files, matched by content to the old
 * database's ledger and put in the order that database loaded them. The old ledger, not the
 * archive's names, decides the order: a correction delivered the same day under the same
 * name is archived as `name.2.csv`, which sorts before `name.csv` and would have loaded the
 * correction first, leaving the original in force.
 */
import { basename, dirname } from 'node:path';
import type { Db } from '../db/database.ts';
import type { Progress } from '../effects.ts';
import { ident } from '../db/database.ts';
import { KINDS, type Kind } from '../schema/kinds.ts';
import { listFiles } from '../ingest/ingest.ts';
import { hashFile } from '../ingest/ledger.ts';
import { inferKind } from '../ingest/kind-inference.ts';
import { maskParticipantIds, shownFileName } from '../ingest/value-shapes.ts';

export interface OldFile {
  readonly fileId: number;
  readonly kind: Kind;
  /** As the ledger keeps it (a Kundennummer in it masked). */
  readonly name: string;
  readonly contentHash: string;
  readonly loadedAt: string;
  /** Records of the file still in raw.* (every version; fewer than loaded after almp forget). */
  readonly records: number;
}

export interface ArchivedFile {
  readonly path: string;
  readonly kind: Kind;
  readonly oldFileId: number;
  readonly contentHash: string;
  /** When the old database loaded it (UTC, as its ledger keeps it). */
  readonly loadedAt: string;
}

export interface RotationPlan {
  /** Archived files the old database loaded, in its order of loading. */
  readonly load: readonly ArchivedFile[];
  /** Files of the old database holding records that no archived file has the content of. */
  readonly missing: readonly OldFile[];
  /** Archived files whose content the old database never loaded: not loaded now either. */
  readonly unknown: readonly string[];
  /**
   * Missing files whose name an unknown archived file of the same kind bears: changed since
   * they were loaded (redacted by hand, edited, damaged), so not theirs to load.
   */
  readonly changed: readonly { readonly path: string; readonly old: OldFile }[];
  /** Files in the archive's folder that are not input files (not read by ingest either). */
  readonly notRead: readonly string[];
}

/** The old database's ledger with each file's records left in raw.*. */
export async function oldLedger(db: Db): Promise<OldFile[]> {
  const left = new Map<number, number>();
  for (const kind of KINDS) {
    for (const r of await db.json<{ f: string; n: string }>(`SELECT _file_id AS f, count(*) AS n FROM raw.${ident(kind)} GROUP BY 1`)) left.set(Number(r.f), Number(r.n));
  }
  const files = await db.json<{ file_id: string; kind: Kind; name: string; content_hash: string; loaded_at: string }>(
    'SELECT file_id, kind, name, content_hash, CAST(loaded_at AS VARCHAR) AS loaded_at FROM meta.files ORDER BY file_id',
  );
  return files.map((f) => ({ fileId: Number(f.file_id), kind: f.kind, name: f.name, contentHash: f.content_hash, loadedAt: f.loaded_at, records: left.get(Number(f.file_id)) ?? 0 }));
}

export async function planRotation(archive: string, ledger: readonly OldFile[], progress?: (total: number) => Progress): Promise<RotationPlan & { archived: number }> {
  const notRead: string[] = [];
  let paths: string[] = [];
  try {
    paths = listFiles(archive, notRead);
  } catch {
    // no archive yet: every file of the old database is missing, which the plan says
  }
  const byHash = new Map<string, OldFile[]>();
  for (const f of ledger) byHash.set(f.contentHash, [...(byHash.get(f.contentHash) ?? []), f]);
  const load: ArchivedFile[] = [];
  const unknown: string[] = [];
  const found = new Set<number>();
  // every archived file is read once for its hash: a year's archive takes a while
  const bar = progress?.(paths.length);
  for (const path of paths) {
    const entries = byHash.get(await hashFile(path)) ?? [];
    bar?.tick();
    const folderKind = kindOf(path);
    const entry = entries.find((e) => e.kind === folderKind) ?? (entries.length === 1 ? entries[0] : undefined);
    if (!entry) {
      unknown.push(path);
      continue;
    }
    // a second copy of the same content: the old database skipped it as already loaded
    if (found.has(entry.fileId)) continue;
    found.add(entry.fileId);
    load.push({ path, kind: entry.kind, oldFileId: entry.fileId, contentHash: entry.contentHash, loadedAt: entry.loadedAt });
  }
  bar?.stop();
  load.sort((a, b) => a.oldFileId - b.oldFileId);
  const missing = ledger.filter((f) => f.records > 0 && !found.has(f.fileId));
  const taken = new Set<number>();
  const changed = unknown.flatMap((path) => {
    const old = changedFrom(path, missing.filter((f) => !taken.has(f.fileId)));
    if (old) taken.add(old.fileId);
    return old ? [{ path, old }] : [];
  });
  return { load, missing, unknown: unknown.filter((path) => !changed.some((c) => c.path === path)), changed, notRead, archived: paths.length };
}

/**
 * The missing file an unknown archived file was, by kind and name (the scheduler archives a
 * second delivery of a name on one day as name.2.csv); a name delivered every month is told
 * apart by the archive's day folder (archive/<day>/<kind>/), which is the day it was loaded.
 */
function changedFrom(path: string, missing: readonly OldFile[]): OldFile | undefined {
  const name = shownFileName(basename(path));
  const names = [name, name.replace(/\.\d+(\.[^.]+)$/, '$1')];
  const candidates = missing.filter((f) => f.kind === kindOf(path) && names.includes(f.name));
  const day = basename(dirname(dirname(path)));
  return candidates.find((f) => f.loadedAt.startsWith(day)) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function kindOf(path: string): Kind | undefined {
  try {
    return inferKind(path);
  } catch {
    return undefined;
  }
}

/** A file name for the terminal: a Kundennummer in it masked. */
export const shownName = (path: string): string => maskParticipantIds(basename(path));
