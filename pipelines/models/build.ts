/**
 * Builds every SQL model in dependency order inside ONE transaction, so readers see either
 * the old marts or all of the new ones. Phases: discover → resolve as-of → order →
 * build (models + data-quality checks) → commit or roll back → record the run → report.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/database.ts';
import { ident } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import { AlmpError } from '../errors.ts';
import type { ItemResult } from '../results.ts';
import { checkGivenAsOf, futureEvents, resolveAsOf } from './as-of.ts';
import { runCheckQueries } from './check.ts';
import { discoverProject, type Project, type SqlModel } from './discover.ts';
import { dependants, topologicalOrder, type Node } from './graph.ts';
import { ensureRunLog, nextRunId, recordChecks, recordModels, type CheckResult } from './run-log.ts';
import { limitResources, prepareSession } from './session.ts';
import { recordMartsBuilt } from './marts-version.ts';
import { checkSummary, modelTable } from './summary.ts';
import { exportsBehindNote } from '../federation/exports-behind.ts';
import { forStorageVersion, storageVersionOf } from '../db/storage-format.ts';

export interface ModelBuildOptions {
  asOf?: string;
  suppressionThreshold?: number;
  /** Told as soon as the new marts are committed (what a Ctrl-C leaves changes there). */
  onCommitted?: (asOf: string) => void;
}

export interface ModelBuildResult {
  asOf: string;
  /** The warning that a given as-of lies after the latest date in the data, if it does. */
  asOfBeyondData?: string;
  /** The warning that instance exports loaded here are as of a day before the as-of, if any are. */
  exportsBehind?: string;
  models: ItemResult[];
  checks: { name: string; severity: 'error' | 'warning' | 'info'; description: string; failing: number }[];
}

/** The checks run as one step of the graph: after what they read, before mart.data_quality. */
const CHECKS_NODE = 'checks';

type Step = Node & { model?: SqlModel };

function steps(project: Project): Step[] {
  const checkNode: Step = {
    name: CHECKS_NODE,
    dependsOn: [...new Set(project.checks.flatMap((c) => c.dependsOn))],
    produces: ['meta.check_results', 'meta.check_results_jobcenter'],
  };
  return [...project.models.map((m) => ({ name: m.name, dependsOn: m.dependsOn, model: m })), checkNode];
}

function isView(model: SqlModel): boolean {
  return /create\s+or\s+replace\s+view/i.test(model.sql);
}

/** Which model relations exist and whether each is a view: one catalogue query per build. */
async function existingViews(db: Db): Promise<Map<string, boolean>> {
  const rows = await db.all<{ name: string; is_view: boolean }>(
    `select table_schema || '.' || table_name as name, table_type = 'VIEW' as is_view from information_schema.tables
     where table_schema in ('staging', 'core', 'mart')`,
  );
  return new Map(rows.map((r) => [r.name, r.is_view]));
}

/** CREATE OR REPLACE cannot turn a table into a view (or back): drop the old one first. */
async function dropIfKindChanged(db: Db, model: SqlModel, existing: ReadonlyMap<string, boolean>): Promise<void> {
  const existingIsView = existing.get(model.name);
  if (existingIsView === undefined || existingIsView === isView(model)) return;
  // IF EXISTS: an earlier CASCADE of this build may have dropped it already
  await db.run(`DROP ${existingIsView ? 'VIEW' : 'TABLE'} IF EXISTS ${relationName(model.name)} CASCADE`);
}

function relationName(name: string): string {
  return name.split('.').map(ident).join('.');
}

export async function buildModels(db: Db, options: ModelBuildOptions, effects: Effects): Promise<ModelBuildResult> {
  return buildProject(db, discoverProject(), options, effects);
}

/** buildModels for a given set of models (tests build a copy of sql/ with a broken model). */
export async function buildProject(db: Db, project: Project, options: ModelBuildOptions, effects: Effects): Promise<ModelBuildResult> {
  const asOf = await resolveAsOf(db, options.asOf, effects.now());
  const beyond = await checkGivenAsOf(db, options.asOf, asOf, undefined, effects.now());
  if (beyond) effects.warn(beyond);
  const future = options.asOf === undefined ? await futureEvents(db, effects.now()) : undefined;
  if (future) effects.warn(future);
  const threshold = options.suppressionThreshold ?? 5;
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new AlmpError(`Suppression threshold ${threshold} is not a positive whole number`, 'Use e.g. 5 (values 1..4 are suppressed).', 2);
  }
  const order = topologicalOrder(steps(project));
  await ensureRunLog(db);
  const runId = await nextRunId(db);
  const startedAt = effects.now();
  effects.log.info({ asOf, threshold, runId, models: order.length }, 'model build started');

  const done: ItemResult[] = [];
  let checks: CheckResult[] = [];
  let failure: { name: string; error: string } | undefined;

  const restore = await limitResources(db);
  await db.run('BEGIN TRANSACTION');
  try {
    await prepareSession(db, project, { asOf, suppressionThreshold: threshold, runId });
    const existing = await existingViews(db);
    const storage = await storageVersionOf(db);
    // a bar on a terminal: a build at 10^6 participations runs for a minute or more
    const progress = effects.progress('Models', order.length, { eta: false });
    try {
      for (const step of order) {
        progress.tick(0, step.name);
        const t0 = performance.now();
        try {
          if (step.model) {
            await dropIfKindChanged(db, step.model, existing);
            await db.run(forStorageVersion(step.model.sql, storage));
            // Views are computed where they are read: counting their rows would compute them twice.
            const rows = isView(step.model) ? undefined : await db.scalar(`select count(*) from ${relationName(step.name)}`);
            done.push({ name: step.name, status: 'success', ms: Math.round(performance.now() - t0), rows });
          } else {
            checks = await runCheckQueries(db, project.checks, effects);
            await recordChecks(db, runId, asOf, startedAt, checks);
            done.push({ name: step.name, status: 'success', ms: Math.round(performance.now() - t0), rows: checks.length });
          }
        } catch (error) {
          failure = { name: step.name, error: error instanceof Error ? error.message : String(error) };
          done.push({ name: step.name, status: 'error', ms: Math.round(performance.now() - t0), error: failure.error });
          break;
        }
        progress.tick();
      }
    } finally {
      progress.stop();
    }
    if (!failure) await recordMartsBuilt(db, project, runId, asOf, startedAt);
  } catch (error) {
    // Macros or session variables failed: nothing was built.
    failure = { name: 'macros', error: error instanceof Error ? error.message : String(error) };
  }
  await db.run(failure ? 'ROLLBACK' : 'COMMIT');
  if (!failure) options.onCommitted?.(asOf);
  // what the build could use, for the hint below (before the stage's own limit comes back)
  const buildLimit = failure && OUT_OF_MEMORY.test(failure.error) ? String((await db.json<{ m: string }>(`select current_setting('memory_limit') as m`))[0]?.m ?? '?') : undefined;
  await restore();

  const models = complete(order, done, failure?.name);
  await db.transaction(async () => {
    await recordModels(db, runId, asOf, startedAt, models);
    if (failure && checks.length > 0) await recordChecks(db, runId, asOf, startedAt, checks);
  });

  for (const line of modelTable(models, asOf)) effects.out(line);
  for (const line of checkSummary(checks)) effects.out(line);
  if (failure) {
    effects.warn(`Model ${failure.name} failed: ${failure.error}`);
    effects.warn('The build was rolled back: the marts are those of the previous successful run.');
    if (buildLimit !== undefined) effects.warn(outOfMemoryHint(buildLimit));
  }
  effects.log.info({ runId, failed: failure?.name ?? null }, 'model build finished');
  const exportsBehind = failure ? undefined : await exportsBehindNote(db);
  if (exportsBehind) effects.warn(exportsBehind);
  return { asOf, models, checks, ...(beyond ? { asOfBeyondData: beyond } : {}), ...(exportsBehind ? { exportsBehind } : {}) };
}

const OUT_OF_MEMORY = /Out of Memory/i;

/**
 * DuckDB's own advice ("SET memory_limit='...GB'") is not a setting of almp; what is, and
 * how much the figures of issue 7's 10^7 run suggest.
 */
export function outOfMemoryHint(limit: string): string {
  return `The build ran out of the memory DuckDB may use (${limit}; beyond it, it spills to disk, but some steps cannot). Give it more with ALMP_MEMORY_LIMIT — about 3GB for 10^7 participations (the process then peaks near 5.5 GB) — and run again.`;
}

/** Results for every step: what ran, what failed, what depends on it (not_run), the rest (skipped). */
function complete(order: readonly Step[], done: readonly ItemResult[], failed: string | undefined): ItemResult[] {
  const downstream = failed ? dependants(order, failed) : new Set<string>();
  const ran = new Map(done.map((d) => [d.name, d]));
  return order.map(
    (s) =>
      ran.get(s.name) ??
      (failed === undefined || downstream.has(s.name) || failed === 'macros'
        ? { name: s.name, status: 'not_run' as const }
        : { name: s.name, status: 'skipped' as const, error: `not built: the build stopped at ${failed}` }),
  );
}
