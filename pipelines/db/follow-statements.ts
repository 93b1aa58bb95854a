/**
 * A drawn progress bar's detail for work that runs as long SQL statements: the item in work
 * and how far its statement has got, from DuckDB's own estimate ('teilnahmen.csv · checking
 * 45 %', 'core.participations 80 %'). A file of 5·10^6 rows or a table of 10^7 rows is one
 * statement of 10–40 s; the bar showed its name without moving. The figure never falls back
 * within an item: the short statements after its long one start at 0 again.
 */
import type { Progress } from '../effects.ts';
import type { Db } from './database.ts';

export interface StatementProgress {
  /** The item now in work and, if it has several, its step (shown until its statement reports). */
  item(name: string, step?: string): void;
  stop(): void;
}

/** Undefined when nothing is drawn (a pipe, a log, CI): then there is nothing to follow. */
export async function followStatements(db: Db, progress: Progress): Promise<StatementProgress | undefined> {
  if (!progress.live) return undefined;
  let label = '';
  let furthest = 0;
  const stop = await db.watchProgress((percent) => {
    furthest = Math.max(furthest, percent);
    progress.tick(0, `${label} ${Math.floor(furthest)} %`);
  });
  return {
    item: (name, step) => {
      const next = step === undefined ? name : `${name} · ${step}`;
      if (next === label) return;
      label = next;
      furthest = 0;
      progress.tick(0, label);
    },
    stop,
  };
}
