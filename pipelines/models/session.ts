/** Session state every model reads: the as-of date, the disclosure threshold, the run id, the macros (and meta.build_parameters for the marts). */
import { DEFAULT_MEMORY_LIMIT, type Db } from '../db/database.ts';
import { CAPPED_FROM_PARTICIPATIONS, parseBytes, participationRecords } from '../db/memory-limit.ts';
import { ModelError } from '../errors.ts';
import type { Project } from './discover.ts';

export interface SessionVariables {
  asOf: string;
  suppressionThreshold: number;
  runId: number;
}

/**
 * With the project's default memory limit the build gets buildMemoryBytes of buffer memory
 * (spilling to disk beyond it): 1 GB up to ~3.3·10^6 participation records, so that the whole
 * process keeps under 2 GB RSS at 10^6, and more for more data. A lower configured limit is
 * kept, and so is an explicitly larger one (ALMP_MEMORY_LIMIT); so is the default for fewer
 * than CAPPED_FROM_PARTICIPATIONS participation records. Returns a function that
 * restores the previous settings.
 */
export async function limitResources(db: Db): Promise<() => Promise<void>> {
  const [row] = await db.json<{ order: string }>(`select current_setting('preserve_insertion_order')::VARCHAR as "order"`);
  const previousOrder = row?.order ?? 'true';
  const configured = parseBytes(db.memoryLimit);
  const defaultLimit = configured > BUILD_MEMORY_BYTES && configured <= DEFAULT_LIMIT_BYTES * 1.01;
  const participations = defaultLimit ? await participationRecords(db) : 0;
  const capped = defaultLimit && participations >= CAPPED_FROM_PARTICIPATIONS;
  if (capped) await db.run(`SET memory_limit = '${Math.round(buildMemoryBytes(participations) / 1e6)}MB'`);
  // Model tables need no particular row order (readers sort); dropping it saves memory.
  await db.run('SET preserve_insertion_order = false');
  return async () => {
    if (capped) await db.run('SET memory_limit = $v', { v: db.memoryLimit });
    await db.run(`SET preserve_insertion_order = ${previousOrder === 'false' ? 'false' : 'true'}`);
  };
}

const BUILD_MEMORY_BYTES = 1024 ** 3;
const DEFAULT_LIMIT_BYTES = parseBytes(DEFAULT_MEMORY_LIMIT);
/** At least 1 GB (DuckDB's GB, 10^9 bytes): at 10^6 participations the build spills up to 1.15 GB under it and keeps under 2 GB RSS. */
const BUILD_MEMORY_MIN = 1e9;
/**
 * Beyond that, buffer memory per participation record: at 10^7 the build ran out of 1 GB
 * in mart.indicator_values and completed with 3 GB at 5.4 GB RSS.
 */
const BYTES_PER_PARTICIPATION = 300;

/** The build's memory limit under the default configuration, for this many participation records. */
export function buildMemoryBytes(participations: number): number {
  return Math.max(BUILD_MEMORY_MIN, participations * BYTES_PER_PARTICIPATION);
}

export async function prepareSession(db: Db, project: Project, vars: SessionVariables): Promise<void> {
  await db.run('SET VARIABLE as_of = $asOf::DATE', { asOf: vars.asOf });
  await db.run('SET VARIABLE suppression_threshold = $t::INTEGER', { t: vars.suppressionThreshold });
  await db.run('SET VARIABLE run_id = $r::INTEGER', { r: vars.runId });
  for (const macro of project.macros) {
    try {
      await db.run(macro.sql);
    } catch (error) {
      throw new ModelError(`Macro file failed: ${String(error)}`, 'macros', macro.file, 'Fix the macro definition.');
    }
  }
  await writeBuildParameters(db);
}

/**
 * The marts read the build's parameters from this one-row table, not from DuckDB session
 * variables or macros, so that their SQL runs on PostgreSQL too (issue 7,
 * test/models/portable-marts.test.ts). last_final_day is computed once here by the core
 * macro that the core models use (the 3-month rule of indicators.md).
 */
async function writeBuildParameters(db: Db): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE meta.build_parameters AS
     SELECT getvariable('as_of')::DATE AS as_of, getvariable('suppression_threshold')::INTEGER AS suppression_threshold,
       getvariable('run_id')::INTEGER AS run_id, core.last_final_day()::DATE AS last_final_day`,
  );
}
