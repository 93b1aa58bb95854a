/**
 * Crash safety of ingest at random points (issue 7: "killed with SIGKILL at random points
 * (test it repeatedly)"): one `almp ingest` call of two files — a delivery and its
 * correction — is killed again and again at seeded random moments: every other kill anywhere
 * in the run, the others inside a file's transaction. After each kill (each on a fresh copy
 * of the database) it holds exactly the state before the call, after the first file or
 * after both, never a part of a file; the next run repairs everything: the same state as a
 * run never interrupted.
 */
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { writeParticipationsCsv } from '../../pipelines/bench/ingest-bench.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { KEY, fixture, openStore } from './helpers.ts';

const RUNNER = fileURLToPath(new URL('./ingest-runner.ts', import.meta.url));
const KILLS = 4;
const ROWS = 10_000;
const CORRECTED = 6_000;

/** What a reader sees: rows, current rows, the ledger (names, not ids) and the rejects. */
const state = async (dbPath: string): Promise<string> => {
  const db = await Db.open(dbPath);
  try {
    const rows = await db.json(`SELECT
      (SELECT count(*) FROM raw.participations) AS rows,
      (SELECT count(*) FILTER (WHERE _current) FROM raw.participations) AS current,
      (SELECT list(name || ':' || rows_loaded || ':' || rows_superseded ORDER BY file_id) FROM meta.files) AS files,
      (SELECT count(*) FROM meta.rejects) AS rejects`);
    return JSON.stringify(rows);
  } finally {
    db.close();
  }
};

/** The uninterrupted call, in this process (no second start of Node to wait for). */
async function ingestHere(dbPath: string, files: string[]): Promise<string[]> {
  const db = await Db.open(dbPath);
  try {
    return (await ingestPaths(db, { paths: files, kind: 'participations', key: KEY }, quietEffects())).map((r) => r.status);
  } finally {
    db.close();
  }
}

/** Where a kill lands: `ms` after the `nth` time `marker` appears in the runner's output. */
interface KillPoint {
  marker: string;
  nth: number;
  ms: number;
}

const occurrences = (text: string, marker: string) => text.split(marker).length - 1;

/** Runs one ingest call in a child process, SIGKILLed at `kill` if given. */
function ingest(dbPath: string, files: string[], kill?: KillPoint): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, dbPath, files.join(','), 'participations'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (kill && !timer && occurrences(output, kill.marker) >= kill.nth) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', output });
    });
  });
}

/** The runner's debug log times (ms) of each line whose message is `msg`. */
const logTimes = (output: string, msg: string): number[] =>
  output.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).map((line) => (JSON.parse(line) as { time: number }).time);

describe('ingest killed with SIGKILL at random points', () => {
  it(`${KILLS} kills of a two-file ingest leave before / first file / both, never part of a file; the next run repairs`, async () => {
    const store = await openStore();
    try {
      await store.ingest([fixture('participations_bom_iso.csv')], { kind: 'participations' });
      await store.db.checkpoint();
      store.db.close();
      const delivery = join(store.dir, 'teilnahmen.csv');
      const correction = join(store.dir, 'teilnahmen_korrektur.csv');
      await writeParticipationsCsv(delivery, ROWS);
      await writeParticipationsCsv(correction, CORRECTED);
      const files = [delivery, correction];

      // The three states a kill may leave, from uninterrupted runs on copies.
      const before = await state(store.dbPath);
      const first = join(store.dir, 'first.duckdb');
      copyFileSync(store.dbPath, first);
      expect(await ingestHere(first, [delivery])).toEqual(['success']);
      const afterFirst = await state(first);
      const both = join(store.dir, 'both.duckdb');
      copyFileSync(store.dbPath, both);
      // An uninterrupted run in a child process gives the spans the kills are drawn from:
      // the whole run after the database is open, and each file's transaction (writing
      // rows → committed, some 50–150 ms that uniform draws over the run would rarely hit).
      const full = await ingest(both, files);
      expect(full.output).toContain('"done":"success,success"');
      const [ready = 0] = logTimes(full.output, 'ready');
      const writing = logTimes(full.output, 'ingest: writing rows');
      const committed = logTimes(full.output, 'ingest: committed');
      expect(writing).toHaveLength(2);
      const runMs = committed[1]! - ready + 500;
      const afterBoth = await state(both);
      expect(new Set([before, afterFirst, afterBoth]).size).toBe(3);

      // Each kill on a fresh copy of the database before the call, then the repairing run.
      const rng = seedrandom('crash-ingest');
      const seen = new Map<string, number>();
      for (let i = 0; i < KILLS; i++) {
        // every other kill anywhere in the run, the others inside a file's transaction
        const file = rng() < 0.5 ? 0 : 1;
        const kill: KillPoint = i % 2 === 0
          ? { marker: '"msg":"ready"', nth: 1, ms: Math.floor(rng() * runMs) }
          : { marker: '"ingest: writing rows"', nth: file + 1, ms: Math.floor(rng() * (committed[file]! - writing[file]!)) };
        const target = join(store.dir, `kill-${i}.duckdb`);
        copyFileSync(store.dbPath, target);
        const run = await ingest(target, files, kill);
        const now = await state(target);
        const name = now === before ? 'before' : now === afterFirst ? 'first file' : now === afterBoth ? 'both' : undefined;
        expect(name, `after a kill ${kill.ms} ms after ${kill.marker.trim()} #${kill.nth} (killed: ${run.killed}): ${now}`).toBeDefined();
        seen.set(name!, (seen.get(name!) ?? 0) + 1);
        await ingestHere(target, files);
        expect(await state(target), `the run after a kill ${kill.ms} ms after ${kill.marker.trim()}`).toBe(afterBoth);
      }
      // the seed puts kills inside the work (at least one before the end), not only after it
      expect(seen.get('both') ?? 0, JSON.stringify([...seen])).toBeLessThan(KILLS);
    } finally {
      store.close();
    }
  }, 180_000);
});
