#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx registers its loader, then the entry point.
import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

// tsx keeps compiled files in $TMPDIR/tsx-<uid>: a service whose temporary folder it cannot
// write (TMPDIR set to a folder it cannot write, a read-only /tmp) stopped with tsx's stack
// trace before almp said a word. Without a cache tsx compiles in memory at each start.
try {
  if (!statSync(tmpdir()).isDirectory()) throw new Error('not a folder');
  accessSync(tmpdir(), constants.W_OK);
} catch {
  process.env.TSX_DISABLE_CACHE = '1';
}
// Ctrl-C while tsx compiles the command line (seconds on a busy machine) ended it without a
// word. Nothing is held or written yet; the command line's own handler (ops/exit-on-signal.ts)
// takes over from this one once it is loaded.
const starting = (signal) => {
  process.stderr.write(`Interrupted (${signal}) while starting: nothing was done.\n`);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
};
process.on('SIGINT', starting);
process.on('SIGTERM', starting);
globalThis[Symbol.for('almp.startingSignalHandler')] = starting;
const { register } = await import('tsx/esm/api');
register();
await import('../pipelines/cli/main.ts');
