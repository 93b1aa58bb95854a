/**
 * DuckDB's memory limit as the stages need it. The model build has its own cap
 * (pipelines/models/session.ts); the stages that only read the marts — dashboards and
 * returns — run under READING_MEMORY: their queries are small, and a larger buffer only
 * keeps what they read. At 10^7 participations with ALMP_MEMORY_LIMIT=3GB (which the ingest
 * and the model build need there) the dashboards' process peaked at 5.2–5.7 GB RSS over three
 * runs, with the cap at 4.4–5.1 GB over four (median 4.7), 1.5 % slower (52–54 s); the
 * returns peak at ~3.9 GB either way, and at 10^6 neither changed in time. A lower
 * configured limit is kept.
 */
import type { Db } from './database.ts';

export const READING_MEMORY = '1GB';

/** Runs `work` with the memory limit at most READING_MEMORY, then restores the limit. */
export async function withReadingMemory<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const lower = parseBytes(db.memoryLimit) > parseBytes(READING_MEMORY);
  if (lower) await db.run(`SET memory_limit = '${READING_MEMORY}'`);
  try {
    return await work();
  } finally {
    // the configured limit (Db.memoryLimit), not DuckDB's rounded report of it
    if (lower) await db.run('SET memory_limit = $v', { v: db.memoryLimit });
  }
}

/** '1.5 GiB', '953.6 MiB', '2GB' → bytes (DuckDB's units: GB = 1000³, GiB = 1024³). */
export function parseBytes(text: string): number {
  const m = /^([\d.]+)\s*([KMGT]?i?B)$/i.exec(text.trim());
  if (!m) return Infinity;
  const unit = m[2]!.toUpperCase();
  const power = { B: 0, KB: 1, KIB: 1, MB: 2, MIB: 2, GB: 3, GIB: 3, TB: 4, TIB: 4 }[unit] ?? 0;
  const base = unit.includes('I') ? 1024 : 1000;
  return Number(m[1]) * base ** power;
}
