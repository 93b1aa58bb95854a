/**
 * Work done by hand (`almp ingest`, `run`, `dashboards`, `returns`, `npm start`) is a run of
 * the scheduler's job of the same name: `almp status` said "ingest never run" and "returns
 * NOT written yet" right after `npm start` had done both. A return counts for the period it
 * names (item "return <layout> <period> …"), so writing an old period by hand does not stop
 * the scheduler from writing the one that is due. The output folder is recorded too: outputs
 * written elsewhere (`almp run --out /tmp/x`) do not stand for the schedule's `out`.
 */
import { resolve } from 'node:path';
import type { Db } from '../db/database.ts';
import type { ItemResult } from '../results.ts';
import { LAYOUTS } from '../../reports/build.ts';
import { recordManualRun } from '../schedule/job-ledger.ts';

const RETURN_JOB = { quarter: 'quarterly_return', year: 'annual_return' } as const;

/** `out`: the output folder (dashboards); none for an ingest. */
export async function recordByHand(db: Db, job: 'ingest' | 'dashboards', startedAt: Date, endedAt: Date, items: readonly ItemResult[], out?: string): Promise<void> {
  if (items.length > 0) await recordManualRun(db, job, startedAt, endedAt, items, out === undefined ? undefined : resolve(out));
}

/** Returns by their cadence; an item of no layout (the whole step failed or was skipped) goes to both. */
export async function recordReturnsByHand(db: Db, startedAt: Date, endedAt: Date, items: readonly ItemResult[], out: string): Promise<void> {
  const jobOf = (name: string) => {
    const layout = LAYOUTS.find((l) => name.startsWith(`return ${l.id} `));
    return layout ? [RETURN_JOB[layout.periodType]] : Object.values(RETURN_JOB);
  };
  for (const job of Object.values(RETURN_JOB)) {
    const mine = items.filter((i) => jobOf(i.name).includes(job));
    // a step skipped as a whole (no figures) did not write anything: not a run that produced
    if (mine.length > 0 && !mine.every((i) => i.status === 'skipped')) await recordManualRun(db, job, startedAt, endedAt, mine, resolve(out));
  }
}
