/**
 * The identity of an instance in its exports. An export is the instance's whole current
 * state; a state instance that loads a later export of it replaces the earlier one, so
 * records erased or dropped at the Jobcenter (almp forget) leave the state too. By key
 * alone they stayed: one person erased at a Jobcenter changed 596 of 168,963 state rows.
 *
 * The identity belongs to the database file where it lives: a copy of the file (a new
 * Jobcenter instance set up from an existing one) exports as another instance; with the
 * same identity its first export would have retired every record of the original at the
 * state. A database moved to another path also exports as a new instance: its records replace
 * the old instance's by key, but what the old one alone holds (a person erased after the move)
 * stays current at the state until the operator says `--replaces` (replace-instance.ts).
 */
import { resolve } from 'node:path';
import type { Db } from '../db/database.ts';

/** This database's instance id, made on the first export from this file's path. */
export async function instanceId(db: Db): Promise<string> {
  const path = resolve(db.path);
  const known = await db.json<{ id: string }>('SELECT instance_id AS id FROM meta.instance WHERE db_path = $path LIMIT 1', { path });
  if (known[0]) return known[0].id;
  const id = (await db.json<{ id: string }>('SELECT uuid()::VARCHAR AS id'))[0]!.id;
  await db.transaction(async () => {
    await db.run('DELETE FROM meta.instance');
    // in UTC like every time almp stores: current_timestamp::TIMESTAMP is the session's local time
    await db.run("INSERT INTO meta.instance VALUES ($id, $path, current_timestamp AT TIME ZONE 'UTC')", { id, path });
  });
  return id;
}
