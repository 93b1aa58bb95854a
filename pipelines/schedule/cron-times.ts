/**
 * Fire times of cron expressions in a timezone. node-cron 4 runs the jobs and can list
 * the *next* runs of a started task, but it has no "previous fire time"; catch-up needs
 * exactly that, so it comes from cron-parser (same 6-field syntax with seconds, IANA
 * timezones incl. DST; https://github.com/harrisiirak/cron-parser).
 */
import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { wallClock } from './dst-hours.ts';
import cron from 'node-cron';

/** True when node-cron accepts the expression (5 fields, or 6 with seconds first). */
export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * Whether node-cron fires at a time cron-parser names: on the night the clock skips an hour
 * (March), cron-parser moves 02:30 to 03:30, which node-cron does not fire (it matches the
 * wall clock) — the start-up plan said "next 28.03.2027, 03:30" and status called the job
 * missed. (In October cron-parser names the first 02:30, node-cron fires the second: an
 * hour apart that one night, left as it is.)
 */
function nodeCronFires(parsed: CronExpression, at: Date, timezone: string): boolean {
  const { hour, minute } = wallClock(at, timezone);
  return (parsed.fields.hour.values as readonly number[]).includes(hour) && (parsed.fields.minute.values as readonly number[]).includes(minute);
}

/**
 * How many skipped candidates to step over at most: every fire time of the skipped hour, up
 * to one a second (a job every 5 minutes in hour 02 has 12 that night; 8 gave no fire at all).
 */
const MAX_SKIPPED = 3_600;

/** The latest fire time at or before `at`. */
export function previousFire(expression: string, timezone: string, at: Date): Date {
  // cron-parser's prev() is strictly before currentDate; +1 ms makes a fire at `at` count.
  const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(at.getTime() + 1), tz: timezone });
  let fire = parsed.prev().toDate();
  for (let i = 0; i < MAX_SKIPPED && !nodeCronFires(parsed, fire, timezone); i++) fire = parsed.prev().toDate();
  return fire;
}

/** The next `count` fire times strictly after `at`. */
export function nextFires(expression: string, timezone: string, at: Date, count = 1): Date[] {
  const parsed = CronExpressionParser.parse(expression, { currentDate: at, tz: timezone });
  const fires: Date[] = [];
  for (let skipped = 0; fires.length < count && skipped <= MAX_SKIPPED; ) {
    const fire = parsed.next().toDate();
    if (nodeCronFires(parsed, fire, timezone)) fires.push(fire);
    else skipped++;
  }
  return fires;
}
