/**
 * Crash safety of the model build: a build killed with SIGKILL at random points leaves the
 * last good marts readable and unchanged; the next build repairs everything. The build runs
 * in one transaction, so DuckDB's WAL never replays a half-built set of marts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { copyFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { AS_OF, indicatorLines, sampleStore, tempDir } from './helpers.ts';

const RUNNER = fileURLToPath(new URL('./build-runner.ts', import.meta.url));
const KILLS = 5;
const LATER = '2026-06-30';

/** Starts a build and kills it `delayMs` after it opened the database; resolves when it is gone. */
function buildAndKill(dbPath: string, asOf: string, delayMs: number | undefined): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, dbPath, asOf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (delayMs !== undefined && !killed && output.includes('building')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed: killed && delayMs !== undefined, output }));
  });
}

describe('model build killed with SIGKILL', () => {
  const tmp = tempDir('almp-crash-build-');
  afterAll(() => tmp.cleanup());

  it(`${KILLS} kills at random points keep the last good marts; the next build repairs`, async () => {
    const dbPath = join(tmp.dir, 'almp.duckdb');
    const db = await sampleStore(dbPath); // built once with as-of AS_OF: the last good marts
    const good = await indicatorLines(db);
    db.close();
    // The complete result of a later build (another as-of), made on a copy.
    const copy = join(tmp.dir, 'copy.duckdb');
    copyFileSync(dbPath, copy);
    expect((await buildAndKill(copy, LATER, undefined)).output).toContain('"failed":0');
    const copyDb = await Db.open(copy);
    const rebuilt = await indicatorLines(copyDb);
    copyDb.close();
    expect(good.length).toBeGreaterThan(1000);
    expect(rebuilt).not.toEqual(good);

    // A killed build leaves either the old marts or, if it got to COMMIT first, the new ones.
    const rng = seedrandom('crash-build');
    let killedMidBuild = 0;
    let current = good;
    for (let i = 0; i < KILLS; i++) {
      const delay = Math.floor(rng() * 1200);
      await buildAndKill(dbPath, LATER, delay);
      const after = await Db.open(dbPath);
      try {
        const lines = await indicatorLines(after);
        if (lines.length === current.length && lines[0] === current[0]) {
          expect(lines, `after a kill at ${delay} ms`).toEqual(current);
          killedMidBuild++;
        } else {
          expect(lines, `after a kill at ${delay} ms`).toEqual(rebuilt);
          current = rebuilt;
        }
      } finally {
        after.close();
      }
    }
    expect(killedMidBuild).toBeGreaterThan(0);
    const finished = await buildAndKill(dbPath, LATER, undefined);
    expect(finished.output).toContain('"failed":0');
    const repaired = await Db.open(dbPath);
    try {
      expect(await indicatorLines(repaired)).toEqual(rebuilt);
    } finally {
      repaired.close();
    }
    expect(AS_OF).not.toBe(LATER);
  }, 240_000);
});
