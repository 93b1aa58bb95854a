/** `almp ingest`: load files into the store, pseudonymising participant ids at the edge. */
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import type { Kind } from '../schema/kinds.ts';
import { ingestPaths, type FileIngestResult } from '../ingest/ingest.ts';
import { loadKey } from '../ingest/pseudonym.ts';
import { withDb } from './open-db.ts';

export async function ingestCommand(
  config: Config,
  options: { paths: string[]; kind?: Kind },
  effects: Effects,
): Promise<FileIngestResult[]> {
  const { key, source } = loadKey(config);
  if (source === 'created') effects.warn(`Created a new pseudonym key in ${config.keyFile} (owner-only). Back it up: without it new files no longer link to earlier data.`);
  return withDb(config, (db) => ingestPaths(db, { paths: options.paths, kind: options.kind, key }, effects));
}

/** Contracts: a run that meets bad input exits non-zero only if nothing could be done. */
export function ingestExitCode(results: readonly FileIngestResult[]): number {
  if (results.length === 0) return 1;
  return results.some((r) => r.status === 'success' || r.alreadyLoaded) ? 0 : 1;
}
