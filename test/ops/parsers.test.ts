/** Command-line values are refused at the prompt when they are not what they claim to be. */
import { describe, expect, it } from 'vitest';
import { parseDashboardFormats, parseDate, parsePeriod, parsePositiveInt, refuseWorkbookOnTerminal } from '../../pipelines/cli/parsers.ts';

describe('argument parsers', () => {
  it('take only real calendar days as dates (Date.parse reads 2026-02-30 as 2 March)', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    // in the form but not in the calendar: said so (it was "not a day in the form YYYY-MM-DD": a review)
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '31.09.2026', '29.02.2025']) expect(() => parseDate(bad), bad).toThrow(`'${bad}' is no date of the calendar`);
    for (const bad of ['2026-9-30', '09/30/2026']) expect(() => parseDate(bad), bad).toThrow(/not a day in the form YYYY-MM-DD or DD\.MM\.YYYY/);
    // as the outputs write it
    expect(parseDate('30.09.2026')).toBe('2026-09-30');
    expect(parseDate('1.4.2026')).toBe('2026-04-01');
  });

  it('take counts with thousands grouped as German or English write them (10.000 made 10 participations)', () => {
    expect(['10.000', '10,000', '10_000', '10000', '1.000.000'].map(parsePositiveInt)).toEqual([10_000, 10_000, 10_000, 10_000, 1_000_000]);
    for (const bad of ['10.5', '1,5', '10.00', '0', '-3', 'zehn']) expect(() => parsePositiveInt(bad), bad).toThrow(/not a positive whole number/);
  });

  it('take years and quarters as periods', () => {
    expect([parsePeriod('2024'), parsePeriod('2024-Q3')]).toEqual(['2024', '2024-Q3']);
    expect(() => parsePeriod('2024-Q5')).toThrow(/not a period/);
  });

  it('take dashboard formats as a comma-separated list of html, svg and png, each once', () => {
    expect(parseDashboardFormats('html')).toEqual(['html']);
    expect(parseDashboardFormats(' HTML , svg,html ')).toEqual(['html', 'svg']);
    expect(() => parseDashboardFormats('html,pdf')).toThrow("unknown format 'pdf'. Use one or more of html, svg, png, comma-separated (e.g. html or html,svg)");
    expect(() => parseDashboardFormats(',')).toThrow(/^no format given\. Use one or more of html, svg, png/);
  });

  it('refuse to write a workbook (--format xlsx) onto a terminal, not into a redirected file', () => {
    expect(() => refuseWorkbookOnTerminal('xlsx', 'x > a.xlsx', true)).toThrow(/standard output, which is a terminal/);
    expect(() => refuseWorkbookOnTerminal('xlsx', 'x > a.xlsx', false)).not.toThrow();
    expect(() => refuseWorkbookOnTerminal('csv', 'x > a.csv', true)).not.toThrow();
  });
});
