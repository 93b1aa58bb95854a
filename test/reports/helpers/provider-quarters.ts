/**
 * A quarterly Jobcenter workbook's reader over measures stated by hand: each measure's provider
 * and its exits and dropouts in Q1..Q4 („Austritte“), the providers' year figures on
 * „Trägervergleich“ their sums (expected: 30 % of the exits), the follow-up rates' denominators
 * the exits. Small counts are flagged as the mart flags them.
 */
import type { MartReader } from '../../../reports/model/mart-reader.ts';
import { fakeReader } from './fake-reader.ts';

export type MeasureQuarters = Record<string, { readonly provider: string; readonly exits: readonly number[]; readonly dropouts: readonly number[] }>;

const small = (n: number): boolean => n > 0 && n < 5;
const FOLLOW_UP = ['report_on_time_rate', 'debriefing_rate', 'employed_on_leaving_rate', 'integration_rate_6m'];
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export function providerQuartersReader(measures: MeasureQuarters, jobcenter: string): MartReader {
  const providers = [...new Set(Object.values(measures).map((x) => x.provider))].sort();
  return fakeReader(
    (id) => {
      if (id === 'jobcenter_measures') return Object.entries(measures).map(([m, x]) => ({ row_key: m, measure_id: m, instrument: 'X', provider_id: x.provider, jobcenter_id: jobcenter }));
      if (id !== 'funnel_providers') return [];
      return providers.map((p) => {
        const of = Object.values(measures).filter((x) => x.provider === p);
        const exits = sum(of.map((x) => sum(x.exits)));
        const observed = sum(of.map((x) => sum(x.dropouts)));
        const expected = exits * 0.3;
        return { row_key: p, provider_id: p, exits, observed, expected, oe_ratio: observed / expected, ci_low: 0.5, ci_high: 1.5, suppressed: small(exits) || small(observed), jobcenter_id: jobcenter };
      });
    },
    (set) => {
      for (const [m, { exits, dropouts }] of Object.entries(measures)) {
        exits.forEach((e, i) => {
          const quarter = (i + 1) as 1 | 2 | 3 | 4;
          const hide = small(e) || small(dropouts[i]!);
          set(m, { indicator: 'dropout_rate', quarter }, e ? dropouts[i]! / e : 0, hide);
          set(m, { indicator: 'dropout_rate', field: 'numerator', quarter }, dropouts[i]!, hide);
          set(m, { indicator: 'dropout_rate', field: 'denominator', quarter }, e, hide);
          // „Nachbetreuung“: every window over (the quarters lie long before the Datenstand), so
          // the rates' denominators are the exits; the rates themselves are not stated ('–')
          for (const indicator of FOLLOW_UP) set(m, { indicator, field: 'denominator', quarter }, e, small(e));
        });
      }
    },
  );
}
