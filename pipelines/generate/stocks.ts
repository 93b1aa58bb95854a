/**
 * Monthly stock figures per Jobcenter (ELB, unemployed, long-term recipients), scaled to
 * the participants the generator actually put into activating measures, so that the
 * activation rates land where German Jobcenters are (about 10–25 %, domain.md).
 */
import { monthEnd, monthIndexOf, monthStart } from './days.ts';
import type { Jobcenter, Period } from './organisations.ts';
import type { Rng } from './random.ts';
import type { Row } from './row.ts';

export class StockTracker {
  readonly firstMonth: number;
  readonly lastMonth: number;
  private readonly active: Int32Array[];
  private readonly activeLtr: Int32Array[];

  constructor(
    private readonly jobcenters: readonly Jobcenter[],
    period: Period,
  ) {
    this.firstMonth = monthIndexOf(period.start);
    // Only complete months: the current month's stock is not reported yet.
    const asOfMonth = monthIndexOf(period.asOf);
    this.lastMonth = monthEnd(asOfMonth) <= period.asOf ? asOfMonth : asOfMonth - 1;
    const months = Math.max(0, this.lastMonth - this.firstMonth + 1);
    this.active = jobcenters.map(() => new Int32Array(months));
    this.activeLtr = jobcenters.map(() => new Int32Array(months));
  }

  /** A participation in an activating measure was active on the last day of `month`. */
  count(jobcenterIndex: number, month: number, longTermRecipient: boolean): void {
    const i = month - this.firstMonth;
    if (i < 0 || month > this.lastMonth) return;
    (this.active[jobcenterIndex] as Int32Array)[i]! += 1;
    if (longTermRecipient) (this.activeLtr[jobcenterIndex] as Int32Array)[i]! += 1;
  }

  write(rng: Rng, sink: { write(row: Row): void }): void {
    this.jobcenters.forEach((jc, j) => {
      const active = this.active[j] as Int32Array;
      const recent = active.slice(Math.max(0, active.length - 24));
      const steady = Math.max(20, recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length));
      for (let i = 0; i < active.length; i++) {
        const month = this.firstMonth + i;
        // Early months see measures still filling up; the benefit caseload does not shrink with them.
        const base = Math.max(active[i]!, 0.75 * steady) / jc.activationTarget;
        const elb = Math.round(base * (1 + 0.02 * rng.normal()));
        const season = 1 + 0.04 * Math.cos((2 * Math.PI * (month % 12)) / 12);
        sink.write({
          jobcenter_id: jc.id,
          month: monthStart(month),
          elb,
          unemployed: Math.round(elb * jc.unemployedShare * season),
          long_term_recipients: Math.round(elb * jc.longTermRecipientShare * (1 + 0.01 * rng.normal())),
        });
      }
    });
  }
}
