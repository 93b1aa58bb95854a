/**
 * Ctrl-C (SIGINT) or SIGTERM in a one-shot command, on a real child process: it ended with
 * no word (exit 130), the writer lock left behind, the terminal's cursor hidden and line wrap
 * off, and after the build's commit nothing said that the snapshot and outputs lagged the
 * marts. Each test signals once the child has printed where it is, never after a fixed sleep.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { acquireWriterLock, lockPathFor } from '../../pipelines/ops/writer-lock.ts';
import { germanDate } from '../../pipelines/models/as-of.ts';
import { AS_OF, KEY, SAMPLES, indicatorLines, sampleStore, tempDir } from '../hardening/helpers.ts';
import { ROOT, spawnTs } from './child.ts';

const LATER = '2026-06-30'; // another as-of: a build that committed changes the marts
const ENV = { ALMP_PSEUDONYM_KEY: KEY.toString() };
const tmp = tempDir('almp-interrupt-');
let built = '';
let before: string[] = [];

beforeAll(async () => {
  built = join(tmp.dir, 'built.duckdb');
  const db = await sampleStore(built);
  before = await indicatorLines(db);
  db.close();
}, 150_000);
afterAll(() => tmp.cleanup());

async function copyOfBuilt(name: string): Promise<string> {
  mkdirSync(join(tmp.dir, name));
  const path = join(tmp.dir, name, 'almp.duckdb');
  const db = await sampleStore(path);
  db.close();
  return path;
}

async function marts(path: string): Promise<{ asOf: string; lines: string[] }> {
  const db = await Db.open(path);
  try {
    const asOf = (await db.json<{ d: string }>('SELECT CAST(as_of AS VARCHAR) AS d FROM meta.marts_built'))[0]!.d;
    return { asOf, lines: await indicatorLines(db) };
  } finally {
    db.close();
  }
}

describe('a writing command interrupted', () => {
  it('during the build (SIGINT): nothing stored, said so, lock gone, ends by SIGINT (exit 130)', async () => {
    const db = await copyOfBuilt('build');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', db, '--debug', 'run', '--as-of', LATER, '--out', join(tmp.dir, 'build', 'out')], ENV);
    await child.waitFor('model build started');
    child.process.kill('SIGINT');
    const { code, signal } = await child.exited();
    expect([code, signal], child.output()).toEqual([null, 'SIGINT']);
    expect(child.output()).toContain('Interrupted (SIGINT): nothing of this run was stored (the build rolled back)');
    expect(existsSync(lockPathFor(db))).toBe(false);
    const after = await marts(db);
    expect(after.asOf).toBe(AS_OF);
    expect(after.lines).toEqual(before);
  }, 60_000);

  it('after the build committed (SIGTERM): says the snapshot and outputs lag the marts, ends by SIGTERM (exit 143)', async () => {
    const db = await copyOfBuilt('outputs');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', db, 'run', '--as-of', LATER, '--out', join(tmp.dir, 'outputs', 'out')], ENV);
    await child.waitFor('Models built');
    child.process.kill('SIGTERM');
    const { code, signal } = await child.exited();
    expect([code, signal], child.output()).toEqual([null, 'SIGTERM']);
    expect(child.output()).toContain(
      `Interrupted (SIGTERM): the models were built and stored as of ${germanDate(LATER)}, but the snapshot for readers (almp query, BI tools) and the outputs in ${join(tmp.dir, 'outputs', 'out')} are not yet of this build (the build before was as of ${germanDate(AS_OF)}) — run \`almp run --db ${db} --out ${join(tmp.dir, 'outputs', 'out')}\` again`,
    );
    expect(existsSync(lockPathFor(db))).toBe(false);
    expect((await marts(db)).asOf).toBe(LATER);
    expect(existsSync(join(tmp.dir, 'outputs', 'snapshots', 'current'))).toBe(false);
  }, 60_000);

  it('ingest: the files stored before the one in work are counted as the database holds them', async () => {
    const db = join(tmp.dir, 'ingest', 'almp.duckdb');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', db, 'ingest', SAMPLES], ENV);
    await child.waitFor('rows loaded'); // the first file is stored
    child.process.kill('SIGINT');
    const { signal } = await child.exited();
    expect(signal, child.output()).toBe('SIGINT');
    const said = /Interrupted \(SIGINT\): (\d+) files? of this run (?:was|were) stored; (.+) was not \(rolled back\)/.exec(child.output());
    expect(said, child.output()).not.toBeNull();
    expect(existsSync(lockPathFor(db))).toBe(false);
    const store = await Db.open(db);
    try {
      expect(await store.scalar('SELECT count(*) FROM meta.files')).toBe(Number(said![1]));
    } finally {
      store.close();
    }
  }, 60_000);

  it("ingest of a Windows-1252 file: the re-encoded copy, every raw Kundennummer in it, is gone when the process ends", async () => {
    // it stayed beside the database until a later writer started: after a one-off ingest, never (a privacy audit)
    const dir = join(tmp.dir, 'cp1252');
    mkdirSync(dir);
    const [header, row] = readFileSync(join(SAMPLES, 'participations', 'teilnahmen_06411.csv'), 'utf8').split('\n');
    const rows = Array.from({ length: 200_000 }, (_, i) => row!.replace(/^\d{3}[A-Z]\d{6}/, `${String(100 + (i % 900))}K${String(i).padStart(6, '0')}`));
    writeFileSync(join(dir, 'teilnahmen_gross.csv'), Buffer.from(`${header}\n${rows.join('\n')}\n`, 'latin1'));
    const db = join(dir, 'almp.duckdb');
    const child = spawnTs('pipelines/cli/main.ts', ['--db', db, 'ingest', join(dir, 'teilnahmen_gross.csv'), '--kind', 'participations'], ENV);
    const copies = () => readdirSync(dir).filter((name) => name.startsWith('almp.duckdb.ingest-'));
    // signalled while the copy exists, never after a fixed sleep
    for (const deadline = Date.now() + 30_000; copies().length === 0; await new Promise((resolve) => setTimeout(resolve, 5))) {
      if (Date.now() > deadline || child.process.exitCode !== null) throw new Error(`no re-encoded copy made; output:\n${child.output()}`);
    }
    child.process.kill('SIGINT');
    const { signal } = await child.exited();
    expect(signal, child.output()).toBe('SIGINT');
    expect(copies()).toEqual([]);
  }, 60_000);

  const script = (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  // a pseudo-terminal from util-linux's script(1); where it is missing, exit-on-signal.test.ts checks the same on a fake terminal
  it.skipIf(!script)('on a terminal: the progress bar gives back the cursor and line wrap', async () => {
    const db = await copyOfBuilt('tty');
    const command = [process.execPath, join(ROOT, 'bin/almp.mjs'), '--db', db, 'run', '--as-of', LATER, '--out', join(tmp.dir, 'tty', 'out')].map((a) => `'${a}'`).join(' ');
    // CI='': CI draws no bars
    const child = spawn(script, ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...ENV, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stderr.on('data', (chunk) => (out += String(chunk)));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (const deadline = Date.now() + 20_000; !out.includes('Models ['); ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no progress bar drawn; output:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // the almp process under script(1): the pid its lock names
    const holder = JSON.parse(readFileSync(lockPathFor(db), 'utf8')) as { pid: number };
    process.kill(holder.pid, 'SIGINT');
    await exited;
    const shown = out;
    expect(shown.lastIndexOf('\x1b[?25h'), JSON.stringify(shown.slice(-400))).toBeGreaterThan(shown.lastIndexOf('\x1b[?25l'));
    expect(shown.lastIndexOf('\x1b[?7h')).toBeGreaterThan(shown.lastIndexOf('\x1b[?7l'));
    expect(shown).toContain('Interrupted (SIGINT): nothing of this run was stored');
    expect(existsSync(lockPathFor(db))).toBe(false);
  }, 60_000);
});

describe('a run interrupted before it stored anything', () => {
  // while it started, opened the database or waited for the lock it said only
  // "Interrupted (SIGTERM)." — nothing on what the database held
  it('while it waits for the writer lock (SIGTERM): says nothing of this run was stored yet, ends by SIGTERM', async () => {
    const db = await copyOfBuilt('waiting');
    const lock = await acquireWriterLock(db, { waitMs: 0 });
    try {
      const child = spawnTs('pipelines/cli/main.ts', ['--db', db, 'run', '--out', join(tmp.dir, 'waiting', 'out')], ENV);
      await child.waitFor('Waiting up to');
      child.process.kill('SIGTERM');
      const { signal } = await child.exited();
      expect(signal, child.output()).toBe('SIGTERM');
      expect(child.output()).toContain('Interrupted (SIGTERM): nothing of this run was stored yet; the marts, the snapshot and the outputs are as they were');
    } finally {
      lock.release();
    }
    expect((await marts(db)).lines).toEqual(before);
  });
});
