/**
 * `almp run`: build the models, then write dashboards and returns from the marts.
 * Phases: models → dashboards → returns. A failed model build marks the outputs not_run
 * (the previous marts stay in place, so nothing half-built is published).
 */
import { join } from 'node:path';
import { refuseUnwritableOut } from '../folders.ts';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import type { ItemResult } from '../results.ts';
import { buildModels, type ModelBuildResult } from '../models/build.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import type { DashboardFormat } from '../../dashboards/formats.ts';
import { unknownJobcenter, writeReturns } from '../../reports/build.ts';
import { refusePeriodAfterAsOf } from '../../reports/period-bounds.ts';
import { germanDate, resolveAsOf } from '../models/as-of.ts';
import { martsWithoutParticipations } from '../models/marts-version.ts';
import { printResults } from './print-results.ts';
import { recordManualRun } from '../schedule/job-ledger.ts';
import { recordByHand, recordReturnsByHand } from './record-by-hand.ts';
import { ifInterrupted } from '../interruption.ts';
import { previousAsOf, runNotes } from './run-notes.ts';
import { openRejectsNote } from './open-rejects-note.ts';

export interface RunOptions {
  readonly asOf?: string;
  readonly outDir: string;
  readonly suppressionThreshold: number;
  readonly period?: string;
  readonly jobcenterId?: string;
  /** Dashboard files to write (default: HTML, SVG and PNG). */
  readonly dashboardFormats?: DashboardFormat[];
}

export interface RunResult {
  readonly models: ModelBuildResult;
  readonly outputs: ItemResult[];
}

export async function runPipeline(db: Db, options: RunOptions, effects: Effects): Promise<RunResult> {
  refuseUnwritableOut(options.outDir, 'Nothing was built');
  await refuseUnknownJobcenter(db, options.jobcenterId);
  refusePeriodAfterAsOf(options.period, await resolveAsOf(db, options.asOf, effects.now()));
  const startedAt = effects.now();
  const notes = runNotes(options.outDir, await previousAsOf(db), db.path);
  ifInterrupted(notes.beforeCommit);
  const models = await buildModels(db, { asOf: options.asOf, suppressionThreshold: options.suppressionThreshold, onCommitted: (asOf) => ifInterrupted(notes.modelsBuilt(asOf)) }, effects);
  const modelsFailed = models.models.some((m) => m.status === 'error');
  // A build by hand is a run of the models job too: `almp status` shows it, and the
  // scheduler does not build again what this run built.
  await recordManualRun(db, 'models', startedAt, effects.now(), models.models.map((m) => ({ name: m.name, status: m.status === 'error' ? 'error' : 'success', rows: m.rows })));
  let outputs: ItemResult[];
  const empty = modelsFailed ? undefined : await martsWithoutParticipations(db);
  if (modelsFailed) {
    outputs = [
      { name: 'dashboards', status: 'not_run', error: 'model build failed' },
      { name: 'returns', status: 'not_run', error: 'model build failed' },
    ];
  } else if (empty) {
    // the checks above still say what the other files hold (reports that match no participation)
    outputs = [
      { name: 'dashboards', status: 'error', error: empty },
      { name: 'returns', status: 'error', error: empty },
    ];
  } else {
    const dashboardsAt = effects.now();
    const dashboards = await writeDashboards(db, { outDir: options.outDir, formats: options.dashboardFormats }, effects);
    await recordByHand(db, 'dashboards', dashboardsAt, effects.now(), dashboards, options.outDir);
    const returnsAt = effects.now();
    const returns = await writeReturns(db, { outDir: options.outDir, period: options.period, jobcenterId: options.jobcenterId }, effects);
    await recordReturnsByHand(db, returnsAt, effects.now(), returns, options.outDir);
    outputs = [...dashboards, ...returns];
    ifInterrupted(notes.outputsWritten(models.asOf));
  }
  printResults('Outputs', outputs, effects);
  const failed = outputs.filter((o) => o.status === 'error').length;
  if (failed > 0 && !modelsFailed) effects.warn(`${failed} of ${outputs.length} outputs could not be written (FAILED above); the run exits with code 1.`);
  if (outputs.some((o) => o.status === 'success')) effects.out(`Outputs are in ${join(options.outDir)} (as of ${germanDate(models.asOf)}).`);
  const rejected = await openRejectsNote(db, effects.now());
  if (rejected) effects.warn(rejected);
  // said before the build, it scrolled away under 60 lines of models, checks and outputs
  if (models.asOfBeyondData) effects.warn(`Note: ${models.asOfBeyondData}.`);
  if (models.exportsBehind) effects.warn(`Note: ${models.exportsBehind}.`);
  return { models, outputs };
}

/**
 * A mistyped --jobcenter (6411 for 06411), like a --period after the as-of, is refused before
 * the build: it was refused by the returns after the models had been rebuilt and the
 * dashboards written (18 s at 20,000 participations), and the snapshot for readers was then
 * not published.
 */
async function refuseUnknownJobcenter(db: Db, jobcenterId: string | undefined): Promise<void> {
  if (jobcenterId === undefined) return;
  const known = (await db.all<{ j: string }>('SELECT DISTINCT jobcenter_id AS j FROM raw.measures WHERE _current ORDER BY 1')).map((r) => r.j);
  if (!known.includes(jobcenterId)) throw unknownJobcenter(jobcenterId, known);
}
