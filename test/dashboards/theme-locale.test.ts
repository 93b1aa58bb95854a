/**
 * The German locale of every chart, checked through vega's own formatters (the ones the
 * page and the exports use): numbers, percentages, euros, dates and months read as a
 * German reader expects them (DIN 5008, CLDR de).
 */
import { describe, expect, it } from 'vitest';
import { formatLocale, timeFormatLocale } from 'vega';
import { NUMBER_LOCALE_DE, THEME, TIME_LOCALE_DE } from '../../dashboards/theme.ts';

// vega's typings declare these void; at run time they return the locale they install
const number = (formatLocale as unknown as (d: object) => { format(spec: string): (v: number) => string })(NUMBER_LOCALE_DE);
const time = (timeFormatLocale as unknown as (d: object) => { utcFormat(spec: string): (d: Date) => string })(TIME_LOCALE_DE);
const utc = (month: number, day = 1) => new Date(Date.UTC(2026, month, day));

describe('the dashboards\' German locale', () => {
  it('numbers: decimal comma, thousands dot, a space before % and €', () => {
    expect(number.format(',.0f')(1234567)).toBe('1.234.567');
    expect(number.format('.1%')(0.253)).toBe('25,3\u00a0%');
    expect(number.format('$,.0f')(1234)).toBe('1.234\u00a0€');
    expect(number.format('$,.2f')(1234.56)).toBe('1.234,56\u00a0€');
    expect(number.format('.2f')(0.5)).toBe('0,50');
  });

  it('dates as 31.12.2026, months in full or abbreviated as German writes them before a year', () => {
    expect(time.utcFormat('%d.%m.%Y')(utc(11, 31))).toBe('31.12.2026');
    expect(time.utcFormat('%B %Y')(utc(2))).toBe('März 2026');
    // CLDR's format form of the abbreviations, as Intl writes a month with its year
    const intl = new Intl.DateTimeFormat('de-DE', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    for (let m = 0; m < 12; m++) expect(time.utcFormat('%b %Y')(utc(m)), `month ${m + 1}`).toBe(intl.format(utc(m)));
    expect(time.utcFormat('%b %Y')(utc(0))).toBe('Jan. 2026');
    expect(time.utcFormat('%b %Y')(utc(8))).toBe('Sept. 2026');
  });

  it('every chart carries this locale', () => {
    const locale = THEME.locale as { number: unknown; time: unknown };
    expect(locale.number).toMatchObject(NUMBER_LOCALE_DE);
    expect(locale.time).toBe(TIME_LOCALE_DE);
  });
});
