/**
 * Doctor's folder check: can the scheduler write where it moves and writes files — the inbox
 * and its kind folders (a loaded file is moved out), the archive, the quarantine, the output
 * folder and the log. Doctor said 'ok' on a service whose output folder was the read-only
 * installation (the default `out` is taken from the working directory): every dashboards
 * and returns job then failed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScheduleSettings } from '../schedule/schedule-config.ts';
import { MACHINE, nearestExisting, type DiskProbe } from './doctor-disk.ts';
import type { Finding } from './doctor.ts';

export type ScheduleFolders = Pick<ScheduleSettings, 'inbox' | 'archive' | 'quarantine' | 'out' | 'logFile'>;

export function folderFindings(folders: ScheduleFolders, probe: DiskProbe = MACHINE): Finding[] {
  const places: [string, string][] = [
    ['inbox', folders.inbox],
    ...kindFolders(folders.inbox).map((dir): [string, string] => ['inbox', dir]),
    ['archive', folders.archive],
    ['quarantine', folders.quarantine],
    ['outputs: dashboards and returns', folders.out],
    ['log', existsSync(folders.logFile) ? folders.logFile : dirname(folders.logFile)],
  ];
  const denied = places.filter(([, path]) => !probe.canWrite(nearestExisting(path)));
  if (denied.length === 0) {
    return [{ check: 'folders', severity: 'ok', message: `the scheduler can write its inbox, archive, quarantine, log and outputs (${folders.out})` }];
  }
  return [{
    check: 'folders',
    severity: 'error',
    message: `the scheduler cannot write ${denied.map(([what, path]) => place(what, path)).join(', ')}`,
    fix: 'give the user that runs almp write access there, or set the folder in the schedule file ("out", "inbox", … — relative to the file; without "out" the outputs go to ./out of the working directory)',
  }];
}

function place(what: string, path: string): string {
  const nearest = nearestExisting(path);
  return nearest === path ? `${path} (${what})` : `${path} (${what}; not there yet, and ${nearest} is not writable)`;
}

function kindFolders(inbox: string): string[] {
  if (!existsSync(inbox) || !statSync(inbox).isDirectory()) return [];
  return readdirSync(inbox, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(inbox, e.name));
}
