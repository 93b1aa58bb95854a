/**
 * `writeReturns`: the Excel returns for funders, from mart.* only.
 * Phases: settings (as-of, disclosure threshold) → periods → plan (which workbook for which
 * Jobcenter) → per workbook: assemble (load + suppress) → render. One ItemResult per
 * workbook; a failing workbook does not stop the others.
 */
import { basename, join } from 'node:path';
import type { Db } from '../pipelines/db/database.ts';
import { withReadingMemory } from '../pipelines/db/memory-limit.ts';
import type { Effects } from '../pipelines/effects.ts';
import type { ItemResult } from '../pipelines/results.ts';
import { ESF_PARTICIPANTS } from './layouts/esf.ts';
import { QUARTERLY_CONTROLLING } from './layouts/quarterly.ts';
import { STATE_ANNUAL } from './layouts/state-annual.ts';
import type { WorkbookLayout } from './layouts/types.ts';
import { assembleWorkbook, type WorkbookModel } from './model/assemble.ts';
import type { ReturnContext } from './model/context.ts';
import { loadCoverData } from './model/cover-data.ts';
import { MartReader } from './model/mart-reader.ts';
import { readRevision, saveRevision } from './model/revision.ts';
import { germanDateTime } from './render/changes.ts';
import { loadSettings, periodContext, resolvePeriods } from './period.ts';
import { refusePeriodOutsideData } from './period-bounds.ts';
import { hasFigures, noFiguresReason } from '../pipelines/publish/no-figures.ts';
import { fileNamePart } from '../pipelines/file-name.ts';
import { CliError } from '../pipelines/errors.ts';

export const LAYOUTS: readonly WorkbookLayout[] = [STATE_ANNUAL, ESF_PARTICIPANTS, QUARTERLY_CONTROLLING];

export interface ReturnsOptions {
  outDir: string;
  period?: string;
  jobcenterId?: string;
}

interface PlannedReturn {
  readonly layout: WorkbookLayout;
  readonly context: ReturnContext;
  readonly path: string;
}

const FILE_STEM: Readonly<Record<string, string>> = {
  'state-annual': 'landesprogramm-jahresmeldung',
  'esf-participants': 'esf-plus-teilnehmende',
  'quarterly-controlling': 'jobcenter-controlling',
};


export function unknownJobcenter(jobcenterId: string, known: readonly string[]): CliError {
  return new CliError(`Jobcenter ${jobcenterId} has no measures in the data (known: ${known.join(', ') || 'none'}).`, 'Check the Jobcenter number, or leave --jobcenter out for every Jobcenter.');
}

export async function planReturns(db: Db, options: ReturnsOptions): Promise<PlannedReturn[]> {
  const settings = await loadSettings(db);
  const periods = await resolvePeriods(db, settings.asOf, options.period);
  await refusePeriodOutsideData(db, options.period, settings.asOf, options.jobcenterId);
  const known = (await db.all<{ j: string }>('select distinct jobcenter_id as j from mart.return_measures order by 1')).map((r) => r.j);
  if (options.jobcenterId && !known.includes(options.jobcenterId)) throw unknownJobcenter(options.jobcenterId, known);
  const jobcenters = options.jobcenterId ? [options.jobcenterId] : known;
  const plan: PlannedReturn[] = [];
  for (const layout of LAYOUTS) {
    const period = layout.periodType === 'year' ? periods.year : periods.quarter;
    const scopes = layout.scope === 'jobcenter' ? jobcenters : [options.jobcenterId ?? null];
    for (const jobcenterId of scopes) {
      const suffix = jobcenterId ? `-${fileNamePart(jobcenterId)}` : '';
      plan.push({
        layout,
        context: periodContext(settings, layout.periodType, period, jobcenterId),
        path: join(options.outDir, 'returns', `${FILE_STEM[layout.id] ?? layout.id}-${period}${suffix}.xlsx`),
      });
    }
  }
  return plan;
}

type Assembled = { model: WorkbookModel; ms: number } | { error: unknown };

/** Never rejects: a failure becomes this workbook's error result. */
async function assemble(reader: MartReader, item: PlannedReturn): Promise<Assembled> {
  const t0 = performance.now();
  try {
    return { model: await assembleWorkbook(reader, item.layout, item.context), ms: performance.now() - t0 };
  } catch (error) {
    return { error };
  }
}

export async function writeReturns(db: Db, options: ReturnsOptions, effects: Effects): Promise<ItemResult[]> {
  return withReadingMemory(db, () => writeReturnFiles(db, options, effects));
}

async function writeReturnFiles(db: Db, options: ReturnsOptions, effects: Effects): Promise<ItemResult[]> {
  let plan: PlannedReturn[];
  let cover;
  try {
    plan = await planReturns(db, options);
    if (!(await hasFigures(db))) {
      const reason = await noFiguresReason(db);
      effects.warn(`Returns not written: ${reason}.`);
      return [{ name: 'returns', status: 'skipped', error: reason }];
    }
    cover = await loadCoverData(db);
  } catch (error) {
    // A request that names what is not there is refused, not a failed run: the caller
    // says so with exit code 2, and the returns jobs' ledger (almp status) stays as it was.
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    effects.warn(`Returns not written: ${message}`);
    return [{ name: 'returns', status: 'error', error: message }];
  }
  // the writer (and exceljs, ~0.8 s of a process start) only once there is a workbook to
  // write: a request refused above, or returns with no figures, never needed it
  const { writeWorkbook } = await import('./render/write-workbook.ts');
  const results: ItemResult[] = [];
  // Jobcenter workbooks share their queries when there are several of them.
  const reader = new MartReader(db, plan.filter((p) => p.context.jobcenterId !== null).length > 1);
  // Their shared queries start now, on a second connection, while the state-wide workbooks
  // are assembled and written.
  const firstJobcenter = plan.find((p) => p.context.jobcenterId !== null);
  if (firstJobcenter) reader.prefetch(firstJobcenter.layout, firstJobcenter.context);
  // Versions are read and recorded on a connection of their own: the next workbook's
  // queries run on the first one meanwhile, and must not fall into this transaction.
  const ledger = await db.instance.connect();
  const progress = effects.progress('Returns', plan.length, { eta: false });
  try {
    // The next workbook's queries run while this one is rendered (DuckDB works on its own
    // threads, the rendering on this one).
    let next = plan[0] ? assemble(reader, plan[0]) : undefined;
    for (let i = 0; i < plan.length; i++) {
      const item = plan[i]!;
      const name = `return ${item.layout.id} ${item.context.period}${item.context.jobcenterId ? ` ${item.context.jobcenterId}` : ''}`;
      progress.tick(0, basename(item.path));
      const assembled = await next!;
      next = plan[i + 1] ? assemble(reader, plan[i + 1]!) : undefined;
      const t0 = performance.now();
      try {
        if ('error' in assembled) throw assembled.error;
        const revision = await readRevision(ledger, name.replace(/^return /, ''), assembled.model);
        // the same figures written again are the same version: its file keeps the time that
        // version was first written ('Erstellt am' moved while 'Fassung 1' and its record stayed)
        const rows = await writeWorkbook(assembled.model, cover, item.path, { created: revision.recordedAt ?? effects.now(), revision });
        await saveRevision(ledger, revision, effects.now(), basename(item.path));
        if (revision.isNew && revision.previous) {
          const n = revision.changes.length;
          effects.warn(`${name}: version ${revision.version}, ${n === 1 ? '1 figure differs' : `${n} figures differ`} from version ${revision.previous.version} (written ${germanDateTime(revision.previous.writtenAt)}, as of ${revision.previous.asOf.split('-').reverse().join('.')}); the cover marks it as ${revision.previous.asOf === revision.asOf ? 'corrected' : 'updated to the new as-of'} and its sheet 'Änderungen' lists them.`);
        }
        results.push({ name, status: 'success', ms: Math.round(assembled.ms + performance.now() - t0), rows, path: item.path });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        effects.log.error({ return: name, err: message }, 'return failed');
        results.push({ name, status: 'error', ms: Math.round(performance.now() - t0), error: message });
      }
      progress.tick();
    }
  } finally {
    progress.stop();
    ledger.closeSync();
    await reader.close();
  }
  return results;
}
