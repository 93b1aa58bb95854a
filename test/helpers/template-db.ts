/**
 * A database that several test files build alike (the bundled samples ingested and built
 * with the same key and as-of) is built once per test run and copied: the first file that
 * asks builds it under a lock, the others wait for it and copy the file. The folder belongs
 * to this run (test/helpers/global-setup.ts makes and removes it), so a copy never comes
 * from code older than the run. Outside such a run every caller builds its own.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';

/** A builder that has not finished by then has died with its worker: build our own. */
const WAIT_MS = 150_000;

/**
 * Opens `target`, a copy of template `name` (made once by `make(path)`, which must leave a
 * closed, checkpointed database at path).
 */
export async function openFromTemplate(name: string, target: string, make: (path: string) => Promise<void>): Promise<Db> {
  await copyTemplate(name, target, make);
  return Db.open(target);
}

async function copyTemplate(name: string, target: string, make: (path: string) => Promise<void>): Promise<void> {
  const dir = templateDir();
  if (!dir) return make(target);
  const file = join(dir, `${name}.duckdb`);
  const lock = join(dir, `${name}.lock`);
  const started = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - started > WAIT_MS) return make(target);
    try {
      mkdirSync(lock);
    } catch {
      await sleep(250);
      continue;
    }
    const building = join(dir, `${name}.${process.pid}.building`);
    try {
      await make(building);
      renameSync(building, file);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  copyFileSync(file, target);
}

function templateDir(): string | undefined {
  try {
    return inject('templateDir') || undefined;
  } catch {
    return undefined; // not inside a vitest worker (a script importing the helpers)
  }
}

/** Builds a database with `fill` and leaves it closed and checkpointed (no WAL to copy). */
export async function closedDatabase(path: string, fill: (db: Db) => Promise<void>): Promise<void> {
  const db = await Db.open(path);
  try {
    await fill(db);
    await db.checkpoint();
  } finally {
    db.close();
  }
}
