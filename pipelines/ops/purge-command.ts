/**
 * `almp purge --older-than <days> [--yes]` by hand, and what the scheduler's purge job and
 * doctor share with it: the protected places, the terminal lines, the log event. A dry run
 * lists what would go; with --yes the files go under the writer lock, so a purge never
 * meets a file the inbox job is moving into the archive or quarantine at that moment.
 */
import type { Config } from '../config.ts';
import type { Effects } from '../effects.ts';
import { count, files } from '../counts.ts';
import type { ScheduleSettings } from '../schedule/schedule-config.ts';
import { acquireWriterLock, describeHolder } from './writer-lock.ts';
import { germanDay } from './status-print.ts';
import { purgeFiles, type FolderPurge, type PurgeResult } from './purge.ts';

export type PurgePlaces = Pick<ScheduleSettings, 'archive' | 'quarantine' | 'inbox' | 'snapshots' | 'logFile' | 'timezone'>;

/** What no purged folder may hold or lie in. */
export function protectedPlaces(config: Pick<Config, 'dbPath' | 'keyFile'>, places: PurgePlaces): string[] {
  return [config.dbPath, `${config.dbPath}.wal`, config.keyFile, places.snapshots, places.inbox, places.logFile];
}

export async function purgeCommand(
  config: Pick<Config, 'dbPath' | 'keyFile'>,
  options: { places: PurgePlaces; olderThanDays: number; yes: boolean; waitMs: number },
  effects: Effects,
): Promise<number> {
  const { places } = options;
  const run = () =>
    purgeFiles(
      { archive: places.archive, quarantine: places.quarantine, olderThanDays: options.olderThanDays, timezone: places.timezone, dryRun: !options.yes, protect: protectedPlaces(config, places) },
      effects.now(),
    );
  let result: PurgeResult;
  if (options.yes) {
    const lock = await acquireWriterLock(config.dbPath, {
      waitMs: options.waitMs,
      onWait: (holder) => effects.warn(`Waiting up to ${Math.round(options.waitMs / 1000)} s for ${describeHolder(holder)} to finish (it may be moving files into the archive) …`),
    });
    try {
      result = run();
    } finally {
      lock.release();
    }
    logPurge(result, effects);
  } else {
    result = run();
  }
  printPurge(result, options.olderThanDays, effects);
  return result.folders.some((f) => f.failed > 0) ? 1 : 0;
}

/** The log line of a purge: counts and sizes only (never file names: they may hold a Kundennummer). */
export function logPurge(result: PurgeResult, effects: Effects): void {
  for (const f of result.folders) {
    const fields = { event: 'files_purged', folder: f.folder, before: result.before, files: f.files, reasonsFiles: f.reasons, bytes: f.bytes, failed: f.failed };
    if (f.failed > 0) effects.log.warn({ ...fields, error: f.error }, `purge: ${f.failed} files of the ${f.folder} could not be deleted`);
    else effects.log.info(fields, `purge: ${files(f.files)} (${bytes(f.bytes)}) deleted from the ${f.folder}`);
  }
}

export function printPurge(result: PurgeResult, days: number, effects: Effects): void {
  effects.out(`Input files archived or quarantined before ${germanDay(result.before)} (older than ${count(days, 'day')}):`);
  for (const f of result.folders) effects.out(`  ${f.folder.padEnd(11)} ${folderText(f)}`);
  const all = result.folders.reduce((n, f) => ({ files: n.files + f.files, reasons: n.reasons + f.reasons, bytes: n.bytes + f.bytes }), { files: 0, reasons: 0, bytes: 0 });
  const what = `${count(all.files, 'input file')} and ${count(all.reasons, 'reasons file')} (${bytes(all.bytes)})`;
  if (all.files + all.reasons === 0) effects.out('Nothing to delete.');
  else if (result.dryRun) effects.out(`Would delete ${what}. Nothing changed: add --yes to delete.`);
  else {
    const failed = result.folders.reduce((n, f) => n + f.failed, 0);
    effects.out(failed > 0 ? `Deleted ${what}, but ${files(failed)} could not be deleted.` : `Deleted ${what}.`);
  }
  for (const f of result.folders.filter((x) => x.failed > 0)) effects.warn(`${f.folder}: ${files(f.failed)} not deleted: ${f.error}`);
  for (const f of result.folders.filter((x) => x.leftAlone > 0)) {
    const layout = f.folder === 'archive' ? 'archive/<YYYY-MM-DD>/<kind>/' : 'quarantine/<kind>/';
    effects.out(`  left alone in the ${f.folder}: ${count(f.leftAlone, 'entry', 'entries')} not laid out as ${layout} or links to folders (not followed) — check them by hand`);
  }
  if (result.folders.some((f) => f.folder === 'archive' && f.files > 0)) {
    effects.out('  Their records stay in the database (raw.*, pseudonymised); a key rotation, which rebuilds from the archive, would lose them.');
  }
}

function folderText(f: FolderPurge): string {
  if (f.files + f.reasons === 0) return `nothing that old (${f.root})`;
  return `${count(f.files, 'file')} + ${count(f.reasons, 'reasons file')}, ${bytes(f.bytes)}, oldest from ${germanDay(f.oldest!)} (${f.root})`;
}

/** 1.234 bytes, 12,3 kB, 4,5 MB, 1,2 GB: German digits, as every figure the CLI prints. */
export function bytes(n: number): string {
  const units: [number, string][] = [[1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'kB']];
  const [size, unit] = units.find(([s]) => n >= s) ?? [1, 'bytes'];
  return `${(n / size).toLocaleString('de-DE', { maximumFractionDigits: unit === 'bytes' ? 0 : 1 })} ${unit}`;
}
