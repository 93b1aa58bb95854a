/**
 * A database file opened and bootstrapped as almp opens one. Where there is none yet, it is a
 * copy of one this run bootstrapped first (template-db.ts): a new file's bootstrap (its tables
 * and the reference data) took 88–94 ms with the open and close, a copy of a bootstrapped
 * one 27 ms, and the suite makes several hundred. What bootstrap does to a new file is tested
 * on new files (test/db).
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { closedDatabase, openFromTemplate } from './template-db.ts';

export async function bootstrapped(path: string): Promise<Db> {
  // a file there, or no folder yet (Db.open makes it as almp does): opened as it is
  const copied = !existsSync(path) && existsSync(dirname(path));
  const db = copied ? await openFromTemplate('bootstrapped', path, (at) => closedDatabase(at, (made) => bootstrap(made))) : await Db.open(path);
  // as at every open (a copy holds this layout already: nothing changes)
  await bootstrap(db);
  return db;
}
