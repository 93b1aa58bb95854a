/**
 * The purge job: once a day, deletes the input files archived or quarantined longer ago than
 * the schedule's retentionDays (ops/purge.ts). It runs in the scheduler's queue with the
 * writer lock, so never while the inbox job moves files. One item per folder; the log gets
 * counts and sizes only.
 */
import type { ItemResult } from '../../results.ts';
import { logPurge } from '../../ops/purge-command.ts';
import { purgeFiles } from '../../ops/purge.ts';
import type { JobContext } from '../scheduler.ts';

export function purgeJob(options: { archive: string; quarantine: string; days: number; timezone: string; protect: readonly string[] }): (context: JobContext) => Promise<ItemResult[]> {
  return async ({ effects }) => {
    const t0 = Date.now();
    const result = purgeFiles({ archive: options.archive, quarantine: options.quarantine, olderThanDays: options.days, timezone: options.timezone, dryRun: false, protect: options.protect }, effects.now());
    logPurge(result, effects);
    return result.folders.map((f): ItemResult => ({
      name: `purge ${f.folder}`,
      // 'skipped' when nothing was old enough: a success would start the jobs `after` it
      status: f.failed > 0 ? 'error' : f.files + f.reasons > 0 ? 'success' : 'skipped',
      rows: f.files,
      ...(f.failed > 0 ? { error: `${f.failed} files not deleted: ${f.error}` } : {}),
      ms: Date.now() - t0,
    }));
  };
}
