/** Operating verbs (schedule, status, query, …): registered by the operations module. */
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';

export type Context = () => { config: Config; effects: Effects };

export function registerOpsCommands(_program: Command, _context: Context): void {
  // Filled in by the scheduled-operation work (issue: Scheduled operation).
}
