/**
 * `almp restore`: bring back a published snapshot as the live database. Taken under the
 * writer lock; the old file is kept beside it (`<db>.before-restore`) so a restore can be
 * undone, and the WAL of the old file is removed with it (it belongs to that file only).
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Effects } from '../effects.ts';
import { CliError } from '../errors.ts';
import { acquireWriterLock, describeHolder } from './writer-lock.ts';
import { currentSnapshot } from './snapshot.ts';

export function listSnapshots(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{8}T\d{9}Z(-\d+)?\.duckdb$/.test(f)).sort();
}

export async function restoreSnapshot(
  options: { dbPath: string; snapshotDir: string; snapshot?: string; waitMs: number },
  effects: Effects,
): Promise<string> {
  const available = listSnapshots(options.snapshotDir);
  if (available.length === 0) throw new CliError(`No snapshots in ${options.snapshotDir}.`, 'Snapshots are published after each successful build (almp run, almp start, almp schedule).');
  const name = options.snapshot ?? basename(currentSnapshot(options.snapshotDir) ?? available.at(-1)!);
  // The name comes from the command line: accept only a listed snapshot, never a path.
  if (!available.includes(name)) {
    throw new CliError(`Snapshot '${name}' does not exist.`, `Choose one of: ${available.join(', ')}`);
  }
  const lock = await acquireWriterLock(options.dbPath, {
    waitMs: options.waitMs,
    onWait: (holder) => effects.warn(`Waiting for ${describeHolder(holder)} to finish writing before the restore …`),
  });
  try {
    const temp = `${options.dbPath}.restore.tmp`;
    copyFileSync(join(options.snapshotDir, name), temp);
    if (existsSync(options.dbPath)) {
      rmSync(`${options.dbPath}.before-restore`, { force: true });
      renameSync(options.dbPath, `${options.dbPath}.before-restore`);
    }
    rmSync(`${options.dbPath}.wal`, { force: true });
    renameSync(temp, options.dbPath);
  } finally {
    lock.release();
  }
  effects.out(`Restored ${name} as ${options.dbPath} (the previous file is ${options.dbPath}.before-restore).`);
  return name;
}
