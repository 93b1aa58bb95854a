/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC). The generator handles
 * tens of millions of dates, so it never builds Date objects in its loops: integer days,
 * Howard Hinnant's civil-calendar conversions, and cached text forms.
 */

export type Day = number;

/** The generated data's cut-off unless --as-of says otherwise (the samples' Datenstand). */
export const DEFAULT_AS_OF = '2026-09-30';

/** Day number of a civil date (month 1..12). http://howardhinnant.github.io/date_algorithms.html */
export function dayOf(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1..12, day] of a day number. */
export function civil(day: Day): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' strictly (the date must exist). */
export function parseIsoDay(text: string): Day | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = dayOf(y, m, d);
  const [cy, cm, cd] = civil(day);
  return cy === y && cm === m && cd === d ? day : undefined;
}

/** Month index (year * 12 + month - 1): months compare and step as integers. */
export function monthIndexOf(day: Day): number {
  const [y, m] = civil(day);
  return y * 12 + m - 1;
}

export function monthStart(monthIndex: number): Day {
  return dayOf(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function monthEnd(monthIndex: number): Day {
  return monthStart(monthIndex + 1) - 1;
}

/** The same calendar day `years` earlier or later (29 Feb → 28 Feb). */
export function addYears(day: Day, years: number): Day {
  const [y, m, d] = civil(day);
  const target = dayOf(y + years, m, d);
  return civil(target)[2] === d ? target : dayOf(y + years, m, 28);
}

export function toDate(day: Day): Date {
  return new Date(day * 86_400_000);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Text caches indexed by day number + offset (1860…2079): a few thousand distinct dates,
// millions of uses. Dense arrays filled up front stay in V8's fast-elements mode.
const CACHE_OFFSET = 40_000;
const CACHE_SIZE = 80_000;
const deCache: string[] = new Array<string>(CACHE_SIZE).fill('');
const isoCache: string[] = new Array<string>(CACHE_SIZE).fill('');

/** 'DD.MM.YYYY' */
export function formatDe(day: Day): string {
  const i = day + CACHE_OFFSET;
  const cached = deCache[i];
  if (cached) return cached;
  const [y, m, d] = civil(day);
  const text = `${pad2(d)}.${pad2(m)}.${y}`;
  if (i >= 0 && i < CACHE_SIZE) deCache[i] = text;
  return text;
}

/** 'YYYY-MM-DD' */
export function formatIso(day: Day): string {
  const i = day + CACHE_OFFSET;
  const cached = isoCache[i];
  if (cached) return cached;
  const [y, m, d] = civil(day);
  const text = `${y}-${pad2(m)}-${pad2(d)}`;
  if (i >= 0 && i < CACHE_SIZE) isoCache[i] = text;
  return text;
}

const monthCache = new Map<number, string>();

/** 'YYYY-MM' of the month containing the day. */
export function formatMonth(day: Day): string {
  const cached = monthCache.get(day);
  if (cached !== undefined) return cached;
  const text = formatIso(day).slice(0, 7);
  monthCache.set(day, text);
  return text;
}
