/**
 * SIGINT (Ctrl-C) or SIGTERM during a one-shot command (`almp run`, `ingest`, `returns` …):
 * undo what must not outlive the process — a progress bar's hidden cursor and disabled line
 * wrap, the writer lock — say in one line what the database holds (pipelines/interruption.ts),
 * then end by the same signal. Shells report that as 130 (SIGINT) or 143 (SIGTERM), and a
 * shell loop around almp stops with it: an `exit(130)` would tell bash the child handled the
 * Ctrl-C, and `for f in *; do almp ingest "$f"; done` would go on with the next file.
 *
 * Nothing here waits: an open DuckDB transaction is not touched, it rolls back by itself when
 * the process is gone (its WAL replays only committed ones; test/hardening/crash-build.test.ts).
 * So a second Ctrl-C has nothing to cut short. `almp schedule` stops gracefully instead
 * (stop-signal.ts), which makes this handler step aside.
 */
import { isWriting } from '../commands/writing.ts';
import { interruptedNote, runInterruptCleanups } from '../interruption.ts';

/** The exit status a shell reports for a process ended by the signal (128 + its number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface ExitOnSignalOptions {
  /** Where the line goes; default standard error. */
  readonly write?: (text: string) => void;
  /** The hard stop (tests replace it); default: the signal's own default action. */
  readonly raise?: (signal: NodeJS.Signals) => void;
  /** Standard error is a terminal: the line replaces the ^C it echoed (the bar's stop left a fresh line). */
  readonly terminal?: boolean;
}

let standDown: (() => void) | undefined;

export function exitOnSignals(options: ExitOnSignalOptions = {}): void {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const raise = options.raise ?? raiseDefault;
  const terminal = options.terminal ?? Boolean(process.stderr.isTTY);
  const onSignal = (signal: NodeJS.Signals) => {
    runInterruptCleanups();
    write(`${terminal ? '\r\x1b[2K' : ''}${interruptedLine(signal)}\n`);
    raise(signal);
  };
  stopExitingOnSignals();
  // bin/almp.mjs's handler for the seconds before this module was loaded
  const starting = (globalThis as Record<symbol, unknown>)[Symbol.for('almp.startingSignalHandler')];
  if (typeof starting === 'function') {
    process.off('SIGINT', starting as NodeJS.SignalsListener);
    process.off('SIGTERM', starting as NodeJS.SignalsListener);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  standDown = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    standDown = undefined;
  };
}

/** For a command that stops gracefully on a signal (the scheduler, `start --schedule`). */
export function stopExitingOnSignals(): void {
  standDown?.();
}

/** The one line: which signal, and what the database and outputs now hold. */
export function interruptedLine(signal: NodeJS.Signals): string {
  const note = interruptedNote() ?? (isWriting() ? 'the step in work was rolled back; what the command stored before it stays' : undefined);
  return note === undefined ? `Interrupted (${signal}).` : `Interrupted (${signal}): ${note}.`;
}

/**
 * Ends the process by `signal` as if it had not been caught. Every listener goes first:
 * one left behind (a library's) would keep Node from the default action, and the process
 * would run on.
 */
function raiseDefault(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}
