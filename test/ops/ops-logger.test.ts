import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpsLogger, wallClockTime } from '../../pipelines/ops/ops-logger.ts';
import { spawnTs } from './child.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('operations log', () => {
  it('appends JSON lines and redacts fields that could carry an id or the key', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-log-'));
    const file = join(dir, 'logs', 'almp.log');
    const log = createOpsLogger({ logFile: file, level: 'info', console: false });
    log.info({ event: 'file_archived', file: 'providers/p.csv', rows: 3 }, 'loaded');
    log.warn({ event: 'oops', participant_id: 'K123456', detail: { key: 'secret-key-material' } }, 'should not leak');
    log.debug({ event: 'hidden' }, 'below the level');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['event'])).toEqual(['file_archived', 'oops']);
    expect(lines[0]).toMatchObject({ file: 'providers/p.csv', rows: 3, msg: 'loaded', level: 30 });
    expect(lines[1]).toMatchObject({ participant_id: '[redacted]', detail: { key: '[redacted]' } });
    expect(readFileSync(file, 'utf8')).not.toMatch(/K123456|secret-key-material/);
  });

  it('shows C1 and other controls from input files as \\xNN in message and fields (U+009B is ESC [ to a terminal)', () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-log-'));
    const file = join(dir, 'almp.log');
    const log = createOpsLogger({ logFile: file, level: 'info', console: false });
    // a sheet named 'Daten\u009b2J' reached almp.log raw in the reason of file_quarantined
    log.warn({ event: 'file_quarantined', reason: "Sheet 'Daten\u009b2J' is hidden", items: [{ error: '\u001b]0;x\u0007' }] }, 'sheet \u009b2J');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/[\u0080-\u009f]|\\u001b|\\u0007/);
    expect(JSON.parse(text)).toMatchObject({ reason: "Sheet 'Daten\\x9b2J' is hidden", items: [{ error: '\\x1b]0;x\\x07' }], msg: 'sheet \\x9b2J' });
  });

  it('stamps console lines with the schedule\'s wall clock, whatever zone the machine is in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-log-'));
    for (const machine of ['UTC', 'America/Los_Angeles']) {
      const file = join(dir, `${machine.replace('/', '-')}.log`);
      const child = spawnTs('test/ops/fixtures/console-log-line.ts', [file, 'Europe/Berlin'], { TZ: machine });
      expect((await child.exited()).code, child.output()).toBe(0);
      const time = String((JSON.parse(readFileSync(file, 'utf8')) as { time: string }).time);
      // the file keeps the instant in UTC (ISO with Z) for machines and audits
      expect(time).toMatch(/Z$/);
      expect(child.output(), machine).toContain(`[${wallClockTime(time, 'Europe/Berlin')}]`);
    }
    expect(wallClockTime('2026-07-01T04:30:00Z', 'Europe/Berlin')).toBe('2026-07-01 06:30:00');
    expect(wallClockTime('2026-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2027-01-01 00:30:00');
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('loses a line it cannot write (a full disk), not the process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-log-'));
    // /dev/full answers every write with ENOSPC: the scheduler ended there with a stack trace and its lock left (a review)
    const child = spawnTs('test/ops/fixtures/console-log-line.ts', ['/dev/full']);
    expect((await child.exited()).code, child.output()).toBe(0);
    expect(child.output()).toContain('The operations log /dev/full cannot be written (ENOSPC): its lines are lost until it can (free disk space?); the jobs go on.');
    // the console line is written all the same
    expect(child.output()).toContain('returns written');
  }, 60_000);
});
