/**
 * A rate or ratio as a cell stores it: 4 decimals, not the mart's full double — the figure the
 * return states, not 16 digits of it. This does not hide the counts of a small group: the
 * simplest fraction within ±0.00005 of 0.8889 is 8/9 (every fraction with a denominator up to
 * 60 comes back so, a review found), as the display „88,9 %“ already narrows it; a rate shown
 * without its counts is protected by hiding it with them (ColumnLayout.hiddenWith), not by
 * its digits.
 *
 * Rounded as Excel rounds a decimal, half away from zero, on the value's 15 significant
 * digits (a double just below 0.03125 still rounds up). Excel then rounds the stored number
 * once more to display it ('0.0 %' three decimals of the fraction, '0.00' two): where the 4
 * decimals end in a 5 that is a tie for every coarser display, and a value that was not the
 * tie itself would show rounded the wrong way (10/81 = 0.12346 → 0.1235 → „12,4 %“, the
 * mart's value shows „12,3 %“). Such a figure moves one digit further towards the side its
 * value lies on (0.12349), as the dashboards' embedded figures do (dashboards/data/shown-number.ts);
 * a value that is the tie exactly (0.125) stays: Excel rounds it as it would the mart's value.
 */
import type { Format } from '../layouts/types.ts';

export const STORED_DECIMALS = 4;

/** Half away from zero at `decimals`, on 15 significant digits (the binary noise of a double removed first). */
function roundHalfAway(value: number, decimals: number): number {
  const scaled = Number((Math.abs(value) * 10 ** decimals).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / 10 ** decimals;
}

export function storedRate(value: number, decimals = STORED_DECIMALS): number {
  if (!Number.isFinite(value)) return value;
  const r = roundHalfAway(value, decimals);
  const digits = String(Math.round(Math.abs(r) * 10 ** decimals)).replace(/0+$/, '');
  const tie = !Number.isInteger(r) && digits.endsWith('5');
  if (!tie || Math.abs(value - r) <= 1e-12) return r;
  return roundHalfAway(r + Math.sign(value - r) * 10 ** -(decimals + 1), decimals + 1);
}

/** The number a cell of this format stores: rates and ratios rounded (storedRate), everything else as it is. */
export function storedNumber(format: Format, value: number): number {
  return format === 'rate' || format === 'ratio' ? storedRate(value) : value;
}
