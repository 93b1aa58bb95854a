/** Shared fixtures of the schedule and ops tests: a temp project dir, a config, a writer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../pipelines/config.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { withDb } from '../../pipelines/commands/open-db.ts';
import type { Db } from '../../pipelines/db/database.ts';
import { allRuns } from '../../pipelines/schedule/job-ledger.ts';

export interface TempProject {
  readonly dir: string;
  readonly config: Config;
  readonly withWriter: <T>(work: (db: Db) => Promise<T>) => Promise<T>;
  readonly ledger: (job?: string) => ReturnType<typeof allRuns>;
  cleanup(): void;
}

export function tempProject(): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'almp-ops-'));
  const config = loadConfig({ db: join(dir, 'data', 'almp.duckdb') }, { ALMP_PSEUDONYM_KEY: 'test-key-0123456789abcdef' });
  const withWriter = <T>(work: (db: Db) => Promise<T>) => withDb(config, work, { waitMs: 20_000 });
  return {
    dir,
    config,
    withWriter,
    ledger: (job) => withWriter((db) => allRuns(db, job)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Quiet effects with a real (or given) clock. */
export function liveEffects(now: () => Date = () => new Date()) {
  return { ...quietEffects(), now };
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
