/** A bootstrapped DuckDB file in a temp dir with Jobcenters, providers and one measure M1 in raw.*. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Db } from '../../pipelines/db/database.ts';
import { pid } from '../fixtures/hand-checked/fixture.ts';
import { bootstrapped } from '../helpers/fresh-database.ts';

export interface TinyDb {
  db: Db;
  /** Inserts a participation of M1 in force (file 2). */
  participation(person: string, jobcenter: string, referral: string, entry: string | null, exit: string | null): Promise<void>;
  /** Records input file `id` in meta.files (the ledger the checks name files from). */
  file(id: number, kind: string, name: string): Promise<void>;
  close(): void;
}

/**
 * M1 belongs to J1 and provider P1 (45_MAT, `plannedDays` days). `storageVersion`: the file is
 * first created by DuckDB in that storage format, as an older almp left it.
 */
export async function tinyDb(jobcenters: string[], providers: string[], plannedDays: number, storageVersion?: string): Promise<TinyDb> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-tiny-'));
  const path = join(dir, 'almp.duckdb');
  if (storageVersion) (await DuckDBInstance.create(path, { storage_compatibility_version: storageVersion })).closeSync();
  // a file made in an older storage format is there already: opened as it is, not copied
  const db = await bootstrapped(path);
  for (const [i, id] of jobcenters.entries()) {
    await db.run(`INSERT INTO raw.jobcenters (jobcenter_id, name, _file_id, _row, _current) VALUES ($id, $id, 1, $row, true)`, { id, row: i + 1 });
  }
  for (const [i, id] of providers.entries()) {
    await db.run(`INSERT INTO raw.providers (provider_id, name, _file_id, _row, _current) VALUES ($id, $id, 1, $row, true)`, { id, row: i + 1 });
  }
  await db.run(
    `INSERT INTO raw.measures (measure_id, jobcenter_id, provider_id, instrument, planned_duration_days, _file_id, _row, _current)
     VALUES ('M1', 'J1', 'P1', '45_MAT', $days, 1, 1, true)`,
    { days: plannedDays },
  );
  let row = 0;
  return {
    db,
    participation: async (person, jobcenter, referral, entry, exit) => {
      await db.run(
        `INSERT INTO raw.participations (participant_id, jobcenter_id, measure_id, referral_date, entry_date, exit_date, _file_id, _row, _current)
         VALUES ($pid, $jc, 'M1', $referral::DATE, $entry::DATE, $exit::DATE, 2, $row, true)`,
        { pid: pid(person), jc: jobcenter, referral, entry, exit, row: ++row },
      );
    },
    file: async (id, kind, name) => {
      await db.run(
        `INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
         VALUES ($id, $kind, $name, $name, $name, 'csv', 0, 0, 0, 0, TIMESTAMP '2024-01-01 00:00:00')`,
        { id, kind, name },
      );
    },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
