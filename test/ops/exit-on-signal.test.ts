/**
 * The handler a one-shot command runs on Ctrl-C or SIGTERM, without a real signal: the
 * registered undo steps run (a progress bar gives the cursor and line wrap back, the writer
 * lock goes), the line says what the database holds, and the process ends by the signal.
 */
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
});
