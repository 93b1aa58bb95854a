/**
 * The schedule file option of every verb that uses the schedule's folders: a schedule file
 * may put the snapshots (or archive, quarantine) elsewhere, and a verb run by hand must
 * publish, restore and check the same folder the scheduler and the readers use.
 */
import { Option, type Command } from 'commander';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { loadScheduleSettings, type ScheduleSettings } from '../schedule/schedule-config.ts';

export function scheduleFileOption(): Option {
  return new Option('--config <file>', 'schedule file (JSON); default: the built-in schedule, folders beside the database');
}

/** The settings of `file` (or the defaults), folders relative to the database's folder. */
export function scheduleSettingsOf(config: Config, file?: string): ScheduleSettings {
  return loadScheduleSettings(file && resolve(file), { dataDir: dirname(config.dbPath), cwd: process.cwd() });
}

/**
 * `almp run --config FILE` without --out writes where the scheduler writes: it wrote into
 * ./out of the folder it was started in (the installation, read-only under the service unit),
 * and the scheduler's outputs stayed old after a restore's `almp run --config`. Without a
 * schedule file both are ./out.
 */
export function outFolder(command: Command, out: string, settings: ScheduleSettings): string {
  return command.getOptionValueSource('out') === 'cli' ? resolve(out) : settings.out;
}
