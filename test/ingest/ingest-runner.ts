/**
 * Child process for the crash tests: `node --import tsx ingest-runner.ts <db> <files> <kind>`
 * (files comma-separated, ingested in one call as `almp ingest` does). Logs at debug level
 * to stdout, so the parent sees "ingest: writing rows" (inside a file's transaction) and
 * can kill the process right there; a line "ready" (as JSON, with the time) once the
 * database is open.
 */
import pino from 'pino';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { isKind } from '../../pipelines/schema/kinds.ts';
import { KEY } from './helpers.ts';

const [dbPath = '', files = '', kind = ''] = process.argv.slice(2);
if (!isKind(kind)) throw new Error(`unknown kind ${kind}`);
const db = await Db.open(dbPath);
await bootstrap(db);
process.stdout.write(`${JSON.stringify({ msg: 'ready', time: Date.now() })}\n`);
const effects = { ...quietEffects(), log: pino({ level: 'debug' }, pino.destination({ dest: 1, sync: true })) };
const results = await ingestPaths(db, { paths: files.split(','), kind, key: KEY }, effects);
process.stdout.write(`${JSON.stringify({ done: results.map((r) => r.status).join(',') })}\n`);
db.close();
