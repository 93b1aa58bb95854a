/**
 * Jobs timed only inside the hour a clock change skips (March) or repeats (October). The
 * default model build moved from 02:30 to 01:30 (the 02:30 build never fired on
 * 28.03.2027), but a schedule file kept across the upgrade still names 02:30 when it was
 * copied from the operations guide of the time, which printed that default: nothing said so.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleSettings } from './schedule-config.ts';

const HOUR_MS = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timezone` at `at`: as a UTC-based ms value, and its hour and minute. */
export function wallClock(at: Date, timezone: string): { ms: number; hour: number; minute: number } {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(
    format
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return { ms: Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!), hour: parts['hour']!, minute: parts['minute']! };
}

/** Local hours that a clock change in the year after `from` skips or repeats in `timezone`. */
export function clockChangeHours(timezone: string, from: Date): Set<number> {
  const hours = new Set<number>();
  const start = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  let before = wallClock(new Date(start), timezone).ms - start;
  for (let t = start + HOUR_MS; t <= start + 366 * 24 * HOUR_MS; t += HOUR_MS) {
    const offset = wallClock(new Date(t), timezone).ms - t;
    if (offset !== before) {
      const last = wallClock(new Date(t - 1), timezone).hour; // the old clock's last hour
      const first = wallClock(new Date(t), timezone).hour; // the new clock's first hour
      // forward: the hours between are skipped; back: the hours from first to last come twice
      const [from_, to] = offset > before ? [last + 1, first - 1] : [first, last];
      for (let h = from_; h !== (to + 1) % 24; h = (h + 1) % 24) hours.add(h % 24);
      before = offset;
    }
  }
  return hours;
}

/** One line per enabled job whose every fire falls into such an hour. */
export function clockChangeWarnings(settings: ScheduleSettings, from: Date): string[] {
  const affected = clockChangeHours(settings.timezone, from);
  if (affected.size === 0) return [];
  const lines: string[] = [];
  for (const [name, job] of Object.entries(settings.jobs)) {
    if (!job.enabled || !job.cron) continue;
    const hours = CronExpressionParser.parse(job.cron, { tz: settings.timezone }).fields.hour.values;
    if (!hours.every((h) => affected.has(h))) continue;
    const hint = name === 'models' ? ', e.g. "0 30 1 * * *" (01:30, the default)' : '';
    lines.push(
      `Job ${name} (cron "${job.cron}") fires only in the hour the clock change skips or repeats in ${settings.timezone} (${[...affected].map((h) => `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`).join(', ')}): that night in March it does not run at all (in October it runs once). Move it out of that hour in the schedule file${hint}.`,
    );
  }
  return lines;
}
