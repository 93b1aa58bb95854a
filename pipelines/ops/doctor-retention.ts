/**
 * Doctor's retention check: with retentionDays set, input files older than it in the archive
 * or the quarantine (the purge job did not run, or failed); without it, a hint once that
 * raw input files are kept for good. A purge that would be refused (the archive holding the
 * database, say) is an error here already.
 */
import type { Config } from '../config.ts';
import { count } from '../counts.ts';
import type { Finding } from './doctor.ts';
import { protectedPlaces, type PurgePlaces } from './purge-command.ts';
import { purgeFiles, purgeRefusal } from './purge.ts';
import { germanDay } from './status-print.ts';

const FOLDERS_OF_THEIR_OWN = 'give the archive and the quarantine folders of their own in the schedule file';

export type RetentionPlaces = PurgePlaces & { readonly retentionDays: number | undefined };

export function retentionFinding(config: Pick<Config, 'dbPath' | 'keyFile'>, places: RetentionPlaces, now: Date): Finding {
  const days = places.retentionDays;
  const refusal = purgeRefusal(places, protectedPlaces(config, places));
  // also without a retention period: the hint below points to `almp purge`, which would refuse
  if (refusal) return { check: 'retention', severity: 'error', message: refusal.message, fix: FOLDERS_OF_THEIR_OWN };
  if (days === undefined) {
    return {
      check: 'retention',
      severity: 'hint',
      message: 'no retention period set: the archive and the quarantine keep every input file, raw Kundennummern included, for good',
      fix: 'set retentionDays in the schedule file (the scheduler then deletes older files daily), or delete by hand: almp purge --older-than <days>',
    };
  }
  let result;
  try {
    result = purgeFiles({ archive: places.archive, quarantine: places.quarantine, olderThanDays: days, timezone: places.timezone, dryRun: true, protect: protectedPlaces(config, places) }, now);
  } catch (error) {
    return { check: 'retention', severity: 'error', message: (error as Error).message, fix: FOLDERS_OF_THEIR_OWN };
  }
  const old = result.folders.filter((f) => f.files + f.reasons > 0);
  if (old.length === 0) return { check: 'retention', severity: 'ok', message: `${count(days, 'day')}: nothing in the archive or quarantine from before ${germanDay(result.before)}` };
  const oldest = old.map((f) => f.oldest!).sort()[0]!;
  return {
    check: 'retention',
    severity: 'warning',
    message: `${old.map((f) => `${count(f.files + f.reasons, 'file')} in the ${f.folder}`).join(', ')} older than the retention period of ${count(days, 'day')} (oldest from ${germanDay(oldest)})`,
    fix: `the scheduler's purge job deletes them at its next run (is it running? almp status); now: almp purge --older-than ${days} --yes`,
  };
}
