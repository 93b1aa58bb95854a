/**
 * `almp forget` takes the Kundennummern on standard input or from a file: an argument shows in
 * ps and /proc/<pid>/cmdline for every local user while the models rebuild, and stays in the
 * shell history. The argument form still works, with a warning; no form puts the id into a
 * log line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ARGUMENT_WARNING, readForgetIds } from '../../pipelines/cli/forget-ids.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { fixture, KEY } from '../ingest/helpers.ts';
import { spawnTs } from './child.ts';

const ID = '962D100001'; // first row of participations_bom_iso.csv
const stdin = (text: string) => Object.assign(Readable.from([text]), { isTTY: false });

describe('almp forget: where the ids come from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-forget-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads standard input (none or -) and --ids-file one per line, a Windows file too; warns for arguments', async () => {
    const warnings: string[] = [];
    const warn = (line: string) => void warnings.push(line);
    expect(await readForgetIds({ args: [], stdin: stdin(`${ID}\r\n\r\n 962D100002 \r\n${ID}\r\n`), warn })).toEqual([ID, '962D100002']);
    expect(await readForgetIds({ args: ['-'], stdin: stdin(`${ID}\n`), warn })).toEqual([ID]);
    const file = join(dir, 'ids.txt');
    writeFileSync(file, `\ufeff${ID}\r\n`);
    expect(await readForgetIds({ args: [], idsFile: file, stdin: stdin(''), warn })).toEqual([ID]);
    expect(warnings).toEqual([]);
    expect(await readForgetIds({ args: [ID], stdin: stdin(''), warn })).toEqual([ID]);
    expect(warnings).toEqual([ARGUMENT_WARNING]);
    expect(ARGUMENT_WARNING).not.toContain(ID);
    await expect(readForgetIds({ args: [], stdin: stdin('\n'), warn })).rejects.toThrow('No Kundennummer given');
    await expect(readForgetIds({ args: [ID], idsFile: file, stdin: stdin(''), warn })).rejects.toThrow('either with --ids-file or as arguments');
    // a mistyped path is a usage error naming the file, not an 'Unexpected error: ENOENT'
    const missing = readForgetIds({ args: [], idsFile: join(dir, 'nope.txt'), stdin: stdin(''), warn });
    await expect(missing).rejects.toThrow(`Cannot read the --ids-file ${join(dir, 'nope.txt')}: it does not exist. Nothing was erased.`);
    await expect(missing).rejects.toMatchObject({ exitCode: 2 });
  });

  it('lists --db and --key-file and the exit codes in the help of a command (the README writes them after it)', async () => {
    for (const command of ['ingest', 'run', 'forget']) {
      const child = spawnTs('pipelines/cli/main.ts', [command, '--help']);
      expect((await child.exited()).code).toBe(0);
      expect(child.output()).toMatch(/Global Options:[\s\S]*--db <path>[\s\S]*--key-file <path>/);
      // a script writer reads the command's own help for what to test $? against
      expect(child.output()).toMatch(/Exit codes: 0 done; 1 [\s\S]*2 wrong\s+usage[\s\S]*75[\s\S]*130\/143/);
    }
    // the scheduler is the exception: a signal is its clean stop
    const schedule = spawnTs('pipelines/cli/main.ts', ['schedule', '--help']);
    expect((await schedule.exited()).code).toBe(0);
    expect(schedule.output()).toMatch(/Exit code: 0 after Ctrl-C or SIGTERM/);
    expect(schedule.output()).not.toMatch(/130\/143 stopped by/);
  });

  it('the CLI reads the id from standard input: not in its command line, not in its output or debug log', async () => {
    const dbPath = join(dir, 'almp.duckdb');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    await ingestPaths(db, { paths: [fixture('participations_bom_iso.csv')], kind: 'participations', key: KEY }, quietEffects());
    db.close();
    const child = spawnTs('pipelines/cli/main.ts', ['--debug', '--db', dbPath, 'forget'], { ALMP_PSEUDONYM_KEY: KEY.toString('utf8') }, { stdin: 'pipe' });
    const cmdline = `/proc/${child.process.pid}/cmdline`;
    if (existsSync(cmdline)) expect(readFileSync(cmdline, 'utf8')).not.toContain(ID);
    child.process.stdin!.end(`${ID}\n`);
    expect((await child.exited()).code).toBe(0);
    expect(child.output()).toContain('Would erase 1 record of 1 person (participations 1)');
    expect(child.output()).not.toMatch(new RegExp(ID, 'i'));
    expect(child.output()).not.toContain('warning: a Kundennummer given as an argument');
  }, 60_000);
});
