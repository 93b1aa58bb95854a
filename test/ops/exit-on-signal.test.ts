/**
 * The handler a one-shot command runs on Ctrl-C or SIGTERM, without a real signal: the
 * registered undo steps run (a progress bar gives the cursor and line wrap back, the writer
 * lock goes), the line says what the database holds, and the process ends by the signal.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleEffects } from '../../pipelines/effects.ts';
import { ifInterrupted, runInterruptCleanups } from '../../pipelines/interruption.ts';
import { exitOnSignals, stopExitingOnSignals } from '../../pipelines/ops/exit-on-signal.ts';
import { lockPathFor, tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { sink } from '../helpers/terminal-sink.ts';

const ci = process.env['CI'];
afterEach(() => {
  stopExitingOnSignals();
  runInterruptCleanups();
  ifInterrupted(undefined);
  if (ci === undefined) delete process.env['CI'];
  else process.env['CI'] = ci;
});

describe('exit on SIGINT/SIGTERM', () => {
  it('restores the terminal, releases the lock, says what the database holds and ends by the signal', () => {
    delete process.env['CI']; // a bar is drawn only for a person at a terminal
    const stderr = sink(true);
    const bar = consoleEffects({ stdout: sink(true), stderr }).progress('Models', 10, { eta: false });
    bar.tick(0, 'core.participations');
    expect(stderr.text()).toContain('\x1b[?25l'); // the cursor hidden, as cli-progress does
    const dir = mkdtempSync(join(tmpdir(), 'almp-exit-signal-'));
    try {
      const lock = tryAcquire(lockPathFor(join(dir, 'almp.duckdb')));
      expect('release' in lock).toBe(true);
      ifInterrupted('nothing of this run was stored (the build rolled back)');
      const written: string[] = [];
      const raised: NodeJS.Signals[] = [];
      exitOnSignals({ write: (text) => void written.push(text), raise: (signal) => void raised.push(signal), terminal: false });
      process.emit('SIGINT', 'SIGINT');
      const shown = stderr.text();
      expect(shown.slice(shown.lastIndexOf('\x1b[?25l'))).toContain('\x1b[?25h'); // cursor shown again
      expect(shown).toContain('\x1b[?7h'); // line wrap on again
      expect(existsSync(lockPathFor(join(dir, 'almp.duckdb')))).toBe(false);
      expect(written).toEqual(['Interrupted (SIGINT): nothing of this run was stored (the build rolled back).\n']);
      expect(raised).toEqual(['SIGINT']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('steps aside for a command that stops gracefully (the scheduler)', () => {
    const raised: NodeJS.Signals[] = [];
    exitOnSignals({ write: () => undefined, raise: (signal) => void raised.push(signal), terminal: false });
    stopExitingOnSignals();
    process.emit('SIGTERM', 'SIGTERM');
    expect(raised).toEqual([]);
  });

  it('says so when Ctrl-C comes while the command line is still being compiled (it ended without a word)', async () => {
    // the first SIGINT listener is bin/almp.mjs's; tsx then compiles the command line for a while
    const child = spawn(process.execPath, ['--import', './test/helpers/signal-ready.mjs', 'bin/almp.mjs', '--help'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    // a process that never listened before its end (no handler of its own while starting) ends first
    await Promise.race([once(child.stdio[3]!, 'data'), exited]);
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, 'SIGINT']);
    expect(stderr).toBe('Interrupted (SIGINT) while starting: nothing was done.\n');
  });
});
