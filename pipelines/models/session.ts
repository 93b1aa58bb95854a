/** Session state every model reads: the as-of date, the disclosure threshold, the run id, the macros. */
import type { Db } from '../db/database.ts';
import { ModelError } from '../errors.ts';
import type { Project } from './discover.ts';

export interface SessionVariables {
  asOf: string;
  suppressionThreshold: number;
  runId: number;
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
}
