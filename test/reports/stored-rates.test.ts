/**
 * Rates and ratios are stored as the return shows them, to 4 decimals, not at the mart's full
 * precision: the quarterly return's rate-only sheets (Zähler und Nenner „nicht auf dem Blatt“)
 * stored 0.888… for 8 of 9, and a continued fraction gave both counts back. The rounding
 * must not change what Excel displays (one more rounding to '0.0 %' or '0.00'). The sample
 * returns' cells: returns-samples.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { storedRate } from '../../reports/render/stored-number.ts';

/** Excel's display: half away from zero on the decimal value. */
const shown = (v: number, decimals: number): string => (Math.sign(v) * Math.round(Number((Math.abs(v) * 10 ** decimals).toPrecision(15)))).toString();

describe('storedRate', () => {
  it('keeps 4 decimals, rounding half away from zero', () => {
    expect(storedRate(8 / 9)).toBe(0.8889);
    expect(storedRate(2 / 3)).toBe(0.6667);
    expect(storedRate(1 / 32)).toBe(0.0313); // 0.03125: a tie at the 5th decimal
    expect(storedRate(41 / 800)).toBe(0.0513); // 0.05125, a double just below it
    expect(storedRate(0.125)).toBe(0.125);
    expect(storedRate(1)).toBe(1);
    expect(storedRate(0)).toBe(0);
  });

  it('shows as the mart value shows, at every coarser number of decimals', () => {
    expect(storedRate(10 / 81)).toBe(0.12349); // 0.1235 would show „12,4 %“ for 12,3457 %
    for (let d = 1; d <= 200; d++) {
      for (let n = 0; n <= d; n++) {
        for (const decimals of [1, 2, 3]) expect(shown(storedRate(n / d), decimals), `${n}/${d} at ${decimals}`).toBe(shown(n / d, decimals));
        expect(Math.abs(storedRate(n / d) - n / d)).toBeLessThanOrEqual(0.00005 + 1e-12);
      }
    }
  });
});
