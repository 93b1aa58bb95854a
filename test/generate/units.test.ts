/** The generator's building blocks, with hand-checked values. */
import { describe, expect, it } from 'vitest';
import { addYears, civil, dayOf, formatDe, formatIso, formatMonth, parseIsoDay } from '../../pipelines/generate/days.ts';
import { CsvFormatter, GERMAN_EXPORT } from '../../pipelines/generate/dialect.ts';
import { apportion } from '../../pipelines/generate/organisations.ts';
import { PersonFactory } from '../../pipelines/generate/person.ts';
import { Rng } from '../../pipelines/generate/random.ts';
import { MEASURES_STYLE, PROVIDERS_STYLE } from '../../pipelines/generate/sample-styles.ts';

describe('days', () => {
  it('converts civil dates and day numbers both ways, leap days included', () => {
    expect(dayOf(1970, 1, 1)).toBe(0);
    expect(dayOf(2000, 3, 1)).toBe(11017); // 10957 days to 2000-01-01, + 31 + 29
    expect(civil(11016)).toEqual([2000, 2, 29]);
    expect(civil(-1)).toEqual([1969, 12, 31]);
    expect(formatDe(dayOf(2026, 9, 30))).toBe('30.09.2026');
    expect(formatIso(dayOf(2026, 9, 30))).toBe('2026-09-30');
    expect(formatMonth(dayOf(2026, 9, 30))).toBe('2026-09');
    expect(addYears(dayOf(2024, 2, 29), -1)).toBe(dayOf(2023, 2, 28));
  });

  it('parses only real ISO dates', () => {
    expect(parseIsoDay('2024-02-29')).toBe(dayOf(2024, 2, 29));
    expect(parseIsoDay('2026-02-29')).toBeUndefined();
    expect(parseIsoDay('30.09.2026')).toBeUndefined();
  });
});

describe('CSV dialects', () => {
  it('quotes free text with separators, quotes or line breaks and leaves formula-like text as it is', () => {
    const f = new CsvFormatter('providers', GERMAN_EXPORT);
    expect(f.line({ provider_id: '001001', name: 'A; "B"\nC', provider_type: 'municipal' })).toBe('001001;"A; ""B""\nC";municipal\n');
    expect(f.line({ provider_id: '001001', name: '=SUM(A1)', provider_type: null })).toBe('001001;=SUM(A1);\n');
  });

  it('writes German decimals with thousands dots, German enum words and CRLF in the Windows dialect', () => {
    const f = new CsvFormatter('measures', { ...MEASURES_STYLE, columns: ['measure_id', 'funding', 'places', 'cost_total_eur', 'contract_start'] });
    const line = f.line({ measure_id: '06411-0001', funding: 'esf', places: 12, cost_total_eur: 1234567.8, contract_start: dayOf(2025, 1, 1) });
    expect(line).toBe('06411-0001;ESF+;12;1.234.567,80;01.01.2025\r\n');
  });

  it('quotes a decimal comma when the separator is a comma, and names columns by their German header', () => {
    const f = new CsvFormatter('measures', { ...PROVIDERS_STYLE, decimalComma: true, headers: { cost_total_eur: 'Kosten' }, columns: ['measure_id', 'cost_total_eur'] });
    expect(f.header()).toBe('measure_id,Kosten\n');
    expect(f.line({ measure_id: 'M1', cost_total_eur: 12.5 })).toBe('M1,"12,50"\n');
  });
});

describe('apportion and ids', () => {
  it('splits a total by weights with largest remainders, summing exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(apportion(5, [0.2, 0.2, 0.6]).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('hands out unique ids shaped like BA customer numbers', () => {
    const people = new PersonFactory(new Rng(1));
    const ids = Array.from({ length: 50_000 }, () => people.newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^\d{3}[A-Z]\d{6}$/);
  });
});
