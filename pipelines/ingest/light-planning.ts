/**
 * A small file's validation statement is planned without two of DuckDB's optimizer passes.
 * The statement is ~60–100 KB of SQL whatever the file holds, and for a file of a few hundred
 * rows planning it is nearly all its time (a file of final reports: 117 ms to plan, 2–5 ms to
 * run). The common-subexpression and expression-rewriter passes were a quarter of that plan
 * (15 of 27 ms for the statement's first three steps alone); what they save in running the
 * checks pays for them only on larger files: on 20,000 final reports (3.9 MB) planning
 * lightly was as fast, on 100,000 (19 MB) 6 % slower. Leaving a pass out changes no result.
 */
import { statSync } from 'node:fs';
import type { Db } from '../db/database.ts';

/** Below these sizes a file is planned lightly: text as written, and the compressed formats (about a tenth). */
const LIGHT_TEXT_BYTES = 1024 * 1024;
const LIGHT_COMPRESSED_BYTES = 128 * 1024;

/** Whether the checks of the file at `path` are planned lightly. */
export function plansLightly(path: string, compressed: boolean): boolean {
  return statSync(path).size < (compressed ? LIGHT_COMPRESSED_BYTES : LIGHT_TEXT_BYTES);
}

/**
 * Runs `work` with the two passes left out when `light`, and with every pass again after it,
 * also when it fails. Both callers run it outside a transaction, where a failed statement
 * leaves the reset possible; inside one DuckDB refuses every statement until the rollback,
 * and the reset's refusal must not hide the error that caused it.
 */
export async function plannedLightly<T>(db: Db, light: boolean, work: () => Promise<T>): Promise<T> {
  if (!light) return work();
  await db.run("SET disabled_optimizers = 'common_subexpressions,expression_rewriter'");
  let failed = true;
  try {
    const result = await work();
    failed = false;
    return result;
  } finally {
    await db.run("SET disabled_optimizers = ''").catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}
