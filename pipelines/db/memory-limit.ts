/**
 * DuckDB's memory limit as the stages need it. The model build has its own cap
 * (pipelines/models/session.ts); the stages that only read the marts — dashboards and
 * returns — run under READING_MEMORY: their queries are small, and a larger buffer only
 * keeps what they read. At 10^7 participations with ALMP_MEMORY_LIMIT=3GB (which the ingest
 * and the model build need there) the dashboards' process peaked at 5.2–5.7 GB RSS over three
 * runs, with the cap at 4.4–5.1 GB over four (median 4.7), 1.5 % slower (52–54 s); the
 * returns peak at ~3.9 GB either way, and at 10^6 neither changed in time. A lower
 * configured limit is kept, and so is any for small data (CAPPED_FROM_PARTICIPATIONS).
 */
import type { Db } from './database.ts';

export const READING_MEMORY = '1GB';

/**
 * Fewer participation records than this cannot bring a stage near its cap, so the limit is
 * left as it is: the model build of 1.9·10^4 took 493 MB peak RSS uncapped, 486 MB capped
 * (bench, 2026-12-07; at 1.9·10^5 1,385 MB and 1,233 MB). Setting the limit and back was part
 * of every build, dashboard and return run of the samples and of the tests' small databases,
 * and cost more than its two statements (DuckDB gives memory back at each change). Samples,
 * CPU per run, means of runs alternating the code with and without it: build 1.28 → 1.06 s,
 * HTML dashboards 0.58 → 0.45 s, returns 0.49 → 0.41 s.
 */
export const CAPPED_FROM_PARTICIPATIONS = 20_000;

/** Participation records held (every delivery's), from the table's statistics: no scan. */
export async function participationRecords(db: Db): Promise<number> {
  const [row] = await db.json<{ n: number | null }>(
    `select max(estimated_size)::DOUBLE as n from duckdb_tables() where schema_name = 'raw' and table_name = 'participations'`,
  );
  return Number(row?.n ?? 0);
}

/** Runs `work` with the memory limit at most READING_MEMORY, then restores the limit. */
export async function withReadingMemory<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const lower = parseBytes(db.memoryLimit) > parseBytes(READING_MEMORY) && (await participationRecords(db)) >= CAPPED_FROM_PARTICIPATIONS;
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
