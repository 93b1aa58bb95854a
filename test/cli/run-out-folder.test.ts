/**
 * `almp run --config FILE` writes its outputs where the scheduler writes them (the schedule
 * file's `out`) unless --out is given: it wrote into ./out of the folder it was started in,
 * and after a restore's `almp run --config` the scheduler's outputs stayed old.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../pipelines/config.ts';
import { outFolder, scheduleSettingsOf } from '../../pipelines/cli/schedule-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'almp-run-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outOf(args: string[]): string {
  const command = new Command('run').option('--out <dir>', 'output folder', 'out').option('--config <file>').exitOverride();
  command.parse(args, { from: 'user' });
  const opts = command.opts<{ out: string; config?: string }>();
  return outFolder(command, opts.out, scheduleSettingsOf(loadConfig({ db: join(dir, 'data', 'almp.duckdb') }, {}), opts.config));
}

it("takes the schedule file's out without --out, and --out over it; ./out without a schedule file", () => {
  const schedule = join(dir, 'schedule.json');
  writeFileSync(schedule, JSON.stringify({ out: 'published' }));
  expect(outOf(['--config', schedule])).toBe(join(dir, 'published'));
  expect(outOf(['--config', schedule, '--out', 'mine'])).toBe(resolve('mine'));
  // --out given as the default's own word is still given
  expect(outOf(['--config', schedule, '--out', 'out'])).toBe(resolve('out'));
  expect(outOf([])).toBe(resolve('out'));
});
