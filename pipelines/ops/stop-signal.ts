/**
 * SIGTERM/SIGINT stop a long-running verb gracefully: the returned signal is aborted and
 * the verb lets its current job finish. A second signal restores the default handling and
 * re-raises it, so the process ends at once (an open DuckDB transaction rolls back; the
 * writer lock is released and a progress bar stopped first).
 * A repeat within `echoMs` of the first is not a second request: Ctrl-C reaches every
 * process of the terminal's group and wrappers (npm, tsx) relay it as well, so under
 * `npm start -- --schedule` one key press arrived two or three times and stopped hard.
 * Registered only by the command-line edge (schedule, start --schedule).
 */
import type { Effects } from '../effects.ts';
import { runInterruptCleanups } from '../interruption.ts';
import { stopExitingOnSignals } from './exit-on-signal.ts';

export interface StopSignalOptions {
  /** Repeats closer than this to the first signal are echoes of it. */
  readonly echoMs?: number;
  readonly now?: () => number;
  /** The hard stop (tests replace it). */
  readonly raise?: (signal: NodeJS.Signals) => void;
}

export function stopOnSignals(effects: Effects, options: StopSignalOptions = {}): AbortSignal {
  const { echoMs = 1000, now = Date.now, raise = (signal) => process.kill(process.pid, signal) } = options;
  // the one-shot commands' handler would end the process at the first signal
  stopExitingOnSignals();
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      firstAt = now();
      effects.warn(`${signal}: finishing the current job, then stopping (send it again to stop at once).`);
      controller.abort();
      return;
    }
    if (now() - firstAt < echoMs) return;
    effects.warn(`${signal} again: stopping now.`);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    // the job's progress bar and writer lock, as for a one-shot command (exit-on-signal.ts)
    runInterruptCleanups();
    raise(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
