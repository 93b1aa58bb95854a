/**
 * SIGTERM/SIGINT stop a long-running verb gracefully: the returned signal is aborted and
 * the verb lets its current job finish. A second signal restores the default handling and
 * re-raises it, so the process ends at once (an open DuckDB transaction rolls back).
 * Registered only by the command-line edge (schedule, start --schedule).
 */
import type { Effects } from '../effects.ts';

export function stopOnSignals(effects: Effects): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      effects.warn(`${signal}: finishing the current job, then stopping (send it again to stop at once).`);
      controller.abort();
      return;
    }
    effects.warn(`${signal} again: stopping now.`);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
