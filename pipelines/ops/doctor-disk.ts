/**
 * Doctor's disk checks: can the writer write where it must (the database's folder, the
 * snapshot folder), and is there room for what a run writes there. A build writes its new
 * marts into the database file before the old ones are freed, and a snapshot is a full copy
 * of the file: a run needs about twice the database's size free, plus room for DuckDB's
 * temporary files (see runNeedsBytes); with less than one database's size free the snapshot
 * cannot be written.
 */
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from './doctor.ts';
import { nearestExisting } from '../folders.ts';
import { describeLeftover, type Leftover } from './crash-leftovers.ts';
import { describeOldTempCopy, isStale, type OldTempCopy } from './old-temp-copies.ts';

export { nearestExisting };

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/**
 * Free space a build and snapshot need: the marts' second copy and the snapshot (twice the
 * file), plus DuckDB's temporary files. Those appear only when a query's working set
 * outgrows the memory limit, so they grow with the data: twice the file, at least 64 MB,
 * at most 1 GB. A fixed
 * 1 GB told the owner of a 6 MB database that a run needs 1 GB.
 */
export function runNeedsBytes(dbBytes: number): number {
  return 2 * dbBytes + tempReserve(dbBytes);
}

function tempReserve(dbBytes: number): number {
  return Math.min(GB, Math.max(64 * MB, 2 * dbBytes));
}

/** How the disk is asked: the machine's by default; a test gives a full or read-only one. */
export interface DiskProbe {
  freeBytes(folder: string): number;
  canWrite(folder: string): boolean;
}

export const MACHINE: DiskProbe = {
  freeBytes: (folder) => {
    const fs = statfsSync(folder);
    return fs.bavail * fs.bsize;
  },
  canWrite: (folder) => {
    try {
      accessSync(folder, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * Raw ids a killed writer left beside the database (crash-leftovers.ts), each named with its
 * size: 2.4 GB of spill files stayed unmentioned while the disk line counted a 9 MB database.
 */
export function leftoversFinding(leftovers: readonly Leftover[]): Finding[] {
  if (leftovers.length === 0) return [];
  return [{
    check: 'leftovers',
    severity: 'warning',
    message: `a run that did not end (kill -9, power loss, Ctrl-C in a build) left files beside the database that may hold raw Kundennummern (an ingest spills rows before they are pseudonymised): ${leftovers.map((l) => describeLeftover(l, size)).join('; ')}`,
    fix: 'the next almp command that writes the database (ingest, run, the scheduler) removes them when it starts; or delete them now, while no almp process runs',
  }];
}

/**
 * Copies an ingest of an earlier version left in the temporary folder (old-temp-copies.ts),
 * each with its size and how long it has been untouched: nothing named them.
 */
export function oldTempCopiesFinding(copies: readonly OldTempCopy[], now: Date): Finding[] {
  if (copies.length === 0) return [];
  const young = copies.some((copy) => !isStale(copy, now));
  return [{
    check: 'old-copies',
    severity: 'warning',
    message: `an ingest of an earlier almp version, killed before it ended, left re-encoded copies of input files with raw Kundennummern in the temporary folder: ${copies.map((c) => describeOldTempCopy(c, size, now)).join('; ')}`,
    fix: `the next almp command that writes the database removes those untouched for a day${young ? ' (a younger one may still be in use by an ingest of an earlier version)' : ''}; or delete them now, while no ingest of an earlier version runs: rm -r ${copies.map((c) => `'${c.path}'`).join(' ')}`,
  }];
}

/** `leftoverBytes`: what a killed writer left beside the database, which the next writer removes first. */
export function diskFindings(dbPath: string, snapshotDir: string, probe: DiskProbe = MACHINE, leftoverBytes = 0): Finding[] {
  const folders = [...new Set([dirname(dbPath), snapshotDir])];
  const unwritable = folders.map(nearestExisting).filter((folder) => !probe.canWrite(folder));
  if (unwritable.length > 0) {
    return [{
      check: 'disk',
      severity: 'error',
      message: `cannot write in ${unwritable.join(', ')} (the database, its snapshots and temporary files go there)`,
      fix: 'give the user that runs almp write access to the folder, or point --db / the schedule file elsewhere',
    }];
  }
  const dbBytes = existsSync(dbPath) && statSync(dbPath).isFile() ? statSync(dbPath).size : 0;
  // one finding per disk: the snapshots usually lie beside the database
  const byDisk = new Map<number, string[]>();
  // a snapshot folder the first run creates is its parent, often the database's folder: named once
  for (const folder of new Set(folders.map(nearestExisting))) byDisk.set(statSync(folder).dev, [...(byDisk.get(statSync(folder).dev) ?? []), folder]);
  const dbDisk = statSync(nearestExisting(dirname(dbPath))).dev;
  return [...byDisk.entries()].map(([disk, same]) => spaceFinding(same.join(' and '), dbBytes, probe.freeBytes(same[0]!), disk === dbDisk ? leftoverBytes : 0));
}

function spaceFinding(folder: string, dbBytes: number, free: number, leftoverBytes: number): Finding {
  const needed = runNeedsBytes(dbBytes);
  const left = leftoverBytes > 0 ? `, and ${size(leftoverBytes)} left by a killed run, freed when the next run starts` : '';
  const text = `${size(free)} free for ${folder} (database ${size(dbBytes)}${left}; a run needs about ${size(needed)})`;
  // the next run removes the leftovers before it writes: their space is the run's
  const available = free + leftoverBytes;
  if (available >= needed) return { check: 'disk', severity: 'ok', message: text };
  const fix = 'free disk space, keep fewer snapshots (keepSnapshots in the schedule file), or move the data folder to a larger disk';
  return { check: 'disk', severity: available < dbBytes + tempReserve(dbBytes) / 4 ? 'error' : 'warning', message: text, fix };
}

/** '2,4 GB', '9,0 MB' */
export function size(bytes: number): string {
  const [amount, unit] = bytes >= GB ? [bytes / GB, 'GB'] : [bytes / 1024 ** 2, 'MB'];
  return `${amount.toLocaleString('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} ${unit}`;
}
