/**
 * Atomicity: a SIGKILL in the middle of loading a large file leaves the database as it was
 * before that file (rows, ledger, rejects), and the database stays usable.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { writeParticipationsCsv } from '../../pipelines/bench/ingest-bench.ts';
import { fixture, openStore } from './helpers.ts';

const RUNNER = fileURLToPath(new URL('./ingest-runner.ts', import.meta.url));
const ROWS = 300_000;

const state = (db: Db) =>
  db.json(`SELECT (SELECT count(*) FROM raw.participations) AS rows, (SELECT count(*) FILTER (WHERE _current) FROM raw.participations) AS current,
    (SELECT list(file_id ORDER BY file_id) FROM meta.files) AS files, (SELECT count(*) FROM meta.rejects) AS rejects`);

/** Runs the runner and SIGKILLs it as soon as it reports that it is writing rows. */
function killWhileWriting(dbPath: string, file: string): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, dbPath, file, 'participations'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ingest: writing rows')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', output }));
  });
}

describe('crash during ingest', () => {
  it(`SIGKILL while writing ${ROWS} rows leaves the database as before that file, and usable`, async () => {
    const store = await openStore();
    try {
      await store.ingest([fixture('participations_bom_iso.csv')], { kind: 'participations' });
      const before = await state(store.db);
      expect(before).toEqual([{ rows: '4', current: '4', files: ['1'], rejects: '0' }]);
      await store.db.checkpoint();
      store.db.close();

      const big = join(store.dir, 'teilnahmen_gross.csv');
      await writeParticipationsCsv(big, ROWS);
      const run = await killWhileWriting(store.dbPath, big);
      expect(run.output).toContain('ingest: writing rows');
      expect(run.output).not.toContain('"done"');
      expect(run.killed).toBe(true);

      const db = await Db.open(store.dbPath);
      store.db = db;
      expect(await state(db)).toEqual(before);
      const [again] = await store.ingest([big], { kind: 'participations' });
      // the benchmark writer puts an unknown gender code in every 500th row
      expect(again).toMatchObject({ status: 'success', rowsRead: ROWS, rowsRejected: ROWS / 500, rowsLoaded: ROWS - ROWS / 500 });
      expect(await state(db)).toEqual([{ rows: String(4 + ROWS - ROWS / 500), current: String(4 + ROWS - ROWS / 500), files: ['1', String(again?.fileId)], rejects: String(ROWS / 500) }]);
    } finally {
      store.close();
    }
  }, 120_000);
});
