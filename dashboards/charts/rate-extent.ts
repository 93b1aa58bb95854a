/**
 * The value axis of a rate chart from all it draws: the rates and the tops of their 95 %
 * intervals. Taken from the rates alone, with the intervals cut at the plot's edge, an
 * interval wider than the rates ran to the top of the axis and its end could not be seen (a
 * review: "bands run past the top of the axis"). An interval's top counts at most 1 (Wilson's
 * are within 0–1 anyway): an axis of rates never passes 100 %, unless a rate itself does
 * (occupancy of an overbooked measure, which has no interval).
 */
import type { VlSpec } from './kit.ts';

/**
 * A layer that draws nothing visible and carries the value scale: one invisible point at the
 * highest value or interval top of the rows. Vega-Lite takes a scale's domain from the one
 * layer that sets it (the others' fields are left out), and a domain set on the interval
 * layer itself counts its two ends as two conflicting domains. `override`: channels the
 * layer inherits and must not use (a group's yOffset).
 */
export function rateExtent(channel: 'x' | 'y', scale: VlSpec, override: VlSpec = {}): VlSpec {
  const across = channel === 'x' ? 'y' : 'x';
  return {
    transform: [
      { calculate: 'max(isValid(datum.v) ? datum.v : 0, isValid(datum.hi) ? min(datum.hi, 1) : 0)', as: 'extent_top' },
      { aggregate: [{ op: 'max', field: 'extent_top', as: 'extent_top' }] },
    ],
    mark: { type: 'point', opacity: 0, size: 0, aria: false },
    encoding: { [channel]: { field: 'extent_top', type: 'quantitative', scale }, [across]: { value: 0 }, ...override },
  };
}
