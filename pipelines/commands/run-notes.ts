/**
 * What Ctrl-C leaves at each phase of `almp run` (and `almp start`), for the line the signal
 * handler prints (ops/exit-on-signal.ts). The build commits all models at once; the outputs
 * and the snapshot for readers follow it, so an interruption after the commit leaves marts
 * newer than what `almp query`, BI tools and the files in --out show — which no one was told.
 */
import { almpCommand, shellWord } from '../config.ts';
import { germanDate } from '../models/as-of.ts';
import type { Db } from '../db/database.ts';

export interface RunNotes {
  readonly beforeCommit: string;
  modelsBuilt(asOf: string): string;
  outputsWritten(asOf: string): string;
}

/** While the command starts, opens the database or waits for its lock: the first note (an interruption said nothing more). */
export const RUN_NOT_STARTED = 'nothing of this run was stored yet; the marts, the snapshot and the outputs are as they were — run the command again';

const READERS = 'the snapshot for readers (almp query, BI tools)';

export function runNotes(outDir: string, previous: string | undefined, dbPath: string): RunNotes {
  const before = previous === undefined ? '' : ` (the build before was as of ${germanDate(previous)})`;
  const again = almpCommand('run', dbPath, '--out', shellWord(outDir));
  return {
    beforeCommit: 'nothing of this run was stored (the build rolled back); the marts, the snapshot and the outputs are as they were — run the command again',
    modelsBuilt: (asOf) =>
      `the models were built and stored as of ${germanDate(asOf)}, but ${READERS} and the outputs in ${outDir} are not yet of this build${before} — run \`${again}\` again to bring them level`,
    outputsWritten: (asOf) => `the models and the outputs in ${outDir} are as of ${germanDate(asOf)}, but ${READERS} is not yet${before} — run \`${again}\` again to publish it`,
  };
}

/** After the snapshot was published: only the process's own end was left. */
export function runCompleteNote(asOf: string): string {
  return `the run was complete: the models, the outputs and ${READERS} are as of ${germanDate(asOf)}`;
}

/** The as-of of the marts before this build, or undefined when there are none yet. */
export async function previousAsOf(db: Db): Promise<string | undefined> {
  const rows = await db.json<{ d: string | null }>('SELECT CAST(max(as_of) AS VARCHAR) AS d FROM meta.marts_built').catch(() => []);
  return rows[0]?.d ?? undefined;
}
