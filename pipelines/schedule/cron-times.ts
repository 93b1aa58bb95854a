/**
 * Fire times of cron expressions in a timezone. node-cron 4 runs the jobs and can list
 * the *next* runs of a started task, but it has no "previous fire time"; catch-up needs
 * exactly that, so it comes from cron-parser (same 6-field syntax with seconds, IANA
 * timezones incl. DST; https://github.com/harrisiirak/cron-parser).
 */
import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

/** True when node-cron accepts the expression (5 fields, or 6 with seconds first). */
export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/** The latest fire time at or before `at`. */
export function previousFire(expression: string, timezone: string, at: Date): Date {
  // cron-parser's prev() is strictly before currentDate; +1 ms makes a fire at `at` count.
  const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(at.getTime() + 1), tz: timezone });
  return parsed.prev().toDate();
}

/** The next `count` fire times strictly after `at`. */
export function nextFires(expression: string, timezone: string, at: Date, count = 1): Date[] {
  const parsed = CronExpressionParser.parse(expression, { currentDate: at, tz: timezone });
  return parsed.take(count).map((d) => d.toDate());
}
