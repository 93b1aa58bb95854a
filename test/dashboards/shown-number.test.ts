/**
 * A rate on a page reads as the same rate in a return: the chart rounds the embedded figure
 * once more (d3-format, on the binary double), Excel rounds the mart's value half away from
 * zero. An audit found "22,1 %" on the ministry page where 581 of 2,623 (0.2215021) is
 * "22,2 %" in Excel, and "51,2 %" for 82 of 160. Checked here for every n of d up to 240,
 * through DuckDB (the page's SQL) and vega's own format (the page's formatting).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { shownNumber } from '../../dashboards/data/shown-number.ts';
import { NUMBER_LOCALE_DE } from '../../dashboards/theme.ts';

// vega's formatLocale is d3-format's (its typing says void): the charts' locale, the charts' rounding
type NumberLocale = { format(specifier: string): (value: number) => string };
const fmt = (vega.formatLocale as unknown as (definition: object) => NumberLocale)({ ...NUMBER_LOCALE_DE, grouping: [3], currency: ['', '\u00a0€'] });

/** n/d × 10^scale rounded half away from zero, exactly (BigInt), with `digits` decimals, German. */
function excel(n: number, d: number, scale: number, digits: number, suffix: string): string {
  const num = BigInt(n) * 10n ** BigInt(scale + digits) * 2n + BigInt(d);
  const units = num / (2n * BigInt(d));
  const text = units.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return (digits ? `${whole},${text.slice(-digits)}` : whole) + suffix;
}

async function embedded(pairs: readonly [number, number][], decimals?: number): Promise<number[]> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const values = pairs.map(([n, d]) => `(${n}::DOUBLE / ${d})`).join(',');
  const reader = await connection.runAndReadAll(`SELECT ${shownNumber('x', decimals)} AS v FROM (VALUES ${values}) t(x)`);
  return reader.getRowObjectsJS().map((r) => Number(r['v']));
}

const PAIRS: [number, number][] = [];
for (let d = 1; d <= 240; d++) for (let n = 0; n <= d; n++) PAIRS.push([n, d]);

describe('figures embedded in the pages', () => {
  it('show a rate as Excel shows the mart value (0.0 %), ties and near-ties included', async () => {
    const shown = await embedded(PAIRS);
    const wrong = PAIRS.map(([n, d], i) => ({ n, d, page: fmt.format('.1%')(shown[i]!), excel: excel(n, d, 2, 1, '\u00a0%') })).filter((x) => x.page !== x.excel);
    expect(wrong.slice(0, 5)).toEqual([]);
    // the two the audit found
    expect(fmt.format('.1%')((await embedded([[581, 2623]]))[0]!)).toBe('22,2\u00a0%');
    expect(fmt.format('.1%')((await embedded([[82, 160]]))[0]!)).toBe('51,3\u00a0%');
  });

  it('show small shares with two decimals (occupancy under 1 %) and ratios with two (O/E, four embedded) alike', async () => {
    const small = PAIRS.map(([n, d]): [number, number] => [n, d * 100]);
    const shownSmall = await embedded(small);
    expect(small.filter(([n, d], i) => fmt.format('.2%')(shownSmall[i]!) !== excel(n, d, 2, 2, '\u00a0%')).slice(0, 5)).toEqual([]);
    const ratios = PAIRS.map(([n, d]): [number, number] => [n * 3, d]);
    const shownRatios = await embedded(ratios, 4);
    expect(ratios.filter(([n, d], i) => fmt.format(',.2f')(shownRatios[i]!) !== excel(n, d, 0, 2, '')).slice(0, 5)).toEqual([]);
  });

  it('stay within a millionth of the value and keep whole numbers whole', async () => {
    const shown = await embedded(PAIRS);
    PAIRS.forEach(([n, d], i) => expect(Math.abs(shown[i]! - n / d)).toBeLessThan(6e-6));
    expect(await embedded([[15, 1], [0, 3], [340104, 1]])).toEqual([15, 0, 340104]);
  });
});
